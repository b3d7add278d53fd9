import type { Database } from '../../../db/database.js';
import type { Order } from '../schemas.js';

export interface StoredOrder {
  workspaceId: string;
  order: Order;
  bodyHash: string;
  receiptId: string;
}

interface OrderRow {
  workspaceId: string;
  orderJson: string;
  bodyHash: string;
  receiptId: string;
}

const COLUMNS = 'workspace_id AS workspaceId, order_json AS orderJson, body_hash AS bodyHash, receipt_id AS receiptId';

/** Orders as answered, keyed by (workspace, store, the partner's orderId). */
export class OrderTable {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly byReceiptStmt;

  constructor(db: Database) {
    // DO NOTHING on a repeat: the caller reads the stored order back and compares bodies.
    this.insertStmt = db.prepare(
      `INSERT INTO rulrr_orders (workspace_id, store_id, order_id, body_hash, order_json, receipt_id, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, store_id, order_id) DO NOTHING`,
    );
    this.findStmt = db.prepare<[string, string, string], OrderRow>(
      `SELECT ${COLUMNS} FROM rulrr_orders WHERE workspace_id = ? AND store_id = ? AND order_id = ?`,
    );
    this.byReceiptStmt = db.prepare<[string], OrderRow>(`SELECT ${COLUMNS} FROM rulrr_orders WHERE receipt_id = ?`);
  }

  /** false when an order with this id already exists for the store. */
  insert(workspaceId: string, order: Order, bodyHash: string, receiptId: string): boolean {
    const { storeId, orderId, receivedAt } = order;
    return this.insertStmt.run(workspaceId, storeId, orderId, bodyHash, JSON.stringify(order), receiptId, receivedAt).changes === 1;
  }

  find(workspaceId: string, storeId: string, orderId: string): StoredOrder | undefined {
    return toStored(this.findStmt.get(workspaceId, storeId, orderId));
  }

  /** The hosted receipt page's lookup: the random receipt id is the link, and names its workspace. */
  findByReceipt(receiptId: string): StoredOrder | undefined {
    return toStored(this.byReceiptStmt.get(receiptId));
  }
}

function toStored(row: OrderRow | undefined): StoredOrder | undefined {
  return row && { workspaceId: row.workspaceId, order: JSON.parse(row.orderJson) as Order, bodyHash: row.bodyHash, receiptId: row.receiptId };
}
