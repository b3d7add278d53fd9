import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TENANT_SETTINGS,
  insufficientData,
  invalidDate,
  reviewReceipt,
  type ReviewContext,
  type TenantSettings,
} from '../../../../src/apis/wll/review/automated-review.js';
import type { ReceiptFacts } from '../../../../src/apis/wll/review/receipt-facts.js';

const facts = (overrides: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  ocrConfidence: 0.9,
  total: 12.5,
  serviceDate: '2025-06-14',
  serviceTime: '18:30',
  barcode: '012318432',
  transactionId: null,
  ...overrides,
});

describe('insufficient data', () => {
  it.each([
    ['no total', { total: null }, 'Not enough data to decide: the receipt has no total.'],
    ['no service date', { serviceDate: null }, 'Not enough data to decide: the receipt has no service date.'],
    ['a low OCR confidence', { ocrConfidence: 0.49 }, 'Not enough data to decide: the receipt has an OCR confidence of 0.49, below 0.5.'],
    [
      'all three',
      { total: null, serviceDate: null, ocrConfidence: 0 },
      'Not enough data to decide: the receipt has no total, no service date, an OCR confidence of 0, below 0.5.',
    ],
  ])('%s → PENDING/INSUFFICIENT_DATA', (_name, overrides, comment) => {
    expect(insufficientData(facts(overrides))).toEqual({ status: 'PENDING', reason: 'INSUFFICIENT_DATA', comment });
  });

  it.each([
    ['a complete receipt', {}],
    ['an OCR confidence of exactly 0.5', { ocrConfidence: 0.5 }],
    ['no time, barcode or transaction id', { serviceTime: null, barcode: null }],
    ['a total of 0', { total: 0 }],
  ])('%s is enough', (_name, overrides) => {
    expect(insufficientData(facts(overrides))).toBeUndefined();
  });
});

const UTC: TenantSettings = DEFAULT_TENANT_SETTINGS;
const tenant = (timeZone: string, maxReceiptAgeDays = 30): TenantSettings => ({ timeZone, maxReceiptAgeDays });
const FUTURE = 'future';
const TOO_OLD = 'too old';

describe('invalid date', () => {
  it.each<[string, TenantSettings, string, string, string | null, string | undefined]>([
    ['now, to the minute', UTC, '2025-06-15T12:00:00Z', '2025-06-15', '12:00', undefined],
    ['a minute ahead', UTC, '2025-06-15T12:00:00Z', '2025-06-15', '12:01', FUTURE],
    ['today without a time', UTC, '2025-06-15T00:00:01Z', '2025-06-15', null, undefined],
    ['tomorrow without a time', UTC, '2025-06-15T23:59:59Z', '2025-06-16', null, FUTURE],
    ['exactly 30 days ago', UTC, '2025-06-15T12:00:00Z', '2025-05-16', '12:00', undefined],
    ['30 days and a minute ago', UTC, '2025-06-15T12:00:00Z', '2025-05-16', '11:59', TOO_OLD],
    ['30 days ago without a time', UTC, '2025-06-15T12:00:00Z', '2025-05-16', null, undefined],
    ['31 days ago without a time', UTC, '2025-06-15T12:00:00Z', '2025-05-15', null, TOO_OLD],
    ['8 days ago with a 7-day limit', tenant('UTC', 7), '2025-06-15T12:00:00Z', '2025-06-07', null, TOO_OLD],
    ['7 days ago with a 7-day limit', tenant('UTC', 7), '2025-06-15T12:00:00Z', '2025-06-08', '12:00', undefined],
    // Auckland is already on the 11th when UTC is on the 10th: "today" there is not in the future.
    ['Auckland: its today, while UTC is still on yesterday', tenant('Pacific/Auckland'), '2025-01-10T20:00:00Z', '2025-01-11', '08:00', undefined],
    ['Auckland: later that morning', tenant('Pacific/Auckland'), '2025-01-10T20:00:00Z', '2025-01-11', '09:30', FUTURE],
    // Los Angeles is still on the 10th when UTC is on the 11th.
    ['Los Angeles: tonight, while UTC is already tomorrow', tenant('America/Los_Angeles'), '2025-01-11T03:00:00Z', '2025-01-10', '20:00', FUTURE],
    ['Los Angeles: the UTC date is its tomorrow', tenant('America/Los_Angeles'), '2025-01-11T03:00:00Z', '2025-01-11', null, FUTURE],
    // London springs forward on 2025-03-30: 10:15 that morning is 09:15 UTC.
    ['London, DST day: 10:15 BST before 09:30 UTC', tenant('Europe/London'), '2025-03-30T09:30:00Z', '2025-03-30', '10:15', undefined],
    ['London, DST day: 10:45 BST after 09:30 UTC', tenant('Europe/London'), '2025-03-30T09:30:00Z', '2025-03-30', '10:45', FUTURE],
    // The limit counts the tenant's calendar days: 30 days before 13:00 BST is 13:00 GMT, not 12:00.
    ['London, across DST: 30 days ago at 12:30 GMT', tenant('Europe/London'), '2025-04-15T12:00:00Z', '2025-03-16', '12:30', TOO_OLD],
    ['London, across DST: 30 days ago at 13:30 GMT', tenant('Europe/London'), '2025-04-15T12:00:00Z', '2025-03-16', '13:30', undefined],
  ])('%s', (_name, settings, now, serviceDate, serviceTime, expected) => {
    const decision = invalidDate(facts({ serviceDate, serviceTime }), new Date(now), settings);
    if (expected === undefined) return expect(decision).toBeUndefined();
    const shown = serviceTime === null ? serviceDate : `${serviceDate} ${serviceTime}`;
    expect(decision).toEqual({
      status: 'REJECTED',
      reason: 'INVALID_DATE',
      comment:
        expected === FUTURE
          ? `The service date ${shown} (${settings.timeZone}) is in the future.`
          : `The service date ${shown} (${settings.timeZone}) is more than ${settings.maxReceiptAgeDays} days ago.`,
    });
  });
});

