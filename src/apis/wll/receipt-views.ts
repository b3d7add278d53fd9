import type { ReceiptListRow, ReceiptRecord } from './db/receipt-repository.js';
import type { ReviewRecord } from './db/review-repository.js';
import type { Receipt, ReceiptListItem } from './schemas/receipts.js';
import type { Review } from './schemas/reviews.js';

/*
 * Stored receipts and reviews as the API answers them: `reviwer` spelled as the real API spells
 * it, `ocrConfidence` as a string, and the dates the docs require as "" when a receipt shows none.
 */

/** The real API answers 0.75 as "0.75". */
const confidenceText = (value: number) => String(value);

export function reviewView(review: ReviewRecord): Review {
  return {
    id: review.id,
    verdict: review.verdict,
    reason: review.reason,
    createdAt: review.createdAt,
    isAutomated: review.isAutomated,
    reviwer: review.reviewer,
    comment: review.comment,
  };
}

export function receiptView(receipt: ReceiptRecord, paramountReview: ReviewRecord | null): Receipt {
  const { document } = receipt;
  const present = <T>(value: T | null | undefined) => value ?? undefined;
  return dropUndefined({
    id: receipt.id,
    status: receipt.status,
    paramountReview: paramountReview && reviewView(paramountReview),
    createdAt: receipt.createdAt,
    updatedAt: receipt.updatedAt,
    submitter: { authIdentifier: receipt.submitter },
    ocrConfidence: confidenceText(receipt.ocrConfidence),
    total: present(receipt.total),
    subtotal: present(receipt.subtotal),
    correctedTotal: present(receipt.correctedTotal),
    barcode: present(receipt.barcode),
    transactionId: present(receipt.transactionId),
    lineItems: document.lineItems,
    pictureUrl: document.pictureUrl,
    locationIdentifier: present(receipt.locationIdentifier),
    locationAddress: document.locationAddress,
    submissionPosition: document.submissionPosition,
    formatSlug: document.formatSlug,
    merchantName: present(receipt.merchantName),
    language: document.language,
    timezone: receipt.timeZone,
    serviceDate: receipt.serviceDate ?? '',
    serviceTime: receipt.serviceTime ?? '',
    servedAt: receipt.servedAt ?? '',
    metadata: document.metadata,
  });
}

export function receiptListItemView(row: ReceiptListRow): ReceiptListItem {
  return { ...row, ocrConfidence: confidenceText(row.ocrConfidence) };
}

/** Leaves optional fields out rather than answering them as undefined. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
