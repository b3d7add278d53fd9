import { describe, expect, it } from 'vitest';
import type { RuleEngineOutcome } from '../../../../src/apis/wll/rules/rule-engine.js';
import { reviewDecision } from '../../../../src/apis/wll/rules/review-decision.js';
import { REVIEW_REASONS } from '../../../../src/apis/wll/schemas/common.js';

const outcome = (extra: Partial<RuleEngineOutcome>): RuleEngineOutcome => ({ params: {}, rules: [], stopped: false, ...extra });

describe('reviewDecision', () => {
  it.each<[string, Partial<RuleEngineOutcome>, ReturnType<typeof reviewDecision>]>([
    ['REJECT rejects with reason OTHER', { verdict: 'REJECT' }, { status: 'REJECTED', verdict: 'REJECT', reason: 'OTHER' }],
    ['ABSTAIN leaves the receipt pending', { verdict: 'ABSTAIN' }, { status: 'PENDING', verdict: 'ABSTAIN', reason: 'OTHER' }],
    ['a documented reason is kept', { verdict: 'REJECT', reason: 'INVALID_VENUE' }, { status: 'REJECTED', verdict: 'REJECT', reason: 'INVALID_VENUE' }],
    ['an undocumented reason becomes OTHER', { verdict: 'ABSTAIN', reason: 'TOO_MUCH_PEPSI' }, { status: 'PENDING', verdict: 'ABSTAIN', reason: 'OTHER' }],
    ['AUTHORIZE decides nothing', { verdict: 'AUTHORIZE', reason: 'VERIFIED' }, undefined],
    ["the docs' FAIL decides nothing", { verdict: 'FAIL' }, undefined],
    ["the docs' SUCCESS decides nothing", { verdict: 'SUCCESS' }, undefined],
    ['no verdict decides nothing', {}, undefined],
    ['a lower-case reject decides nothing', { verdict: 'reject' }, undefined],
    ['a rule that threw sends the receipt to manual review', { verdict: 'REJECT', error: 'Undefined fact: x' }, { status: 'PENDING', verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' }],
  ])('%s', (_case, extra, expected) => {
    expect(reviewDecision(outcome(extra))).toEqual(expected);
  });

  it('knows the 17 documented reasons', () => {
    expect(REVIEW_REASONS).toHaveLength(17);
    expect(new Set(REVIEW_REASONS).size).toBe(17);
  });
});
