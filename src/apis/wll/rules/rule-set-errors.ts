import { RULE_SET_LIMITS as LIMITS } from './limits.js';
import { OPERATOR_NAMES } from './operators.js';

/**
 * Why a rule set was refused; the HTTP layer answers it as WLL's `BadRequestError` (400) with
 * `message` as the body's message. `path` names the offending field (`ruleDefinitions[1].priority`).
 */
export class RuleSetValidationError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'RuleSetValidationError';
  }
}

/**
 * Messages that start with a capital are whole sentences; the others are predicates that
 * `issueMessage` puts after "The <field> ". The one message the docs show is
 * `PRIORITY_MISMATCH`, kept word for word; the rest are the sandbox's, in the same voice.
 */
export const RULE_SET_MESSAGES = {
  PRIORITY_MISMATCH: 'The priority must match the ruleProperties.priority!',
  TOO_MANY_RULES: `A rule set may hold at most ${LIMITS.rulesPerSet} rules!`,
  TOO_DEEP: `The rule definitions may nest objects and arrays at most ${LIMITS.jsonDepth} levels deep!`,
  TOO_BIG: `The rule definitions may be at most ${LIMITS.jsonBytes / 1024} KiB of JSON!`,
  CONDITIONS_TOO_DEEP: `The conditions of a rule may nest all/any/not at most ${LIMITS.conditionNesting} levels deep!`,
  TOO_MANY_CONDITIONS: `A rule may hold at most ${LIMITS.conditionsPerRule} conditions!`,
  nameMismatch: 'must match the ruleProperties.event.type!',
  customNeedsProperties: 'are required for a CUSTOM rule!',
  basketNeedsConfiguration: 'is required for a BASKET rule!',
  unknownType: 'must be CUSTOM or BASKET!',
  required: 'is required!',
  mustBe: (what: string) => `must be ${what}!`,
  text: (max: number) => `must be a string of 1 to ${max} characters!`,
  wholeNumber: 'must be a whole number of at least 1!',
  notArray: 'must be a single condition, not an array!',
  conditionReference: 'must not reference a named condition: the rule engine has none!',
  rootNotBoolean: 'must hold one of all, any or not!',
  oneBooleanOperator: 'must hold only one of all, any or not!',
  unknownOperator: (name: string) =>
    `must be a known operator (${OPERATOR_NAMES.join(', ')}), optionally decorated (someFact:, everyValue:, not:, ...), not '${name.slice(0, LIMITS.operatorLength)}'!`,
  reservedKey: "must not be 'request': that name is the transaction fact!",
  productId: 'must be 1 to 100 letters, digits, dots, underscores or hyphens!',
  noUnitPrice: (productId: string) =>
    `is needed: product '${productId}' has no catalogue price to check the unit price against!`,
  pathTooLong: `must be at most ${LIMITS.pathLength} characters long!`,
  pathUnclosedQuote: 'has a quote that is never closed!',
  pathCall: 'must not call functions: a filter may only read properties and compare them!',
  pathSlash: "must not use '/' outside quotes: no regular expressions or division!",
  pathBacktick: 'must not use backticks!',
} as const;
