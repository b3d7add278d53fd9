import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAmount, receiptFactsOf, servedAtOf } from '../../../../src/apis/wll/review/receipt-facts.js';

describe('readAmount', () => {
  it.each<[string | number | undefined, number | null]>([
    [12.5, 12.5],
    [0, 0],
    ['12.50', 12.5],
    ['  12.50 ', 12.5],
    ['£12.50', 12.5],
    ['$ 7', 7],
    ['€3,99', 3.99],
    ['-4.20', -4.2],
    ['110.9900', 110.99],
    ['1,234', null],
    ['1,234.56', null],
    ['12.3.4', null],
    ['Hello, world!', null],
    ['', null],
    ['.5', null],
    ['1e3', null],
    ['Infinity', null],
    [Number.NaN, null],
    [undefined, null],
  ])('%j → %j', (value, amount) => {
    expect(readAmount(value)).toBe(amount);
  });

  it('reads any string quickly, to a finite number or null, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 64 }), fc.stringMatching(/^[£$€]?-?\d{1,14}([.,]\d{0,5})?$/)), (value) => {
        const started = performance.now();
        const amount = readAmount(value);
        // Milliseconds, not seconds; the margin over the sub-millisecond cost is for GC pauses on a loaded machine.
        expect(performance.now() - started).toBeLessThan(250);
        expect(amount === null || Number.isFinite(amount)).toBe(true);
      }),
    );
  });
});

describe('receiptFactsOf', () => {
  it('takes the values of the parsed fields, and the transaction id it is given', () => {
    const facts = receiptFactsOf(
      {
        ocrConfidence: 0.76,
        serviceDate: { value: '2019-08-28', confidence: 0.89 },
        serviceTime: { value: '22:34', confidence: 0.89 },
        total: { value: '23.45', confidence: 0.9 },
        barcode: { value: 'SB-1', confidence: 0.9 },
        lineItems: [],
      },
      'T-1',
    );
    expect(facts).toEqual({
      ocrConfidence: 0.76,
      total: 23.45,
      serviceDate: '2019-08-28',
      serviceTime: '22:34',
      barcode: 'SB-1',
      transactionId: 'T-1',
    });
  });

  it('leaves what the receipt does not show as null', () => {
    expect(receiptFactsOf({ ocrConfidence: 0, lineItems: [] })).toEqual({
      ocrConfidence: 0,
      total: null,
      serviceDate: null,
      serviceTime: null,
      barcode: null,
      transactionId: null,
    });
  });
});

describe('servedAtOf', () => {
  it.each<[string | null, string | null, string, string | null]>([
    ['2025-07-10', '20:00', 'Europe/London', '2025-07-10T19:00:00.000Z'],
    ['2025-07-10', '20:00:30', 'UTC', '2025-07-10T20:00:30.000Z'],
    ['2025-07-10', null, 'Europe/London', '2025-07-09T23:00:00.000Z'],
    ['2025-01-11', null, 'Pacific/Auckland', '2025-01-10T11:00:00.000Z'],
    [null, '20:00', 'UTC', null],
  ])('%s %s in %s → %s', (serviceDate, serviceTime, zone, servedAt) => {
    expect(servedAtOf({ serviceDate, serviceTime }, zone)).toBe(servedAt);
  });
});
