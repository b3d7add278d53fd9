import type { Engine } from 'json-rules-engine';
import { isJsonObject } from './json-values.js';
import { RULE_SET_LIMITS } from './limits.js';

/** json-rules-engine 7's own operators and decorators (`someFact:equal`, `not:contains`). */
const BUILT_IN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
const DECORATORS = new Set(['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not']);

/**
 * Sandbox's model of WLL's `venueMatches` (the docs name it and use it as
 * `{fact: "request", operator: "venueMatches", value: "<venue id>"}` but do not define it): true
 * when the transaction's `venueId` — which the caller resolves from the workspace's venue
 * catalogue by `locationIdentifier` — or its `locationIdentifier` itself equals the value.
 * The docs imply no other custom operator.
 */
function venueMatches(request: unknown, venue: unknown): boolean {
  if (typeof venue !== 'string' || !isJsonObject(request) || !isJsonObject(request.transaction)) return false;
  const { venueId, locationIdentifier } = request.transaction;
  return venueId === venue || locationIdentifier === venue;
}

const CUSTOM_OPERATORS = { venueMatches } as const;

export const OPERATOR_NAMES: readonly string[] = [...BUILT_IN_OPERATORS, ...Object.keys(CUSTOM_OPERATORS)];
const OPERATORS = new Set(OPERATOR_NAMES);

/** Checked on write, so a stored rule never meets json-rules-engine's "Unknown operator" at run time. */
export function isKnownOperator(name: string): boolean {
  if (name.length === 0 || name.length > RULE_SET_LIMITS.operatorLength) return false;
  const parts = name.split(':');
  const operator = parts.pop() as string;
  return OPERATORS.has(operator) && parts.every((decorator) => DECORATORS.has(decorator));
}

export function addCustomOperators(engine: Engine): void {
  for (const [name, evaluate] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, evaluate);
}
