import { pathProblem } from './json-path.js';
import { isJsonObject } from './json-values.js';
import { RULE_SET_LIMITS as LIMITS } from './limits.js';
import { isKnownOperator } from './operators.js';
import { RULE_SET_MESSAGES as M } from './rule-set-errors.js';

/**
 * A rule's `ruleProperties.conditions`, in json-rules-engine's shape. Checked by hand rather than
 * by a recursive zod schema so that nesting is refused at `conditionNesting` levels before any
 * recursion gets deep, and so that everything json-rules-engine would refuse when the rule is
 * added (no all/any/not at the root, a condition without fact, operator or value, an unknown
 * operator) is refused on write instead. Keys the engine does not read are dropped.
 */
export interface FactCondition {
  fact: string;
  operator: string;
  /** A constant, or `{fact, path?, params?}` to compare against another fact. */
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}

// A type, not an interface, so that conditions fit a JSON object (`Record<string, unknown>`).
type GroupOptions = {
  priority?: number;
  name?: string;
};

export type Conditions =
  | ({ all: Condition[] } & GroupOptions)
  | ({ any: Condition[] } & GroupOptions)
  | ({ not: Condition } & GroupOptions);

export type Condition = Conditions | FactCondition;

export interface ConditionProblem {
  /** Where, relative to the conditions object. */
  path: Array<string | number>;
  /** A predicate ("must …!") or, when capitalised, a whole sentence. */
  message: string;
}

class Refusal {
  constructor(readonly problem: ConditionProblem) {}
}

const GROUPS = ['all', 'any', 'not'] as const;

export function normaliseConditions(input: unknown): { conditions: Conditions } | { problem: ConditionProblem } {
  let factConditions = 0;

  const refuse = (path: Array<string | number>, message: string): never => {
    throw new Refusal({ path, message });
  };

  const options = (node: Record<string, unknown>, path: Array<string | number>): GroupOptions => ({
    ...(node.priority !== undefined && { priority: wholeNumber(node.priority, [...path, 'priority']) }),
    ...(node.name !== undefined && { name: text(node.name, [...path, 'name'], LIMITS.nameLength) }),
  });

  const wholeNumber = (value: unknown, path: Array<string | number>): number =>
    Number.isSafeInteger(value) && (value as number) >= 1 ? (value as number) : refuse(path, M.wholeNumber);

  const text = (value: unknown, path: Array<string | number>, max: number): string =>
    typeof value === 'string' && value.length >= 1 && value.length <= max ? value : refuse(path, M.text(max));

  const record = (value: unknown, path: Array<string | number>): Record<string, unknown> =>
    isJsonObject(value) ? value : refuse(path, M.mustBe('an object'));

  const jsonPath = (value: unknown, path: Array<string | number>): string => {
    const checked = text(value, path, LIMITS.pathLength);
    const problem = pathProblem(checked);
    return problem === undefined ? checked : refuse(path, problem);
  };

  const group = (node: Record<string, unknown>, path: Array<string | number>, level: number): Conditions => {
    if (Object.hasOwn(node, 'condition')) refuse([...path, 'condition'], M.conditionReference);
    const present = GROUPS.filter((key) => Object.hasOwn(node, key));
    if (present.length === 0) refuse(path, M.rootNotBoolean);
    if (present.length > 1) refuse(path, M.oneBooleanOperator);
    if (level > LIMITS.conditionNesting) refuse(path, M.CONDITIONS_TOO_DEEP);
    const key = present[0]!;
    const inner = node[key];
    if (key === 'not') {
      if (Array.isArray(inner)) refuse([...path, key], M.notArray);
      return { not: condition(inner, [...path, key], level + 1), ...options(node, path) };
    }
    if (!Array.isArray(inner)) return refuse([...path, key], M.mustBe('an array'));
    const children = inner.map((child, i) => condition(child, [...path, key, i], level + 1));
    return { [key]: children, ...options(node, path) } as Conditions;
  };

  const condition = (input: unknown, path: Array<string | number>, level: number): Condition => {
    const node = record(input, path);
    if (GROUPS.some((key) => Object.hasOwn(node, key)) || Object.hasOwn(node, 'condition')) {
      return group(node, path, level);
    }
    factConditions++;
    if (factConditions > LIMITS.conditionsPerRule) refuse(path, M.TOO_MANY_CONDITIONS);
    const fact = text(node.fact, [...path, 'fact'], LIMITS.factLength);
    const operator = text(node.operator, [...path, 'operator'], LIMITS.operatorLength);
    if (!isKnownOperator(operator)) refuse([...path, 'operator'], M.unknownOperator(operator));
    if (!Object.hasOwn(node, 'value')) refuse([...path, 'value'], M.required);
    return {
      fact,
      operator,
      value: comparedValue(node.value, [...path, 'value']),
      ...(node.path !== undefined && { path: jsonPath(node.path, [...path, 'path']) }),
      ...(node.params !== undefined && { params: record(node.params, [...path, 'params']) }),
      ...options(node, path),
    };
  };

  // json-rules-engine reads any object with its own `fact` as a reference to that fact's value.
  const comparedValue = (value: unknown, path: Array<string | number>): unknown => {
    if (!isJsonObject(value) || !Object.hasOwn(value, 'fact')) return value;
    return {
      fact: text(value.fact, [...path, 'fact'], LIMITS.factLength),
      ...(value.path !== undefined && { path: jsonPath(value.path, [...path, 'path']) }),
      ...(value.params !== undefined && { params: record(value.params, [...path, 'params']) }),
    };
  };

  try {
    return { conditions: group(record(input, []), [], 1) };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.problem };
    throw error;
  }
}
