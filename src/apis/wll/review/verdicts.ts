import type { ReceiptStatus, ReviewVerdict } from '../schemas/common.js';

/** The verdict a review gives for the status it decides: the automated review's. */
export const VERDICT_OF_STATUS: Record<ReceiptStatus, ReviewVerdict> = {
  PENDING: 'ABSTAIN',
  REJECTED: 'REJECT',
  AUTHORIZED: 'AUTHORIZE',
};

/** The status a paramount review's verdict sets: a manual review's. */
export const STATUS_OF_VERDICT: Record<ReviewVerdict, ReceiptStatus> = {
  ABSTAIN: 'PENDING',
  REJECT: 'REJECTED',
  AUTHORIZE: 'AUTHORIZED',
};
