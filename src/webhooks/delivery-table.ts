import { randomBytes } from 'node:crypto';
import { writeTransaction, type Database } from '../db/database.js';

/** What a receiver is sent: the event as JSON (README: Events). */
export interface EventEnvelope {
  id: string;
  type: string;
  createdAt: string;
  workspace: string;
  api: string;
  data: Record<string, unknown>;
}

/** A delivery this process has claimed: it alone records the outcome of this attempt. */
export interface ClaimedDelivery {
  id: number;
  claim: string;
  attempt: number;
  url: string;
  secret: string;
  event: EventEnvelope;
}

export type DeliveryState = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface AttemptOutcome {
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  response: string | null;
}

export interface AttemptLogEntry extends AttemptOutcome {
  attempt: number;
  startedAt: string;
}

export interface DeliveryLogEntry {
  id: number;
  event: { id: string; type: string; createdAt: string };
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due (pending) or the claim on the current one lapses (delivering). */
  dueAt: number | null;
  createdAt: string;
  completedAt: string | null;
  log: Array<Omit<AttemptLogEntry, 'durationMs'> & { durationMs: number | null }>;
}

/** Written into the log of an attempt whose process stopped before it could record the outcome. */
export const LAPSED_ATTEMPT_ERROR = 'no outcome recorded: the process delivering it stopped, or took longer than its claim';

interface ClaimedRow {
  id: number;
  attempt: number;
  url: string;
  secret: string;
  eventId: string;
  type: string;
  eventCreatedAt: string;
  workspaceId: string;
  api: string;
  data: string;
}

interface DeliveryRow {
  id: number;
  state: DeliveryState;
  attempts: number;
  dueAt: number | null;
  createdAt: string;
  completedAt: string | null;
  eventId: string;
  type: string;
  eventCreatedAt: string;
}

interface AttemptRow {
  deliveryId: number;
  attempt: number;
  startedAt: string;
  durationMs: number | null;
  statusCode: number | null;
  error: string | null;
  response: string | null;
}

/**
 * Webhook deliveries and their log. A delivery is claimed with one conditional UPDATE under the
 * write lock, so processes sharing the database file never attempt one delivery twice at once;
 * a claim lapses after a while, so a delivery whose process died is taken up again.
 */
export class DeliveryTable {
  private readonly anyDueStmt;
  private readonly lapseStmt;
  private readonly giveUpLapsedStmt;
  private readonly claimStmt;
  private readonly logStartStmt;
  private readonly claimedStmt;
  private readonly settleStmt;
  private readonly logOutcomeStmt;
  private readonly listStmt;
  private readonly attemptsStmt;

  constructor(private readonly db: Database) {
    const due = "state IN ('pending', 'delivering') AND due_at <= @now";
    this.anyDueStmt = db.prepare<{ now: number }, number>(`SELECT 1 FROM webhook_deliveries WHERE ${due} LIMIT 1`).pluck();
    this.lapseStmt = db.prepare(
      `UPDATE webhook_attempts SET error = @error
       WHERE duration_ms IS NULL AND error IS NULL
         AND delivery_id IN (SELECT id FROM webhook_deliveries WHERE state = 'delivering' AND due_at <= @now)`,
    );
    this.giveUpLapsedStmt = db.prepare(
      `UPDATE webhook_deliveries SET state = 'failed', due_at = NULL, claim = NULL, completed_at = @nowIso
       WHERE state = 'delivering' AND due_at <= @now AND attempts >= @maxAttempts`,
    );
    this.claimStmt = db.prepare<{ now: number; claimUntil: number; claim: string; limit: number }, { id: number; workspaceId: string; attempt: number }>(
      `UPDATE webhook_deliveries SET state = 'delivering', attempts = attempts + 1, due_at = @claimUntil, claim = @claim
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE ${due} ORDER BY due_at, id LIMIT @limit)
       RETURNING id, workspace_id AS workspaceId, attempts AS attempt`,
    );
    this.logStartStmt = db.prepare(
      'INSERT INTO webhook_attempts (workspace_id, delivery_id, attempt, started_at) VALUES (?, ?, ?, ?)',
    );
    this.claimedStmt = db.prepare<[string], ClaimedRow>(
      `SELECT d.id, d.attempts AS attempt, w.url, w.secret, e.event_id AS eventId, e.type, e.created_at AS eventCreatedAt,
              e.workspace_id AS workspaceId, e.api, e.data
       FROM webhook_deliveries d
       JOIN webhooks w ON w.id = d.webhook_id
       JOIN webhook_events e ON e.id = d.event_row_id
       WHERE d.claim = ? ORDER BY d.id`,
    );
    this.settleStmt = db.prepare(
      `UPDATE webhook_deliveries SET state = @state, due_at = @dueAt, claim = NULL, completed_at = @completedAt
       WHERE id = @id AND claim = @claim`,
    );
    this.logOutcomeStmt = db.prepare(
      `UPDATE webhook_attempts SET duration_ms = @durationMs, status_code = @statusCode, error = @error, response = @response
       WHERE delivery_id = @id AND attempt = @attempt`,
    );
    const newest = `SELECT id FROM webhook_deliveries WHERE workspace_id = @workspaceId AND webhook_id = @webhookId
                    ORDER BY id DESC LIMIT @limit`;
    this.listStmt = db.prepare<{ workspaceId: string; webhookId: string; limit: number }, DeliveryRow>(
      `SELECT d.id, d.state, d.attempts, d.due_at AS dueAt, d.created_at AS createdAt, d.completed_at AS completedAt,
              e.event_id AS eventId, e.type, e.created_at AS eventCreatedAt
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_row_id
       WHERE d.id IN (${newest}) ORDER BY d.id DESC`,
    );
    this.attemptsStmt = db.prepare<{ workspaceId: string; webhookId: string; limit: number }, AttemptRow>(
      `SELECT delivery_id AS deliveryId, attempt, started_at AS startedAt, duration_ms AS durationMs,
              status_code AS statusCode, error, response
       FROM webhook_attempts WHERE delivery_id IN (${newest}) ORDER BY delivery_id, attempt`,
    );
  }

