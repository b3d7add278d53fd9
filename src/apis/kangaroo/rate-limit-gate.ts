import type { KangarooCaller } from './caller-auth.js';
import type { RateLimitRepository, RateLimitSettings } from './db/rate-limit-repository.js';
import { kangarooError } from './errors.js';
import { rateLimitHeaders, type FixedWindowRateLimiter } from './rate-limiter.js';

/** Kangaroo: "240 requests/minute per token or IP". */
export const DEFAULT_REQUESTS_PER_MINUTE = 240;

export interface RateLimitOptions {
  /** Sandbox-wide: on when serving, off in tests; a workspace's own setting overrides it. */
  enabledByDefault: boolean;
  requestsPerMinute?: number;
}

/**
 * Counts each API call against its workspace's limit, per access token. Counted in real time,
 * not the sandbox clock: a limit is about how fast requests arrive, and moving a workspace's
 * clock should not reset it.
 */
export class RateLimitGate {
  private readonly defaultPerMinute: number;

  constructor(
    private readonly settings: RateLimitRepository,
    private readonly limiter: FixedWindowRateLimiter,
    private readonly options: RateLimitOptions,
    private readonly realNow: () => number = Date.now,
  ) {
    this.defaultPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  }

  /** The headers to answer with; throws Kangaroo's 429 (with them) once the token is over its limit. */
  admit(caller: KangarooCaller): Record<string, string> {
    const settings = this.settingsOf(caller.workspaceId);
    if (!settings.enabled) return {};
    const nowMs = this.realNow();
    const verdict = this.limiter.hit(`${windowPrefix(caller.workspaceId)}${caller.tokenHash}`, settings.requestsPerMinute, nowMs);
    const headers = rateLimitHeaders(verdict, nowMs);
    if (!verdict.allowed) {
      throw kangarooError(
        'too_many_requests',
        `More than ${verdict.limit} requests in a minute with this access token; retry after ${headers['retry-after']} seconds.`,
        headers,
      );
    }
    return headers;
  }

  settingsOf(workspaceId: string): { requestsPerMinute: number; enabled: boolean } {
    const stored = this.settings.find(workspaceId);
    return {
      requestsPerMinute: stored?.requestsPerMinute ?? this.defaultPerMinute,
      enabled: stored?.enabled ?? this.options.enabledByDefault,
    };
  }

  /** Sets a workspace's limit, or turns limiting on or off for it (null: the sandbox-wide setting). */
  configure(workspaceId: string, settings: RateLimitSettings): void {
    this.settings.save(workspaceId, settings);
  }

  /** Changes what is given and keeps the rest; answers the settings in force afterwards. */
  update(workspaceId: string, change: { requestsPerMinute?: number | undefined; enabled?: boolean | null | undefined }) {
    const stored = this.settings.find(workspaceId);
    this.configure(workspaceId, {
      requestsPerMinute: change.requestsPerMinute ?? stored?.requestsPerMinute ?? this.defaultPerMinute,
      enabled: change.enabled === undefined ? (stored?.enabled ?? null) : change.enabled,
    });
    return this.settingsOf(workspaceId);
  }

  /** A deleted or reset workspace's counters go with it. */
  forget(workspaceId: string): void {
    this.limiter.forget(windowPrefix(workspaceId));
  }
}

function windowPrefix(workspaceId: string): string {
  return `${workspaceId}\u0000`;
}
