import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { quote } from '../../lib/describe.js';
import type { Catalogue } from './catalogue.js';
import type { AsyncOrderRepository } from './db/async-order-repository.js';
import type { OrderRepository } from './db/order-repository.js';
import { wllError } from './errors.js';
import { normaliseTime } from './list-query/iso-dates.js';
import { ORDER_LIST_SPEC } from './list-query/list-specs.js';
import { parseListQuery } from './list-query/list-params.js';
import { localDateTimeAt } from './review/tenant-time.js';
import type { Order, OrderInput } from './schemas/orders.js';
import type { Tenants } from './tenants.js';
import type { WllEvents } from './wll-events.js';

/** POST /orders/asyncly drops a repeat (same submitter and transactionId) within this much workspace time. */
export const ASYNC_DEDUPE_WINDOW_MS = 5 * 60 * 1000;

/** How often, and how long apart, making an accepted order is retried when the database is busy. */
const RETRIES = 20;
const RETRY_DELAY_MS = 50;

export interface OrderDeskDependencies {
  db: Database;
  clock: WorkspaceClock;
  tenants: Tenants;
  catalogue: Catalogue;
  orders: OrderRepository;
  asyncOrders: AsyncOrderRepository;
  events: WllEvents;
}

/**
 * WLL orders: `POST /orders` makes the order at once; `POST /orders/asyncly` answers at once and
 * makes it "shortly after" — on the next turn of the event loop. An accepted order is written
 * to wll_pending_orders in the answering transaction, so it is never lost while the process
 * stays up, and a process that starts finds and makes the orders a stopped one left behind.
 * Each made order records a `wll.order.placed` event (WLL's ORDER_PLACED).
 */
export class OrderDesk {
  /** Orders this process accepted and has not made yet; made before the app closes. */
  private readonly scheduled = new Set<string>();
  private log: FastifyBaseLogger | undefined;

  constructor(private readonly deps: OrderDeskDependencies) {}

  create(workspaceId: string, input: OrderInput): Order {
    const { db, clock, orders, events } = this.deps;
    const now = clock.now(workspaceId);
    const order = this.orderOf(workspaceId, input, now);
    return writeTransaction(db, () => {
      orders.insert(workspaceId, order, input.submitter.authIdentifier);
      events.orderPlaced(workspaceId, order, input.submitter.authIdentifier, now);
      return order;
    });
  }

  /**
   * Accepts an order to be made shortly after. A repeat of a transactionId by the same submitter
   * within 5 minutes of the workspace's clock is dropped — also when repeats race, in one process
   * or several: the dedupe key is one conditional upsert. Dropped or not, the caller is answered
   * the same (`Success:Accepted`), as the real API does.
   */
  acceptAsync(workspaceId: string, input: OrderInput): void {
    const { db, clock, asyncOrders } = this.deps;
    const now = clock.now(workspaceId);
    const order = this.orderOf(workspaceId, input, now);
    const submitter = input.submitter.authIdentifier;
    const accepted = writeTransaction(db, () => {
      if (input.transactionId !== undefined) {
        const windowStart = new Date(now.getTime() - ASYNC_DEDUPE_WINDOW_MS);
        if (!asyncOrders.accept(workspaceId, { submitter, transactionId: input.transactionId }, order.id, now, windowStart)) return false;
      }
      asyncOrders.addPending(workspaceId, order, submitter, now);
      return true;
    });
    if (accepted) this.schedule(workspaceId, order.id);
  }

  find(workspaceId: string, orderId: string): Order {
    const order = this.deps.orders.find(workspaceId, orderId);
    if (!order) throw wllError('NotFoundError', `No order with id ${quote(orderId)} in this tenant`);
    return order;
  }

  /** `query`: limit, skip, sort, order and an O-Rison filter (400 when wrong). */
  list(workspaceId: string, query: Readonly<Record<string, unknown>>): Order[] {
    return this.deps.orders.list(workspaceId, parseListQuery(query, ORDER_LIST_SPEC));
  }

  /** At start: logs failures to `log`, and makes the orders a stopped process left accepted. */
  start(log: FastifyBaseLogger): void {
    this.log = log;
    for (const { workspaceId, id } of this.deps.asyncOrders.allPending()) this.schedule(workspaceId, id);
  }

  /** At close: makes every order this process accepted and has not made yet. */
  finish(): void {
    for (const key of [...this.scheduled]) {
      const [workspaceId, id] = JSON.parse(key) as [string, string];
      this.makePending(workspaceId, id, RETRIES);
    }
  }

  private schedule(workspaceId: string, orderId: string, attempt = 0): void {
    const key = JSON.stringify([workspaceId, orderId]);
    this.scheduled.add(key);
    const run = () => this.makePending(workspaceId, orderId, attempt);
    if (attempt === 0) setImmediate(run);
    else setTimeout(run, RETRY_DELAY_MS * attempt).unref();
  }

  /** Makes one accepted order, unless another process (or an earlier run) already did. */
  private makePending(workspaceId: string, orderId: string, attempt: number): void {
    const key = JSON.stringify([workspaceId, orderId]);
    if (!this.scheduled.has(key)) return;
    const { db, clock, orders, asyncOrders, events } = this.deps;
    try {
      writeTransaction(db, () => {
        const pending = asyncOrders.takePending(workspaceId, orderId);
        if (!pending) return;
        orders.insert(workspaceId, pending.order, pending.submitter);
        events.orderPlaced(workspaceId, pending.order, pending.submitter, clock.now(workspaceId));
      });
      this.scheduled.delete(key);
    } catch (error) {
      // A busy database (another process writing) or a closed one (the app shutting down).
      if (attempt + 1 >= RETRIES || !db.open) {
        this.scheduled.delete(key);
        this.log?.error({ err: error, workspace: workspaceId, orderId }, 'an accepted async order could not be made; it stays pending for the next start');
        return;
      }
      this.schedule(workspaceId, orderId, attempt + 1);
    }
  }

  /** The order as answered: its service date and time default to now in the tenant's timezone. */
  private orderOf(workspaceId: string, input: OrderInput, now: Date): Order {
    const local = localDateTimeAt(now, this.deps.tenants.settings(workspaceId).timeZone);
    const createdAt = now.toISOString();
    const { submitter: _submitter, serviceDate, serviceTime, lineItems, ...rest } = input;
    return {
      id: randomUUID(),
      type: 'ORDER',
      createdAt,
      updatedAt: createdAt,
      serviceDate: serviceDate ?? local.date,
      serviceTime: (serviceTime === undefined ? undefined : normaliseTime(serviceTime)) ?? local.time,
      ...rest,
      lineItems: this.deps.catalogue.matchLineItems(workspaceId, lineItems),
      status: 'AUTHORIZED',
    };
  }
}
