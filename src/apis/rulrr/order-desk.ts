import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { DomainEvents } from '../../events/domain-events.js';
import { canonicalHash } from '../../lib/canonical-json.js';
import { quote } from '../../lib/describe.js';
import { formatMinorUnits } from '../../lib/money.js';
import { randomToken } from '../../lib/secrets.js';
import { workspaceTokenPrefix } from '../../workspaces/workspace-ids.js';
import type { OutboxTable } from '../../outbox/outbox-table.js';
import type { MerchantTable } from './db/merchant-table.js';
import type { OrderTable } from './db/order-table.js';
import type { Connection } from './db/token-table.js';
import { rulrrError } from './errors.js';
import { RULRR_EVENTS } from './events.js';
import { UNDELIVERABLE_ERROR, UNDELIVERABLE_PHONE } from './magic-values.js';
import type { EreceiptReason, Order, OrderInput } from './schemas.js';

export interface AcceptedOrder {
  order: Order;
  /** false when this was a repeat of an order already received. */
  created: boolean;
}

/**
 * POST /v1/orders: idempotent on the partner's orderId, and the e-receipt SMS (STEP 5 of the
 * flow) when the order asks for it, the store has e-receipts on and the customer has a phone.
 * The SMS to the magic undeliverable number fails; either way the outbox and an event say so.
 */
export class OrderDesk {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly orders: OrderTable,
    private readonly merchants: MerchantTable,
    private readonly outbox: OutboxTable,
    private readonly events: DomainEvents,
  ) {}

  /** `receiptBaseUrl` is where the hosted e-receipt pages live, as the caller reached the sandbox. */
  accept(connection: Connection, input: OrderInput, receiptBaseUrl: string): AcceptedOrder {
    const { workspaceId } = connection;
    // The order schema keeps only known fields, a few levels deep: far inside the hash's depth cap.
    const bodyHash = canonicalHash(input);
    return writeTransaction(this.db, (): AcceptedOrder => {
      const existing = this.orders.find(workspaceId, connection.storeId, input.orderId);
      if (existing) return this.repeat(existing.bodyHash, bodyHash, existing.order);

      const now = this.clock.now(workspaceId);
      const store = this.merchants.findStore(workspaceId, connection.storeId);
      if (!store) throw new Error(`connected store ${connection.storeId} does not exist`);
      const receiptId = randomToken(workspaceTokenPrefix('rcpt', workspaceId), 16);
      const url = `${receiptBaseUrl}/receipts/${receiptId}`;
      const phone = input.customer?.phone ?? null;
      const reason = ereceiptReason(input.ereceipt, connection.ereceipt, phone);
      const order: Order = {
        orderId: input.orderId,
        storeId: store.storeId,
        createdAt: input.createdAt ? new Date(input.createdAt).toISOString() : now.toISOString(),
        receivedAt: now.toISOString(),
        currency: input.currency ?? store.storeCurrency,
        total: input.total,
        subtotal: input.subtotal ?? null,
        tax: input.tax ?? null,
        items: input.items.map((item) => ({ sku: item.sku ?? null, name: item.name, quantity: item.quantity, price: item.price })),
        customer: {
          customerId: input.customer?.customerId ?? null,
          phone,
          email: input.customer?.email ?? null,
        },
        ereceipt: { requested: input.ereceipt, sent: reason === 'sent', reason, url },
      };
      if (!this.orders.insert(workspaceId, order, bodyHash, receiptId)) {
        // Another request inserted the same orderId first (only possible with a second process).
        const winner = this.orders.find(workspaceId, connection.storeId, input.orderId)!;
        return this.repeat(winner.bodyHash, bodyHash, winner.order);
      }
      if (phone && (reason === 'sent' || reason === 'delivery_failed')) {
        const total = formatMinorUnits(order.total, order.currency);
        const about = { storeId: store.storeId, orderId: order.orderId, receiptUrl: url };
        const failure = reason === 'delivery_failed' ? { error: UNDELIVERABLE_ERROR } : {};
        this.outbox.add(
          workspaceId,
          {
            api: 'rulrr',
            channel: 'sms',
            recipient: phone,
            body: `${store.storeName}: thanks for your purchase of ${total}. Your receipt: ${url}`,
            payload: { type: 'ereceipt', status: reason === 'sent' ? 'sent' : 'failed', ...about, ...failure },
          },
          now,
        );
        const type = reason === 'sent' ? RULRR_EVENTS.ereceiptSent : RULRR_EVENTS.ereceiptFailed;
        this.events.record(workspaceId, { api: 'rulrr', type, payload: { ...about, phone, ...failure } }, now);
      }
      return { order, created: true };
    });
  }

  find(connection: Connection, orderId: string): Order {
    const stored = this.orders.find(connection.workspaceId, connection.storeId, orderId);
    if (!stored) throw rulrrError('order_not_found', `No order with orderId ${quote(orderId)} for this store`);
    return stored.order;
  }

  private repeat(storedHash: string, bodyHash: string, order: Order): AcceptedOrder {
    if (storedHash !== bodyHash) {
      throw rulrrError(
        'order_conflict',
        `Order ${quote(order.orderId)} was already sent with a different body; an orderId cannot be reused`,
      );
    }
    return { order, created: false };
  }
}

function ereceiptReason(requested: boolean, storeHasEreceipts: boolean, phone: string | null): EreceiptReason {
  if (!requested) return 'not_requested';
  if (!storeHasEreceipts) return 'ereceipts_off';
  if (!phone) return 'no_phone';
  return phone === UNDELIVERABLE_PHONE ? 'delivery_failed' : 'sent';
}
