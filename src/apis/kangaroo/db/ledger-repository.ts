import type { Database } from '../../../db/database.js';

export interface LedgerEntry {
  customerId: string;
  /** null for an opening balance loaded from the fixtures. */
  transactionId: number | null;
  delta: number;
  balanceAfter: number;
}

/** Every change to a points balance; a customer's balance is the sum of their entries. */
export class LedgerRepository {
  private readonly appendStmt;

  constructor(db: Database) {
    this.appendStmt = db.prepare(
      `INSERT INTO kangaroo_points_ledger (workspace_id, id, customer_id, transaction_id, delta, balance_after, created_at)
       SELECT @workspaceId, coalesce(max(id), 0) + 1, @customerId, @transactionId, @delta, @balanceAfter, @createdAt
       FROM kangaroo_points_ledger WHERE workspace_id = @workspaceId`,
    );
  }

  append(workspaceId: string, entry: LedgerEntry, now: Date): void {
    this.appendStmt.run({ workspaceId, ...entry, createdAt: now.toISOString() });
  }
}
