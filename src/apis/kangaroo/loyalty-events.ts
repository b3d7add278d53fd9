import type { OutboxTable } from '../../outbox/outbox-table.js';
import type { Transaction } from './schemas/loyalty.js';
import { TRANSACTION_TYPES } from './transaction-plans.js';

/**
 * The events a Kangaroo workspace's outbox receives (sandbox: Kangaroo's webhooks are not public,
 * so the names and payloads are the sandbox's). Every recorded transaction is `transaction.created`;
 * one that spends points on a reward is also `redemption.made`.
 */
export const KANGAROO_EVENTS = {
  transactionCreated: 'transaction.created',
  redemptionMade: 'redemption.made',
} as const;

const REDEMPTION_TYPE_IDS: ReadonlySet<number> = new Set([
  TRANSACTION_TYPES.redemption.typeId,
  TRANSACTION_TYPES.catalogRedemption.typeId,
  TRANSACTION_TYPES.offerClaimed.typeId,
]);

export class LoyaltyEvents {
  constructor(private readonly outbox: OutboxTable) {}

  /** Inside the transaction that recorded it, so a rolled-back transaction leaves no event. */
  recorded(workspaceId: string, typeId: number, transaction: Transaction, now: Date): void {
    const summary = `${transaction.name} #${transaction.id}: ${transaction.points} points, balance ${transaction.customer.balance.points}`;
    const add = (type: string) =>
      this.outbox.add(workspaceId, { api: 'kangaroo', channel: 'event', recipient: null, body: `${type} — ${summary}`, payload: { type, data: transaction } }, now);
    add(KANGAROO_EVENTS.transactionCreated);
    if (REDEMPTION_TYPE_IDS.has(typeId)) add(KANGAROO_EVENTS.redemptionMade);
  }
}
