/** One request counted against a limit. */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the current window ends (ms since the epoch). */
  resetAtMs: number;
}

interface Window {
  startMs: number;
  count: number;
}

/**
 * A fixed-window counter per key (Laravel's throttle works the same way). Process-local: each
 * sandbox process sharing a database counts on its own, so N processes let through up to N times
 * the limit. That is fine for a sandbox, where the limit is there to be hit on purpose.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowMs = 60_000,
    /** Memory bound: past this many keys, finished windows are swept, then the oldest dropped. */
    private readonly maxKeys = 50_000,
  ) {}

  hit(key: string, limit: number, nowMs: number): RateLimitVerdict {
    let window = this.windows.get(key);
    if (!window || nowMs >= window.startMs + this.windowMs || nowMs < window.startMs) {
      this.windows.delete(key);
      this.makeRoom(nowMs);
      window = { startMs: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.count < limit;
    if (allowed) window.count += 1;
    return { allowed, limit, remaining: Math.max(0, limit - window.count), resetAtMs: window.startMs + this.windowMs };
  }

  /** Drops every window whose key starts with `prefix` (a deleted or reset workspace's). */
  forget(prefix: string): void {
    for (const key of this.windows.keys()) if (key.startsWith(prefix)) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private makeRoom(nowMs: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) {
      if (nowMs >= window.startMs + this.windowMs) this.windows.delete(key);
    }
    // Map keeps insertion order, and a key is re-inserted when its window restarts: oldest first.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** Kangaroo's documented headers: limit and remaining always, reset (epoch seconds) once limited. */
export function rateLimitHeaders(verdict: RateLimitVerdict, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(verdict.limit),
    'x-ratelimit-remaining': String(verdict.remaining),
  };
  if (!verdict.allowed) {
    headers['x-ratelimit-reset'] = String(Math.ceil(verdict.resetAtMs / 1000));
    headers['retry-after'] = String(Math.max(1, Math.ceil((verdict.resetAtMs - nowMs) / 1000)));
  }
  return headers;
}
