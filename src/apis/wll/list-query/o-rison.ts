import rison from 'rison';
import { clip, describeValue, ListQueryError } from './errors.js';
import { fieldSpec, OPERATORS, OPERATORS_BY_TYPE, type FieldMap, type FieldSpec, type FieldType, type Operator } from './field-map.js';
import { normaliseValue, type FilterValue } from './field-values.js';
import { scanORison } from './rison-scan.js';

/** One (operator, value) pair. `value` is checked against the field's type and normalised. */
export type Condition =
  | { op: 'eq' | 'neq'; value: FilterValue | null }
  | { op: 'gt' | 'lt'; value: FilterValue }
  | { op: 'in'; value: FilterValue[] }
  /** A pattern as the caller wrote it: `%` is its only wildcard. */
  | { op: 'has' | 'like'; value: string };

export interface FieldFilter {
  field: string;
  conditions: Condition[];
}

/** Fields in the order the filter names them; all of them, and all their conditions, must hold. */
export type FilterAst = FieldFilter[];

// The sandbox's limits; the docs state none.
export const MAX_FILTER_LENGTH = 4096;
/** Field group, operator group, `in` list, and one more so a list of lists gets a typed message. */
export const MAX_NESTING = 4;
export const MAX_IN_VALUES = 100;

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  string: 'a text',
  number: 'a number',
  datetime: 'a date-time',
  date: 'a date',
  time: 'a time',
  enum: 'an enum',
  boolean: 'a boolean',
};

const isOperator = (name: string): name is Operator => (OPERATORS as readonly string[]).includes(name);

function fail(detail: string): never {
  throw new ListQueryError('filter', detail);
}

/** The part of `text` around `index`, at most ECHO_LIMIT characters of it. */
function around(text: string, index: number): string {
  const start = Math.max(0, index - 30);
  const window = text.slice(start, start + 58);
  return `${start > 0 ? '…' : ''}${clip(window)}${start + 58 < text.length ? '…' : ''}`;
}

function inList(spec: FieldSpec, label: string, value: unknown): FilterValue[] {
  if (!Array.isArray(value)) fail(`${label} needs a list such as !('A','B'), got ${describeValue(value)}`);
  if (value.length === 0) fail(`${label} needs at least one value: !() is empty`);
  if (value.length > MAX_IN_VALUES) fail(`${label} takes at most ${MAX_IN_VALUES} values, got ${value.length}`);
  return value.map((item: unknown, i) => {
    if (item === null) fail(`${label}[${i}] cannot be !n (use eq:!n to find a missing value)`);
    return normaliseValue(spec, `${label}[${i}]`, item);
  });
}

function condition(spec: FieldSpec, field: string, op: string, value: unknown): Condition {
  if (!isOperator(op)) fail(`unknown operator "${clip(op)}" on ${field} (operators: ${OPERATORS.join(', ')})`);
  const allowed = OPERATORS_BY_TYPE[spec.type];
  if (!allowed.includes(op)) fail(`${field}.${op} does not apply to ${TYPE_NAMES[spec.type]} field (it takes ${allowed.join(', ')})`);
  const label = `${field}.${op}`;
  switch (op) {
    case 'eq':
    case 'neq':
      return { op, value: value === null ? null : normaliseValue(spec, label, value) };
    case 'gt':
    case 'lt':
      if (value === null) fail(`${label} cannot compare with !n (only eq and neq take !n)`);
      return { op, value: normaliseValue(spec, label, value) };
    case 'in':
      return { op, value: inList(spec, label, value) };
    case 'has':
    case 'like':
      if (typeof value !== 'string') fail(`${label} needs a text pattern in quotes, got ${describeValue(value)}`);
      return { op, value };
  }
}

function fieldFilter(fields: FieldMap, field: string, group: unknown): FieldFilter {
  const spec = fieldSpec(fields, field);
  if (group === null || typeof group !== 'object' || Array.isArray(group)) {
    fail(`${field} needs its operators in parentheses, e.g. ${field}:(eq:…), got ${describeValue(group)}`);
  }
  const entries = Object.entries(group);
  if (entries.length === 0) fail(`${field}:() names no operator (operators: ${OPERATORS.join(', ')})`);
  return { field, conditions: entries.map(([op, value]) => condition(spec, field, op, value)) };
}

/**
 * Reads the `filter` parameter: O-Rison such as `status:(eq:AUTHORIZED),total:(gt:10)`, checked
 * against the whitelist `fields`. Throws ListQueryError saying what is wrong and where.
 */
export function parseFilter(text: string, fields: FieldMap): FilterAst {
  if (text.length > MAX_FILTER_LENGTH) fail(`is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are read`);
  const problem = scanORison(text, MAX_NESTING);
  if (problem) {
    // A problem at the end already says so ("found the end of the filter").
    const where = problem.index === text.length ? '' : ` at character ${problem.index + 1}`;
    fail(`not valid O-Rison${where}: ${problem.message} (in "${around(text, problem.index)}")`);
  }
  const decoded = rison.decode_object<Record<string, unknown>>(text);
  return Object.entries(decoded).map(([field, group]) => fieldFilter(fields, field, group));
}
