import type { z } from 'zod';
import { inflateBasketRule, type ProductPrices } from './basket-rule.js';
import { RULE_SET_MESSAGES as M, RuleSetValidationError } from './rule-set-errors.js';
import {
  ruleDefinitions,
  ruleSetCreateBody,
  ruleSetUpdateBody,
  type RuleDefinition,
} from './rule-set-schemas.js';
import type { StoredRule } from './stored-rule.js';

export interface NewRuleSet {
  name?: string;
  isActive: boolean;
  rules: StoredRule[];
}

/** What a PATCH changes; `rules`, when present, replaces the whole array. */
export interface RuleSetChanges {
  name?: string;
  isActive?: boolean;
  rules?: StoredRule[];
}

/** A POST /transactions-rule-engine/rule-sets body, checked and normalised. */
export function checkNewRuleSet(body: unknown, prices: ProductPrices): NewRuleSet | RuleSetValidationError {
  const parsed = ruleSetCreateBody.safeParse(body);
  if (!parsed.success) return validationError(parsed.error, 'request body');
  const rules = storedRules(parsed.data.ruleDefinitions ?? [], prices, ['ruleDefinitions']);
  if (rules instanceof RuleSetValidationError) return rules;
  return { ...(parsed.data.name !== undefined && { name: parsed.data.name }), isActive: parsed.data.isActive, rules };
}

/** A PATCH /transactions-rule-engine/rule-sets/{id} body, checked and normalised. */
export function checkRuleSetChanges(body: unknown, prices: ProductPrices): RuleSetChanges | RuleSetValidationError {
  const parsed = ruleSetUpdateBody.safeParse(body);
  if (!parsed.success) return validationError(parsed.error, 'request body');
  const { name, isActive, ruleDefinitions: definitions } = parsed.data;
  const rules = definitions === undefined ? undefined : storedRules(definitions, prices, ['ruleDefinitions']);
  if (rules instanceof RuleSetValidationError) return rules;
  return {
    ...(name !== undefined && { name }),
    ...(isActive !== undefined && { isActive }),
    ...(rules !== undefined && { rules }),
  };
}

/** A bare RuleDefinition array, checked and normalised (BASKET rules inflated). */
export function checkRuleDefinitions(input: unknown, prices: ProductPrices): StoredRule[] | RuleSetValidationError {
  const parsed = ruleDefinitions.safeParse(input);
  if (!parsed.success) return validationError(parsed.error, 'rule definitions');
  return storedRules(parsed.data, prices, []);
}

function storedRules(
  definitions: RuleDefinition[],
  prices: ProductPrices,
  at: Array<string | number>,
): StoredRule[] | RuleSetValidationError {
  const rules: StoredRule[] = [];
  for (const [index, definition] of definitions.entries()) {
    const { name, priority, resultParams } = definition;
    if (definition.type === 'CUSTOM') {
      const { conditions, event } = definition.ruleProperties;
      const ruleProperties = { conditions, event: { type: event.type }, priority };
      rules.push({ name, ruleProperties, resultParams, configuration: null, priority, type: 'CUSTOM' });
      continue;
    }
    const { configuration } = definition;
    const ruleProperties = inflateBasketRule({ name, priority, configuration }, prices);
    if (ruleProperties === undefined) {
      const path = [...at, index, 'configuration', 'overridingUnitPriceToCheckAgainst'];
      return new RuleSetValidationError(sentence(path, M.noUnitPrice(configuration.productId), ''), pathText(path));
    }
    rules.push({ name, ruleProperties, resultParams, configuration, priority, type: 'BASKET' });
  }
  return rules;
}

function validationError(error: z.ZodError, subject: string): RuleSetValidationError {
  const issue = error.issues[0]!;
  return new RuleSetValidationError(issueMessage(issue, subject), pathText(issue.path));
}

/**
 * The message for one zod issue: a whole sentence ("The …!", "A …!") as it is, a predicate
 * ("must …!") after "The <field> ". Anything else is a zod default message: a missing `value`
 * reads "expected nonoptional".
 */
export function issueMessage(issue: z.core.$ZodIssue, subject: string): string {
  if (issue.message.endsWith('!')) {
    return /^[A-Z]/.test(issue.message) ? issue.message : sentence(issue.path, issue.message, subject);
  }
  const missing = issue.code === 'invalid_type' && issue.expected === 'nonoptional';
  return sentence(issue.path, missing ? M.required : `is invalid (${issue.message})!`, subject);
}

function sentence(path: readonly PropertyKey[], predicate: string, subject: string): string {
  return `The ${path.length === 0 ? subject : pathText(path)} ${predicate}`;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
