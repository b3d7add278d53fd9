import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, MAX_BACKOFF_MS, retryDelayMs } from '../../src/webhooks/delivery-policy.js';

describe('retryDelayMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [7, 64_000],
    [8, undefined],
    [9, undefined],
  ])('by default, after %i failed attempts waits %s ms', (attemptsMade, delay) => {
    expect(retryDelayMs(DEFAULT_DELIVERY_POLICY, attemptsMade)).toBe(delay);
  });

  it('doubles from the configured first wait, and never waits more than an hour', () => {
    const policy = { maxAttempts: 20, backoffMs: 50, timeoutMs: 1 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n))).toEqual([50, 100, 200, 400]);
    expect(retryDelayMs({ ...policy, backoffMs: 3_600_000 }, 19)).toBe(MAX_BACKOFF_MS);
  });

  it('is a finite wait that never shrinks, for any policy, until the attempts are used', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3_600_000 }), fc.integer({ min: 1, max: 25 }), (maxAttempts, backoffMs, attemptsMade) => {
        const policy = { maxAttempts, backoffMs, timeoutMs: 1 };
        const delay = retryDelayMs(policy, attemptsMade);
        if (attemptsMade >= maxAttempts) return delay === undefined;
        const next = retryDelayMs(policy, attemptsMade + 1);
        return Number.isFinite(delay) && delay! >= 1 && delay! <= MAX_BACKOFF_MS && (next === undefined || next >= delay!);
      }),
    );
  });
});
