/** How the sandbox tries to deliver an event: configurable, so tests need not wait seconds. */
export interface DeliveryPolicy {
  /** Attempts in all, the first included; a 2xx ends them sooner. */
  maxAttempts: number;
  /** The wait after the first failed attempt; each later wait doubles it. */
  backoffMs: number;
  /** How long one attempt may take, the answer's first bytes included. */
  timeoutMs: number;
}

/** 1 s, 2 s, 4 s … 64 s: eight attempts over about two minutes, each given 10 s. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 8, backoffMs: 1000, timeoutMs: 10_000 };

/** No wait between attempts is longer than an hour, however the policy is configured. */
export const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** How long to wait after `attemptsMade` failed attempts, or undefined when they are all used. */
export function retryDelayMs(policy: DeliveryPolicy, attemptsMade: number): number | undefined {
  if (attemptsMade >= policy.maxAttempts) return undefined;
  // The exponent is capped first: 2 ** 1000 would be Infinity, not a long wait.
  return Math.min(policy.backoffMs * 2 ** Math.min(attemptsMade - 1, 40), MAX_BACKOFF_MS);
}
