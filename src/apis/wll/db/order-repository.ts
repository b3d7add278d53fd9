import type { Database } from '../../../db/database.js';
import type { ListQuery } from '../list-query/list-params.js';
import type { Order } from '../schemas/orders.js';
import { listParams, StatementCache } from './statement-cache.js';

/** The SQL of one page of GET /orders: whitelisted columns and `?` only (see listParams). */
export function orderListSql(query: ListQuery): string {
  return `SELECT order_json FROM wll_orders WHERE workspace_id = ? AND (${query.where}) ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`;
}

/**
 * wll_orders: orders as answered (`order_json`), with a column for every field GET /orders
 * filters or sorts by. The submitter is stored beside the order: the order body shows none.
 */
export class OrderRepository {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly lists;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO wll_orders (workspace_id, id, type, status, created_at, updated_at, service_date, service_time,
         total, subtotal, total_tax, transaction_id, submitter_auth_identifier, location_identifier, location_address, order_json)
       VALUES (@workspaceId, @id, @type, @status, @createdAt, @updatedAt, @serviceDate, @serviceTime,
         @total, @subtotal, @totalTax, @transactionId, @submitter, @locationIdentifier, @locationAddress, @orderJson)`,
    );
    this.findStmt = db
      .prepare<[string, string], string>('SELECT order_json FROM wll_orders WHERE workspace_id = ? AND id = ?')
      .pluck();
    this.lists = new StatementCache(db);
  }

  insert(workspaceId: string, order: Order, submitter: string): void {
    this.insertStmt.run({
      workspaceId,
      id: order.id,
      type: order.type,
      status: order.status ?? 'AUTHORIZED',
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      serviceDate: order.serviceDate,
      serviceTime: order.serviceTime,
      total: order.total ?? null,
      subtotal: order.subtotal ?? null,
      totalTax: order.totalTax ?? null,
      transactionId: order.transactionId ?? null,
      submitter,
      locationIdentifier: order.locationIdentifier ?? null,
      locationAddress: order.locationAddress ?? null,
      orderJson: JSON.stringify(order),
    });
  }

  find(workspaceId: string, orderId: string): Order | undefined {
    const json = this.findStmt.get(workspaceId, orderId);
    return json === undefined ? undefined : (JSON.parse(json) as Order);
  }

  /** One page of GET /orders; `query` comes from parseListQuery over the orders' whitelist. */
  list(workspaceId: string, query: ListQuery): Order[] {
    const rows = this.lists.get(orderListSql(query)).pluck().all(...listParams(workspaceId, query)) as string[];
    return rows.map((json) => JSON.parse(json) as Order);
  }
}
