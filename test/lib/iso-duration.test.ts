import { describe, expect, it } from 'vitest';
import { addIsoDuration, InvalidDurationError, parseIsoDuration } from '../../src/lib/iso-duration.js';

const from = new Date('2026-01-31T12:00:00.000Z');

describe('addIsoDuration', () => {
  it.each([
    ['PT16M', '2026-01-31T12:16:00.000Z'],
    ['PT15M', '2026-01-31T12:15:00.000Z'],
    ['P365D', '2027-01-31T12:00:00.000Z'],
    ['P1DT2H', '2026-02-01T14:00:00.000Z'],
    ['P2W', '2026-02-14T12:00:00.000Z'],
    ['P1Y', '2027-01-31T12:00:00.000Z'],
    ['P1M', '2026-03-03T12:00:00.000Z'],
    ['PT0.5S', '2026-01-31T12:00:00.500Z'],
    ['PT1,5S', '2026-01-31T12:00:01.500Z'],
    ['-PT5M', '2026-01-31T11:55:00.000Z'],
    ['+PT1H', '2026-01-31T13:00:00.000Z'],
    ['PT36H', '2026-02-02T00:00:00.000Z'],
  ])('%s from 2026-01-31T12:00Z is %s', (duration, expected) => {
    expect(addIsoDuration(from, duration).toISOString()).toBe(expected);
  });
});

describe('parseIsoDuration', () => {
  it('reads every part', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      sign: 1, years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7,
    });
  });

  it.each(['', 'P', 'PT', 'P1DT', '16M', 'PT-5M', 'P1H', 'PT1D', 'P1.5D', 'pt5m', 'PT5M junk'])('refuses %j', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(InvalidDurationError);
  });
});
