import type { z } from 'zod';
import type { Conditions } from './conditions.js';
import type { basketRuleConfiguration, keyValuePair } from './rule-set-schemas.js';

export type KeyValuePair = z.output<typeof keyValuePair>;
export type BasketRuleConfiguration = z.output<typeof basketRuleConfiguration>;

export interface RuleProperties {
  conditions: Conditions;
  event: { type: string };
  priority: number;
}

/**
 * A rule as stored and as the docs' responses show it (less `id`, `createdAt` and `updatedAt`,
 * which the HTTP layer adds): every rule has `ruleProperties`, a BASKET rule's inflated from its
 * `configuration`, and a CUSTOM rule's `configuration` is null.
 */
export interface StoredRule {
  name: string;
  ruleProperties: RuleProperties;
  resultParams: { success: KeyValuePair[]; failure: KeyValuePair[] };
  configuration: BasketRuleConfiguration | null;
  priority: number;
  type: 'CUSTOM' | 'BASKET';
}
