import type { FastifyBaseLogger } from 'fastify';
import { retryDelayMs, type DeliveryPolicy } from './delivery-policy.js';
import type { ClaimedDelivery, DeliveryTable } from './delivery-table.js';
import { postEvent } from './post-event.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

/** How often due deliveries are looked for: the most an event waits before its first attempt. */
const POLL_EVERY_MS = 100;
/** Attempts one process has open at once; the rest wait for the next poll. */
const MAX_IN_FLIGHT = 16;
/** A claim outlives the attempt's timeout by this much before another process may take it up. */
const CLAIM_MARGIN_MS = 10_000;
const USER_AGENT = 'pos-sandbox-webhooks';

/**
 * Delivers webhook events in the background, apart from the requests that caused them: every
 * poll claims what is due (in the database, so several processes share the work without
 * doubling it), POSTs each signed event, and records the outcome and the next attempt. Times are
 * real time. What is due when a process starts — left by a process that stopped — is delivered
 * by the first poll.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deliveries: DeliveryTable,
    private readonly policy: DeliveryPolicy,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.timer || this.stopping.signal.aborted) return;
    this.timer = setInterval(() => this.poll(), POLL_EVERY_MS);
    // Polling never keeps a process alive that has nothing else to do.
    this.timer.unref();
  }

  /** Stops polling and cuts open attempts short; each is recorded as failed and due again at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private poll(): void {
    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free <= 0) return;
    let claimed: ClaimedDelivery[];
    try {
      const now = Date.now();
      if (!this.deliveries.anyDue(now)) return;
      claimed = this.deliveries.claimDue(now, now + this.policy.timeoutMs + CLAIM_MARGIN_MS, free, this.policy.maxAttempts);
    } catch (error) {
      // A database busy beyond its timeout: what is due stays due for the next poll.
      this.log.warn({ err: error }, 'claiming webhook deliveries failed');
      return;
    }
    for (const delivery of claimed) {
      const attempt: Promise<void> = this.deliver(delivery).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(delivery.event);
    const started = Date.now();
    const outcome = await postEvent(
      delivery.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, Math.floor(started / 1000)),
        [EVENT_ID_HEADER]: delivery.event.id,
      },
      { timeoutMs: this.policy.timeoutMs, stop: this.stopping.signal },
    );
    const now = Date.now();
    const delay = retryDelayMs(this.policy, delivery.attempt);
    const next =
      outcome.error === null
        ? { state: 'succeeded' as const }
        : delay === undefined
          ? { state: 'failed' as const }
          : { retryAt: this.stopping.signal.aborted ? now : now + delay };
    const about = { delivery: delivery.id, event: delivery.event.id, type: delivery.event.type, attempt: delivery.attempt };
    try {
      this.deliveries.settle(delivery, { durationMs: now - started, ...outcome }, next, now);
    } catch (error) {
      // The claim lapses and the delivery is attempted again: at least once, never lost.
      this.log.warn({ err: error, ...about }, 'recording a webhook attempt failed');
      return;
    }
    if ('state' in next && next.state === 'failed') {
      this.log.info({ ...about, error: outcome.error }, 'webhook delivery failed after its last attempt');
    }
  }
}
