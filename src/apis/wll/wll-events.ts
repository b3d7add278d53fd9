import type { OutboxTable } from '../../outbox/outbox-table.js';
import type { RuleEngineOutcome } from './rules/rule-engine.js';
import type { ReceiptStatus } from './schemas/common.js';
import type { Order } from './schemas/orders.js';
import type { Review } from './schemas/reviews.js';

/*
 * The events WLL's receipt and order systems send on to its rewards module ("sends the output as
 * a payload in an Event"). The docs name ORDER_PLACED and show no shapes: the payloads are the
 * sandbox's, recorded in the workspace's outbox (channel `event`) for tests to read.
 */

export interface ReceiptReviewedEvent {
  receiptId: string;
  status: ReceiptStatus;
  submitter: string;
  review: Review;
  /** The rule engine's merged result params, when it ran for this receipt. */
  ruleEngineOutput?: RuleEngineOutcome['params'];
}

export class WllEvents {
  constructor(private readonly outbox: OutboxTable) {}

  /** Inside the transaction that stored the review. */
  receiptReviewed(workspaceId: string, event: ReceiptReviewedEvent, now: Date): void {
    const { receiptId, status, submitter, review, ruleEngineOutput } = event;
    this.outbox.add(
      workspaceId,
      {
        api: 'wll',
        channel: 'event',
        recipient: null,
        body: `RECEIPT_REVIEWED ${receiptId}: ${status} (${review.reason})`,
        payload: {
          type: 'RECEIPT_REVIEWED',
          receiptId,
          status,
          submitter: { authIdentifier: submitter },
          review,
          ...(ruleEngineOutput === undefined ? {} : { ruleEngineOutput }),
        },
      },
      now,
    );
  }

  /** Inside the transaction that stored the order. */
  orderPlaced(workspaceId: string, order: Order, submitter: string, now: Date): void {
    this.outbox.add(
      workspaceId,
      {
        api: 'wll',
        channel: 'event',
        recipient: null,
        body: `ORDER_PLACED ${order.id}`,
        payload: { type: 'ORDER_PLACED', order, submitter: { authIdentifier: submitter } },
      },
      now,
    );
  }
}
