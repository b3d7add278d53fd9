import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KangarooCaller } from '../../../src/apis/kangaroo/caller-auth.js';
import { RateLimitRepository } from '../../../src/apis/kangaroo/db/rate-limit-repository.js';
import { DEFAULT_REQUESTS_PER_MINUTE, RateLimitGate } from '../../../src/apis/kangaroo/rate-limit-gate.js';
import { FixedWindowRateLimiter, rateLimitHeaders } from '../../../src/apis/kangaroo/rate-limiter.js';
import { apiErrorOf, kangarooWorld, OTHER_WORKSPACE } from './world.js';

describe('FixedWindowRateLimiter', () => {
  it('lets `limit` hits through per window, then refuses until the window ends', () => {
    const limiter = new FixedWindowRateLimiter(60_000);
    const verdicts = [0, 10, 20].map((t) => limiter.hit('token', 2, 1_000 + t));
    expect(verdicts.map((v) => [v.allowed, v.remaining])).toEqual([
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(verdicts[2]!.resetAtMs).toBe(61_000);
    expect(limiter.hit('token', 2, 60_999).allowed).toBe(false);
    expect(limiter.hit('token', 2, 61_000)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAtMs: 121_000 });
  });

  it('counts each key on its own', () => {
    const limiter = new FixedWindowRateLimiter();
    limiter.hit('a', 1, 0);
    expect(limiter.hit('a', 1, 1).allowed).toBe(false);
    expect(limiter.hit('b', 1, 1).allowed).toBe(true);
  });

  it('starts a new window when real time steps back', () => {
    const limiter = new FixedWindowRateLimiter();
    limiter.hit('a', 1, 10_000);
    expect(limiter.hit('a', 1, 5_000).allowed).toBe(true);
  });

  it('keeps at most maxKeys windows, dropping finished ones first', () => {
    const limiter = new FixedWindowRateLimiter(1_000, 3);
    limiter.hit('old', 1, 0);
    limiter.hit('a', 1, 1_500);
    limiter.hit('b', 1, 1_500);
    limiter.hit('c', 1, 1_600);
    expect(limiter.size).toBe(3);
    expect(limiter.hit('b', 1, 1_700).allowed).toBe(false);
    limiter.hit('d', 1, 1_700);
    expect(limiter.size).toBeLessThanOrEqual(3);
  });

  it('never lets more than `limit` hits through in one window, whatever the timing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 200 }), (limit, gaps) => {
        const limiter = new FixedWindowRateLimiter(1_000, 10);
        const allowedPerWindow = new Map<number, number>();
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const verdict = limiter.hit('k', limit, now);
          expect(verdict.remaining).toBeGreaterThanOrEqual(0);
          if (verdict.allowed) allowedPerWindow.set(verdict.resetAtMs, (allowedPerWindow.get(verdict.resetAtMs) ?? 0) + 1);
        }
        for (const count of allowedPerWindow.values()) expect(count).toBeLessThanOrEqual(limit);
      }),
    );
  });
});

describe('rate-limit headers', () => {
  it('carry limit and remaining, and reset (epoch seconds) with retry-after once limited', () => {
    expect(rateLimitHeaders({ allowed: true, limit: 240, remaining: 239, resetAtMs: 60_000 }, 0)).toEqual({
      'x-ratelimit-limit': '240',
      'x-ratelimit-remaining': '239',
    });
    expect(rateLimitHeaders({ allowed: false, limit: 240, remaining: 0, resetAtMs: 1_700_000_060_500 }, 1_700_000_030_000)).toEqual({
      'x-ratelimit-limit': '240',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1700000061',
      'retry-after': '31',
    });
  });
});

describe('RateLimitGate', () => {
  const caller = (workspaceId: string, tokenHash = 't1'): KangarooCaller => ({ workspaceId, clientId: 'c', userEmail: null, tokenHash });

  function gate(enabledByDefault: boolean) {
    const world = kangarooWorld();
    let now = 1_000_000;
    const gate = new RateLimitGate(new RateLimitRepository(world.db), new FixedWindowRateLimiter(), { enabledByDefault }, () => now);
    return { gate, tick: (ms: number) => (now += ms) };
  }

  it('lets everything through without headers while off (the test default)', () => {
    const { gate: off } = gate(false);
    for (let i = 0; i < DEFAULT_REQUESTS_PER_MINUTE + 5; i++) expect(off.admit(caller('demo'))).toEqual({});
  });

  it('counts 240 a minute per token when on, then answers 429 with the headers', () => {
    const { gate: on, tick } = gate(true);
    for (let i = 0; i < 239; i++) on.admit(caller('demo'));
    expect(on.admit(caller('demo'))).toEqual({ 'x-ratelimit-limit': '240', 'x-ratelimit-remaining': '0' });
    const error = apiErrorOf(() => on.admit(caller('demo')));
    expect(error.statusCode).toBe(429);
    expect(error.details).toEqual({
      description: 'More than 240 requests in a minute with this access token; retry after 60 seconds.',
      headers: { 'x-ratelimit-limit': '240', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1060', 'retry-after': '60' },
    });
    expect(on.admit(caller('demo', 't2'))['x-ratelimit-remaining']).toBe('239');
    tick(60_000);
    expect(on.admit(caller('demo'))['x-ratelimit-remaining']).toBe('239');
  });

  it('takes each workspace\'s own limit and switch', () => {
    const { gate: off } = gate(false);
    off.configure('demo', { requestsPerMinute: 2, enabled: true });
    off.admit(caller('demo'));
    off.admit(caller('demo'));
    expect(apiErrorOf(() => off.admit(caller('demo'))).statusCode).toBe(429);
    expect(off.admit(caller(OTHER_WORKSPACE))).toEqual({});
    expect(off.settingsOf('demo')).toEqual({ requestsPerMinute: 2, enabled: true });
    off.configure('demo', { requestsPerMinute: 2, enabled: null });
    expect(off.admit(caller('demo'))).toEqual({});
  });

  it('lets a workspace opt out while the sandbox limits', () => {
    const { gate: on } = gate(true);
    on.configure(OTHER_WORKSPACE, { requestsPerMinute: 1, enabled: false });
    for (let i = 0; i < 5; i++) expect(on.admit(caller(OTHER_WORKSPACE))).toEqual({});
    expect(on.settingsOf('demo')).toEqual({ requestsPerMinute: 240, enabled: true });
  });
});