  /** A cheap read, so an idle sandbox polls without taking the write lock. */
  anyDue(now: number): boolean {
    return this.anyDueStmt.get({ now }) !== undefined;
  }

  /**
   * Claims up to `limit` due deliveries until `claimUntil` and logs the start of their attempts.
   * A lapsed claim with attempts left is claimed again; one without is failed.
   */
  claimDue(now: number, claimUntil: number, limit: number, maxAttempts: number): ClaimedDelivery[] {
    const claim = randomBytes(12).toString('hex');
    const nowIso = new Date(now).toISOString();
    const claimed = writeTransaction(this.db, () => {
      this.lapseStmt.run({ now, error: LAPSED_ATTEMPT_ERROR });
      this.giveUpLapsedStmt.run({ now, nowIso, maxAttempts });
      for (const row of this.claimStmt.all({ now, claimUntil, claim, limit })) {
        this.logStartStmt.run(row.workspaceId, row.id, row.attempt, nowIso);
      }
      return this.claimedStmt.all(claim);
    });
    return claimed.map((row) => ({
      id: row.id,
      claim,
      attempt: row.attempt,
      url: row.url,
      secret: row.secret,
      event: {
        id: row.eventId,
        type: row.type,
        createdAt: row.eventCreatedAt,
        workspace: row.workspaceId,
        api: row.api,
        data: JSON.parse(row.data) as Record<string, unknown>,
      },
    }));
  }

  /**
   * Records an attempt's outcome and what follows: succeeded, failed for good, or pending until
   * `retryAt`. Nothing is written when the claim has lapsed and another process took the delivery
   * (or the webhook or workspace was deleted meanwhile): its attempt is logged there.
   */
  settle(delivery: ClaimedDelivery, outcome: AttemptOutcome, next: { state: 'succeeded' | 'failed' } | { retryAt: number }, now: number): void {
    writeTransaction(this.db, () => {
      const settled =
        'retryAt' in next
          ? { state: 'pending', dueAt: next.retryAt, completedAt: null }
          : { state: next.state, dueAt: null, completedAt: new Date(now).toISOString() };
      if (this.settleStmt.run({ id: delivery.id, claim: delivery.claim, ...settled }).changes === 0) return;
      this.logOutcomeStmt.run({ id: delivery.id, attempt: delivery.attempt, ...outcome });
    });
  }

  /** A webhook's newest deliveries first, each with its attempts. */
  list(workspaceId: string, webhookId: string, limit: number): DeliveryLogEntry[] {
    const params = { workspaceId, webhookId, limit };
    const logs = new Map<number, DeliveryLogEntry['log']>();
    for (const { deliveryId, ...attempt } of this.attemptsStmt.all(params)) {
      const log = logs.get(deliveryId) ?? [];
      log.push(attempt);
      logs.set(deliveryId, log);
    }
    return this.listStmt.all(params).map((row) => ({
      id: row.id,
      event: { id: row.eventId, type: row.type, createdAt: row.eventCreatedAt },
      state: row.state,
      attempts: row.attempts,
      dueAt: row.dueAt,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      log: logs.get(row.id) ?? [],
    }));
  }
}
