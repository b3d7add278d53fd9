import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFixtureDate, resolveFixtureDate } from '../../../../src/apis/wll/parser/parse-fixture.js';

const NOW = new Date('2025-03-01T10:00:00Z');

describe('resolveFixtureDate', () => {
  it.each([
    ['@today', 'UTC', '2025-03-01'],
    ['@today-1d', 'UTC', '2025-02-28'],
    ['@today+1d', 'UTC', '2025-03-02'],
    ['@today-45d', 'UTC', '2025-01-15'],
    ['@today-0d', 'UTC', '2025-03-01'],
    ['@today-1d', 'America/Los_Angeles', '2025-02-28'],
    ['@today', 'Pacific/Kiritimati', '2025-03-02'],
    ['2019-08-28', 'Pacific/Kiritimati', '2019-08-28'],
  ])('%s in %s → %s', (value, zone, date) => {
    expect(resolveFixtureDate(value, NOW, zone)).toBe(date);
  });
});

describe('isFixtureDate', () => {
  it.each([
    ['@today', true],
    ['@today-1d', true],
    ['@today+9999d', true],
    ['2024-02-29', true],
    ['@today+10000d', false],
    ['@today-1', false],
    ['@today - 1d', false],
    ['@yesterday', false],
    ['2025-02-29', false],
    ['28/08/2019', false],
    ['', false],
  ])('%s → %s', (value, valid) => {
    expect(isFixtureDate(value)).toBe(valid);
  });

  it('every date it accepts resolves to a calendar date', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^@today([+-]\d{1,5}d)?$/)),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        (value, seconds) => {
          if (!isFixtureDate(value)) return;
          expect(resolveFixtureDate(value, new Date(seconds * 1000), 'Europe/London')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
    );
  });
});
