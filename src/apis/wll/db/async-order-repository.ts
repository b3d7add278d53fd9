import type { Database } from '../../../db/database.js';
import type { Order } from '../schemas/orders.js';

export interface PendingOrder {
  workspaceId: string;
  order: Order;
  submitter: string;
}

/**
 * What POST /orders/asyncly keeps between answering and making the order: the dedupe window of
 * each (submitter, transactionId) in wll_async_order_keys, and the accepted orders not yet made
 * in wll_pending_orders.
 */
export class AsyncOrderRepository {
  private readonly acceptStmt;
  private readonly addPendingStmt;
  private readonly takePendingStmt;
  private readonly allPendingStmt;

  constructor(db: Database) {
    // Changes a row only when the pair is new or its window has passed: of two racing repeats
    // (in one process or several) exactly one changes a row. A dropped repeat leaves the window
    // where it was.
    this.acceptStmt = db.prepare<{
      workspaceId: string;
      submitter: string;
      transactionId: string;
      acceptedAt: string;
      windowStart: string;
      orderId: string;
    }>(
      `INSERT INTO wll_async_order_keys (workspace_id, submitter_auth_identifier, transaction_id, accepted_at, order_id)
       VALUES (@workspaceId, @submitter, @transactionId, @acceptedAt, @orderId)
       ON CONFLICT (workspace_id, submitter_auth_identifier, transaction_id)
       DO UPDATE SET accepted_at = excluded.accepted_at, order_id = excluded.order_id
       WHERE accepted_at <= @windowStart`,
    );
    this.addPendingStmt = db.prepare<[string, string, string, string, string]>(
      'INSERT INTO wll_pending_orders (workspace_id, id, accepted_at, submitter_auth_identifier, order_json) VALUES (?, ?, ?, ?, ?)',
    );
    this.takePendingStmt = db.prepare<[string, string], { submitter: string; orderJson: string }>(
      `DELETE FROM wll_pending_orders WHERE workspace_id = ? AND id = ?
       RETURNING submitter_auth_identifier AS submitter, order_json AS orderJson`,
    );
    this.allPendingStmt = db.prepare<[], { workspaceId: string; id: string }>(
      'SELECT workspace_id AS workspaceId, id FROM wll_pending_orders ORDER BY accepted_at',
    );
  }

  /**
   * Whether a (submitter, transactionId) is accepted now: true unless it was accepted at or after
   * `windowStart`. Accepting starts a new window.
   */
  accept(workspaceId: string, key: { submitter: string; transactionId: string }, orderId: string, now: Date, windowStart: Date): boolean {
    const { changes } = this.acceptStmt.run({
      workspaceId,
      ...key,
      acceptedAt: now.toISOString(),
      windowStart: windowStart.toISOString(),
      orderId,
    });
    return changes === 1;
  }

  addPending(workspaceId: string, order: Order, submitter: string, acceptedAt: Date): void {
    this.addPendingStmt.run(workspaceId, order.id, acceptedAt.toISOString(), submitter, JSON.stringify(order));
  }

  /** Removes a pending order and returns it; undefined when another caller (or process) took it first. */
  takePending(workspaceId: string, orderId: string): PendingOrder | undefined {
    const row = this.takePendingStmt.get(workspaceId, orderId);
    return row && { workspaceId, order: JSON.parse(row.orderJson) as Order, submitter: row.submitter };
  }

  /** Every pending order of every workspace, oldest first: what a process finds waiting at start. */
  allPending(): Array<{ workspaceId: string; id: string }> {
    return this.allPendingStmt.all();
  }
}
