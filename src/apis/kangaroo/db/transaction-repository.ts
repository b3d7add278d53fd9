import type { Database } from '../../../db/database.js';

export interface NewTransaction {
  branchLinkId: number;
  customerId: string;
  intent: string;
  typeId: number;
  name: string;
  amountCents: number;
  points: number;
  visits: number | null;
  receiptNumber: string | null;
  externalOrderId: string | null;
  /** A sale's items, the catalog items or offer redeemed: kept as sent (JSON). */
  details: Record<string, unknown>;
  comments: string | null;
  isSale: boolean;
}

/** Loyalty transactions, numbered 1, 2, … within each workspace. */
export class TransactionRepository {
  private readonly insertStmt;
  private readonly saleExistsStmt;

  constructor(db: Database) {
    this.insertStmt = db
      .prepare<Record<string, unknown>, number>(
        `INSERT INTO kangaroo_transactions
           (workspace_id, id, branch_link_id, customer_id, intent, type_id, name, amount_cents, points, visits,
            receipt_number, external_order_id, details, comments, is_sale, created_at)
         SELECT @workspaceId, coalesce(max(id), 0) + 1, @branchLinkId, @customerId, @intent, @typeId, @name, @amountCents,
                @points, @visits, @receiptNumber, @externalOrderId, @details, @comments, @isSale, @createdAt
         FROM kangaroo_transactions WHERE workspace_id = @workspaceId
         RETURNING id`,
      )
      .pluck();
    this.saleExistsStmt = db
      .prepare<[string, number, string], number>(
        `SELECT 1 FROM kangaroo_transactions
         WHERE workspace_id = ? AND branch_link_id = ? AND external_order_id = ? AND is_sale = 1`,
      )
      .pluck();
  }

  insert(workspaceId: string, transaction: NewTransaction, now: Date): number {
    return this.insertStmt.get({
      workspaceId,
      ...transaction,
      details: JSON.stringify(transaction.details),
      isSale: transaction.isSale ? 1 : 0,
      createdAt: now.toISOString(),
    })!;
  }

  saleExists(workspaceId: string, branchLinkId: number, externalOrderId: string): boolean {
    return this.saleExistsStmt.get(workspaceId, branchLinkId, externalOrderId) !== undefined;
  }
}
