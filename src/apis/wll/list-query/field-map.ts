import { clip, ListQueryError } from './errors.js';

export const OPERATORS = ['eq', 'neq', 'gt', 'lt', 'in', 'has', 'like'] as const;
export type Operator = (typeof OPERATORS)[number];

export type FieldType = 'string' | 'number' | 'datetime' | 'date' | 'time' | 'enum' | 'boolean';

/**
 * One filterable field. `column` is an SQL column expression written by the repository's authors,
 * never by a caller; it is pasted into SQL as it stands, so it must be one operand (a column name,
 * a function call, or anything else in parentheses).
 */
export type FieldSpec =
  | { column: string; type: Exclude<FieldType, 'enum'> }
  | { column: string; type: 'enum'; values: readonly string[] };

/** The whitelist of a list endpoint: API field name → how it is stored and typed. */
export type FieldMap = Readonly<Record<string, FieldSpec>>;

const ALL = OPERATORS;
const ORDERED = ['eq', 'neq', 'gt', 'lt', 'in'] as const;

/**
 * What each type can be asked. Dates, times and date-times are stored as text, so `like` and `has`
 * work on them too (`createdAt:(like:'2024-05%')`); an enum has no order worth comparing.
 */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  string: ALL,
  datetime: ALL,
  date: ALL,
  time: ALL,
  enum: ['eq', 'neq', 'in', 'has', 'like'],
  number: ORDERED,
  boolean: ['eq', 'neq', 'in'],
};

/** The spec of a field the caller named, or the error listing the fields that can be filtered. */
export function fieldSpec(fields: FieldMap, name: string): FieldSpec {
  if (Object.hasOwn(fields, name)) return fields[name]!;
  throw new ListQueryError('filter', `unknown field "${clip(name)}" (filterable: ${Object.keys(fields).join(', ')})`);
}
