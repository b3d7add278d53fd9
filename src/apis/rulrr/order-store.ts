import type { Database } from '../../db/database.js';
import type { Order } from './schemas.js';

export interface StoredOrder {
  order: Order;
  bodyHash: string;
  receiptId: string;
}

interface OrderRow {
  orderJson: string;
  bodyHash: string;
  receiptId: string;
}

/** Orders as answered, keyed by (store, the partner's orderId). */
export class OrderStore {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly byReceiptStmt;

  constructor(db: Database) {
    // DO NOTHING on a repeat: the caller reads the stored order back and compares bodies.
    this.insertStmt = db.prepare(
      `INSERT INTO rulrr_orders (store_id, order_id, body_hash, order_json, receipt_id, received_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, order_id) DO NOTHING`,
    );
    this.findStmt = db.prepare<[string, string], OrderRow>(
      `SELECT order_json AS orderJson, body_hash AS bodyHash, receipt_id AS receiptId
       FROM rulrr_orders WHERE store_id = ? AND order_id = ?`,
    );
    this.byReceiptStmt = db.prepare<[string], OrderRow>(
      'SELECT order_json AS orderJson, body_hash AS bodyHash, receipt_id AS receiptId FROM rulrr_orders WHERE receipt_id = ?',
    );
  }

  /** false when an order with this id already exists for the store. */
  insert(order: Order, bodyHash: string, receiptId: string): boolean {
    return (
      this.insertStmt.run(order.storeId, order.orderId, bodyHash, JSON.stringify(order), receiptId, order.receivedAt)
        .changes === 1
    );
  }

  find(storeId: string, orderId: string): StoredOrder | undefined {
    return toStored(this.findStmt.get(storeId, orderId));
  }

  findByReceipt(receiptId: string): StoredOrder | undefined {
    return toStored(this.byReceiptStmt.get(receiptId));
  }
}

function toStored(row: OrderRow | undefined): StoredOrder | undefined {
  return row && { order: JSON.parse(row.orderJson) as Order, bodyHash: row.bodyHash, receiptId: row.receiptId };
}
