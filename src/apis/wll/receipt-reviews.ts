import { randomUUID } from 'node:crypto';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { quote } from '../../lib/describe.js';
import type { WllPrincipal } from './auth/principal.js';
import type { ReceiptRepository } from './db/receipt-repository.js';
import type { ReviewRecord, ReviewRepository } from './db/review-repository.js';
import { wllError } from './errors.js';
import { reviewView } from './receipt-views.js';
import { STATUS_OF_VERDICT } from './review/verdicts.js';
import type { ManualReviewInput, Review } from './schemas/reviews.js';
import type { WllEvents } from './wll-events.js';

export function receiptNotFound(receiptId: string) {
  return wllError('NotFoundError', `No receipt with id ${quote(receiptId)} in this tenant`);
}

/**
 * POST and GET /receipts/{id}/reviews. A manual review becomes the receipt's paramount review
 * and sets its status from its verdict (AUTHORIZE → AUTHORIZED, REJECT → REJECTED, ABSTAIN →
 * PENDING); the reviewer is the admin token's user.
 */
export class ReceiptReviews {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly receipts: ReceiptRepository,
    private readonly reviews: ReviewRepository,
    private readonly events: WllEvents,
  ) {}

  submit(workspaceId: string, receiptId: string, reviewer: WllPrincipal, input: ManualReviewInput): Review {
    return writeTransaction(this.db, () => {
      const found = this.receipts.find(workspaceId, receiptId);
      if (!found) throw receiptNotFound(receiptId);
      const now = this.clock.now(workspaceId);
      const review: ReviewRecord = {
        id: randomUUID(),
        receiptId,
        verdict: input.verdict,
        reason: input.reason,
        comment: input.comment ?? null,
        isAutomated: false,
        reviewer: {
          authIssuer: reviewer.issuer,
          authIdentifier: reviewer.authIdentifier,
          ...(reviewer.name === undefined ? {} : { name: reviewer.name }),
        },
        createdAt: now.toISOString(),
      };
      const status = STATUS_OF_VERDICT[review.verdict];
      this.reviews.insert(workspaceId, review);
      this.receipts.setParamount(workspaceId, receiptId, { id: review.id, status }, review.createdAt);
      const view = reviewView(review);
      this.events.receiptReviewed(workspaceId, { receiptId, status, submitter: found.receipt.submitter, review: view }, now);
      return view;
    });
  }

  list(workspaceId: string, receiptId: string): Review[] {
    if (!this.receipts.exists(workspaceId, receiptId)) throw receiptNotFound(receiptId);
    return this.reviews.listFor(workspaceId, receiptId).map(reviewView);
  }
}
