import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, instantAt, isTimeZone, localDateTimeAt } from '../../../../src/apis/wll/review/tenant-time.js';

describe('localDateTimeAt', () => {
  it.each([
    ['UTC', '2025-01-10T20:00:00.000Z', '2025-01-10', '20:00:00'],
    ['Europe/London', '2025-01-10T20:00:00.000Z', '2025-01-10', '20:00:00'],
    ['Europe/London', '2025-07-10T23:30:00.000Z', '2025-07-11', '00:30:00'],
    ['Pacific/Auckland', '2025-01-10T20:00:00.000Z', '2025-01-11', '09:00:00'],
    ['America/Los_Angeles', '2025-01-11T03:00:00.000Z', '2025-01-10', '19:00:00'],
    ['Asia/Kolkata', '2025-01-10T20:00:00.000Z', '2025-01-11', '01:30:00'],
  ])('in %s, %s is %s %s', (zone, instant, date, time) => {
    expect(localDateTimeAt(new Date(instant), zone)).toEqual({ date, time });
  });
});

describe('instantAt', () => {
  it.each([
    ['UTC', '2025-01-10', '20:00', '2025-01-10T20:00:00.000Z'],
    ['Europe/London', '2025-01-10', '20:00:00', '2025-01-10T20:00:00.000Z'],
    ['Europe/London', '2025-07-10', '20:00:00', '2025-07-10T19:00:00.000Z'],
    ['Pacific/Auckland', '2025-01-11', '09:00', '2025-01-10T20:00:00.000Z'],
    ['America/Los_Angeles', '2025-01-10', '19:00', '2025-01-11T03:00:00.000Z'],
    // Spring forward in London: 01:00 GMT becomes 02:00 BST, so 00:59 is the last GMT minute…
    ['Europe/London', '2025-03-30', '00:59', '2025-03-30T00:59:00.000Z'],
    // …01:30 never happens and moves forward by the gap, to 02:30 BST…
    ['Europe/London', '2025-03-30', '01:30', '2025-03-30T01:30:00.000Z'],
    // …and 10:15 that morning is BST, not the day's first offset.
    ['Europe/London', '2025-03-30', '10:15', '2025-03-30T09:15:00.000Z'],
    // Fall back: 01:30 happens twice; the earlier (BST) one is meant.
    ['Europe/London', '2025-10-26', '01:30', '2025-10-26T00:30:00.000Z'],
    ['America/New_York', '2025-11-02', '01:30', '2025-11-02T05:30:00.000Z'],
  ])('in %s, %s %s is %s', (zone, date, time, instant) => {
    expect(instantAt(date, time, zone).toISOString()).toBe(instant);
  });

  it('gives back an instant whose wall-clock time is the one asked for, or its earlier twin', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Pacific/Auckland', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), fc.constantFrom(...zones), (seconds, zone) => {
        const instant = new Date(seconds * 1000);
        const local = localDateTimeAt(instant, zone);
        const back = instantAt(local.date, local.time, zone);
        expect(localDateTimeAt(back, zone)).toEqual(local);
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - back.getTime()).toBeLessThanOrEqual(2 * 60 * 60 * 1000);
      }),
    );
  });
});

describe('addDays', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-30', -30, '2025-02-28'],
    ['2025-06-15', 0, '2025-06-15'],
  ])('%s %+d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/London', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['../../etc/passwd', false],
  ])('%s → %s', (name, known) => {
    expect(isTimeZone(name)).toBe(known);
  });
});
