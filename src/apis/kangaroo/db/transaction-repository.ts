import type { Database } from '../../../db/database.js';
import { boundInteger } from '../../../db/bound-limit.js';

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
  /** On a cancellation: the transaction it cancels. */
  cancelsId?: number | null;
}

export interface TransactionRecord extends Omit<NewTransaction, 'isSale' | 'cancelsId'> {
  id: number;
  isSale: boolean;
  cancelsId: number | null;
  createdAt: string;
  cancelledAt: string | null;
}

interface TransactionRow extends Omit<TransactionRecord, 'isSale' | 'details'> {
  isSale: number;
  details: string;
}

const COLUMNS = `id, branch_link_id AS branchLinkId, customer_id AS customerId, intent, type_id AS typeId, name,
  amount_cents AS amountCents, points, visits, receipt_number AS receiptNumber, external_order_id AS externalOrderId,
  details, comments, is_sale AS isSale, cancels_id AS cancelsId, created_at AS createdAt, cancelled_at AS cancelledAt`;

function toRecord(row: TransactionRow): TransactionRecord {
  return { ...row, isSale: row.isSale === 1, details: JSON.parse(row.details) as Record<string, unknown> };
}

/** Loyalty transactions, numbered 1, 2, … within each workspace. */
export class TransactionRepository {
  private readonly insertStmt;
  private readonly saleExistsStmt;
  private readonly findStmt;
  private readonly ofCustomerStmt;
  private readonly cancelStmt;

  constructor(db: Database) {
    this.insertStmt = db
      .prepare<Record<string, unknown>, number>(
        `INSERT INTO kangaroo_transactions
           (workspace_id, id, branch_link_id, customer_id, intent, type_id, name, amount_cents, points, visits,
            receipt_number, external_order_id, details, comments, is_sale, cancels_id, created_at)
         SELECT @workspaceId, coalesce(max(id), 0) + 1, @branchLinkId, @customerId, @intent, @typeId, @name, @amountCents,
                @points, @visits, @receiptNumber, @externalOrderId, @details, @comments, @isSale, @cancelsId, @createdAt
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
    this.findStmt = db.prepare<[string, number], TransactionRow>(`SELECT ${COLUMNS} FROM kangaroo_transactions WHERE workspace_id = ? AND id = ?`);
    this.ofCustomerStmt = db.prepare<[string, string, number, number], TransactionRow>(
      `SELECT ${COLUMNS} FROM kangaroo_transactions WHERE workspace_id = ? AND customer_id = ?
       ORDER BY id DESC LIMIT ${boundInteger('?')} OFFSET ${boundInteger('?')}`,
    );
    this.cancelStmt = db.prepare(
      'UPDATE kangaroo_transactions SET cancelled_at = ? WHERE workspace_id = ? AND id = ? AND cancelled_at IS NULL',
    );
  }

  insert(workspaceId: string, transaction: NewTransaction, now: Date): number {
    return this.insertStmt.get({
      workspaceId,
      ...transaction,
      details: JSON.stringify(transaction.details),
      isSale: transaction.isSale ? 1 : 0,
      cancelsId: transaction.cancelsId ?? null,
      createdAt: now.toISOString(),
    })!;
  }

  saleExists(workspaceId: string, branchLinkId: number, externalOrderId: string): boolean {
    return this.saleExistsStmt.get(workspaceId, branchLinkId, externalOrderId) !== undefined;
  }

  find(workspaceId: string, id: number): TransactionRecord | undefined {
    const row = this.findStmt.get(workspaceId, id);
    return row && toRecord(row);
  }

  /** A customer's transactions, newest first. */
  ofCustomer(workspaceId: string, customerId: string, limit: number, offset: number): TransactionRecord[] {
    return this.ofCustomerStmt.all(workspaceId, customerId, limit, offset).map(toRecord);
  }

  /** Marks it cancelled: true for the one caller that does, so racing cancellations have one winner. */
  markCancelled(workspaceId: string, id: number, now: Date): boolean {
    return this.cancelStmt.run(now.toISOString(), workspaceId, id).changes === 1;
  }
}