const NOW = new Date('2025-06-15T12:00:00Z');

function context(overrides: Partial<ReviewContext> = {}): ReviewContext {
  return {
    now: NOW,
    tenant: UTC,
    isDuplicate: vi.fn(() => false),
    runRuleEngine: vi.fn(() => undefined),
    ...overrides,
  };
}

describe('reviewReceipt', () => {
  it('authorizes a receipt no step stops', async () => {
    expect(await reviewReceipt(facts(), context())).toEqual({
      status: 'AUTHORIZED',
      reason: 'VALID_DATA',
      verdict: 'AUTHORIZE',
      step: 'valid',
      comment: 'The receipt passed every automated check.',
    });
  });

  it('holds back a receipt without a total, before judging its future date', async () => {
    const review = await reviewReceipt(facts({ total: null, serviceDate: '2025-07-01' }), context());
    expect(review).toMatchObject({ status: 'PENDING', reason: 'INSUFFICIENT_DATA', verdict: 'ABSTAIN', step: 'insufficient-data' });
  });

  it('rejects a future date without asking whether it is a duplicate', async () => {
    const ctx = context({ isDuplicate: vi.fn(() => true) });
    const review = await reviewReceipt(facts({ serviceDate: '2025-06-16' }), ctx);
    expect(review).toMatchObject({ status: 'REJECTED', reason: 'INVALID_DATE', verdict: 'REJECT', step: 'date' });
    expect(ctx.isDuplicate).not.toHaveBeenCalled();
  });

  it('rejects a duplicate without running the rule engine', async () => {
    const ctx = context({ isDuplicate: vi.fn(async () => true) });
    const review = await reviewReceipt(facts({ transactionId: 'T-9' }), ctx);
    expect(review).toEqual({
      status: 'REJECTED',
      reason: 'DUPLICATE',
      verdict: 'REJECT',
      step: 'duplicate',
      comment: 'A receipt with barcode 012318432 or transactionId T-9 was already claimed.',
    });
    expect(ctx.isDuplicate).toHaveBeenCalledWith({ barcode: '012318432', transactionId: 'T-9' });
    expect(ctx.runRuleEngine).not.toHaveBeenCalled();
  });

  it('does not ask about duplicates when the receipt has neither barcode nor transaction id', async () => {
    const ctx = context();
    await reviewReceipt(facts({ barcode: null }), ctx);
    expect(ctx.isDuplicate).not.toHaveBeenCalled();
    expect(ctx.runRuleEngine).toHaveBeenCalledOnce();
  });

  it.each([
    [{ status: 'REJECTED' as const, reason: 'INVALID_VENUE' as const }, 'REJECT', 'The rule engine decided REJECTED (INVALID_VENUE).'],
    [{ status: 'PENDING' as const, reason: 'RULE_ENGINE_THREW_ERROR' as const, comment: 'Rule "x" threw.' }, 'ABSTAIN', 'Rule "x" threw.'],
  ])('takes the rule engine\'s decision %o', async (decision, verdict, comment) => {
    const review = await reviewReceipt(facts(), context({ runRuleEngine: async () => decision }));
    expect(review).toEqual({ status: decision.status, reason: decision.reason, verdict, step: 'rule-engine', comment });
  });

  it('judges dates by the tenant\'s timezone', async () => {
    const auckland = context({ now: new Date('2025-01-10T20:00:00Z'), tenant: tenant('Pacific/Auckland') });
    expect(await reviewReceipt(facts({ serviceDate: '2025-01-11', serviceTime: '08:00' }), auckland)).toMatchObject({ status: 'AUTHORIZED' });
    const utc = context({ now: new Date('2025-01-10T20:00:00Z') });
    expect(await reviewReceipt(facts({ serviceDate: '2025-01-11', serviceTime: '08:00' }), utc)).toMatchObject({ reason: 'INVALID_DATE' });
  });
});
