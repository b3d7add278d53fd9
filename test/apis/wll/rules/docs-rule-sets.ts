import { expect } from 'vitest';
import { checkRuleSetChanges } from '../../../../src/apis/wll/rules/rule-set-check.js';
import { RuleSetValidationError } from '../../../../src/apis/wll/rules/rule-set-errors.js';
import type { StoredRule } from '../../../../src/apis/wll/rules/stored-rule.js';
import docs from './docs-rule-sets.json' with { type: 'json' };

/** The docs' rule-set examples (see docs-rule-sets.json) and the ids their rules test. */
export { docs };

export const PRAWNS = '837eec03-74ff-4758-8cb8-e58ee28c2612';
export const PEPSI = 'c94074f6-42e2-413a-a803-edff365b1b62';
export const CORN_EXCHANGE = 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf';

export const noCatalogue = (): undefined => undefined;

/** The docs' "Deeset Rules" (prawns-present, pepsi-present, venue-is-corn-exchange, final-check) as stored. */
export function deesetRules(): StoredRule[] {
  const changes = checkRuleSetChanges(structuredClone(docs.updateRequest), noCatalogue);
  if (changes instanceof RuleSetValidationError) throw changes;
  expect(changes.rules).toHaveLength(4);
  return changes.rules!;
}

export function lineItem(productId: string, unitPrice: number) {
  return { productId, unitPrice, quantity: 1, description: productId.slice(0, 8), totalPrice: unitPrice };
}

export function transaction(overrides: Record<string, unknown> = {}) {
  return {
    total: 22.4,
    merchantName: 'Corn Exchange Bar',
    serviceDate: '2025-01-09',
    locationIdentifier: 'corn-exchange-till-1',
    venueId: CORN_EXCHANGE,
    lineItems: [lineItem(PRAWNS, 12.2), lineItem(PEPSI, 10.2)],
    ...overrides,
  };
}
