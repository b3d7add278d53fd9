import type { DomainEvents } from '../../events/domain-events.js';
import type { RuleEngineOutcome } from './rules/rule-engine.js';
import type { ReceiptStatus } from './schemas/common.js';
import type { Order } from './schemas/orders.js';
import type { Review } from './schemas/reviews.js';

/*
 * The events WLL's receipt and order systems send on to its rewards module ("sends the output as
 * a payload in an Event"). The docs name ORDER_PLACED and show no shapes: the types follow the
 * sandbox's one scheme (README: Events) and the payloads are the sandbox's.
 */
export const WLL_EVENTS = {
  receiptReviewed: 'wll.receipt.reviewed',
  orderPlaced: 'wll.order.placed',
} as const;

/** The name WLL's docs give the order event, kept in its payload so a reader can find it there. */
const WLL_ORDER_PLACED = 'ORDER_PLACED';

export interface ReceiptReviewedEvent {
  receiptId: string;
  status: ReceiptStatus;
  submitter: string;
  review: Review;
  /** The rule engine's merged result params, when it ran for this receipt. */
  ruleEngineOutput?: RuleEngineOutcome['params'];
}

export class WllEvents {
  constructor(private readonly events: DomainEvents) {}

  /** Inside the transaction that stored the review. */
  receiptReviewed(workspaceId: string, event: ReceiptReviewedEvent, now: Date): void {
    const { receiptId, status, submitter, review, ruleEngineOutput } = event;
    const payload = {
      receiptId,
      status,
      submitter: { authIdentifier: submitter },
      review,
      ...(ruleEngineOutput === undefined ? {} : { ruleEngineOutput }),
    };
    this.events.record(workspaceId, { api: 'wll', type: WLL_EVENTS.receiptReviewed, payload }, now);
  }

  /** Inside the transaction that stored the order. */
  orderPlaced(workspaceId: string, order: Order, submitter: string, now: Date): void {
    const payload = { wllEvent: WLL_ORDER_PLACED, order, submitter: { authIdentifier: submitter } };
    this.events.record(workspaceId, { api: 'wll', type: WLL_EVENTS.orderPlaced, payload }, now);
  }
}
