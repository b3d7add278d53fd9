import type { RuleEngineOutcome } from './rule-engine.js';

/** The review reasons the docs list (Claim a Receipt, "Reason"; the review schema's enum). */
export const REVIEW_REASONS = [
  'OTHER',
  'VERIFIED',
  'VALID_DATA',
  'FLAGGED_FOR_SPOT_CHECK',
  'DUPLICATE',
  'INVALID_MERCHANT',
  'INVALID_DATE',
  'INSUFFICIENT_DATA',
  'SUSPICIOUS',
  'SUSPICIOUS_CONTEXT',
  'RULE_ENGINE_THREW_ERROR',
  'INVALID_VENUE',
  'FORMAT_SUBMISSION_LIMIT_EXCEEDED',
  'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
  'NO_QUALIFYING_PRODUCTS',
  'INVALID_MULTIPAGE_CLAIM',
  'TEST',
] as const;

export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface RuleEngineDecision {
  status: 'REJECTED' | 'PENDING';
  /** The automated review's verdict for that status. */
  verdict: 'REJECT' | 'ABSTAIN';
  reason: ReviewReason;
}

const REASONS: ReadonlySet<string> = new Set(REVIEW_REASONS);

/**
 * What the rule engine's outcome decides for the receipt reviewer (CONTRACT §5): the `verdict`
 * param REJECT rejects, ABSTAIN leaves the receipt pending; any other verdict — AUTHORIZE, and
 * the FAIL/SUCCESS the docs' stored rule sets carry — or none decides nothing, and the reviewer
 * goes on to its next step. A rule that threw sends the receipt to manual review.
 */
export function reviewDecision(outcome: RuleEngineOutcome): RuleEngineDecision | undefined {
  if (outcome.error !== undefined) {
    return { status: 'PENDING', verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' };
  }
  const reason = outcome.reason !== undefined && REASONS.has(outcome.reason) ? (outcome.reason as ReviewReason) : 'OTHER';
  if (outcome.verdict === 'REJECT') return { status: 'REJECTED', verdict: 'REJECT', reason };
  if (outcome.verdict === 'ABSTAIN') return { status: 'PENDING', verdict: 'ABSTAIN', reason };
  return undefined;
}
