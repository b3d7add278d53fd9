import type { DomainEvents } from '../../events/domain-events.js';
import type { Transaction } from './schemas/loyalty.js';
import { TRANSACTION_TYPES } from './transaction-plans.js';

/**
 * The events a Kangaroo workspace's outbox receives (sandbox: Kangaroo's webhooks are not public,
 * so the names and payloads are the sandbox's, in its one scheme — README: Events). Every recorded
 * transaction is `kangaroo.transaction.created`; one that spends points on a reward is also
 * `kangaroo.redemption.made`.
 */
export const KANGAROO_EVENTS = {
  transactionCreated: 'kangaroo.transaction.created',
  redemptionMade: 'kangaroo.redemption.made',
} as const;

const REDEMPTION_TYPE_IDS: ReadonlySet<number> = new Set([
  TRANSACTION_TYPES.redemption.typeId,
  TRANSACTION_TYPES.catalogRedemption.typeId,
  TRANSACTION_TYPES.offerClaimed.typeId,
]);

export class LoyaltyEvents {
  constructor(private readonly events: DomainEvents) {}

  /** Inside the transaction that recorded it, so a rolled-back transaction leaves no event. */
  recorded(workspaceId: string, typeId: number, transaction: Transaction, now: Date): void {
    const record = (type: string) => this.events.record(workspaceId, { api: 'kangaroo', type, payload: { transaction } }, now);
    record(KANGAROO_EVENTS.transactionCreated);
    if (REDEMPTION_TYPE_IDS.has(typeId)) record(KANGAROO_EVENTS.redemptionMade);
  }
}
