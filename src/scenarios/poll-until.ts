export interface PollOutcome<T> {
  met: boolean;
  attempts: number;
  /** What the last attempt found wrong; empty when met. */
  last: T[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it finds nothing wrong or the next try would start after `timeoutMs`.
 * Always tries at least once; never sleeps past the deadline.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T[]>,
  timeoutMs: number,
  intervalMs: number,
  sleep: (ms: number) => Promise<void> = realSleep,
  now: () => number = Date.now,
): Promise<PollOutcome<T>> {
  const deadline = now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    const last = await attempt();
    if (last.length === 0) return { met: true, attempts, last };
    if (now() + intervalMs > deadline) return { met: false, attempts, last };
    await sleep(intervalMs);
  }
}
