import { REVIEW_REASONS, type ReviewReason } from '../schemas/common.js';
import type { RuleEngineOutcome } from './rule-engine.js';

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
