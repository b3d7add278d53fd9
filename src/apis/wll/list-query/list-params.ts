import { compileFilter } from './compile-filter.js';
import { clip, describeValue, ListQueryError, type ListParam } from './errors.js';
import type { FieldMap } from './field-map.js';
import { parseFilter } from './o-rison.js';

/** What a list endpoint lets callers filter and sort by, as SQL the repository trusts. */
export interface ListSpec {
  fields: FieldMap;
  /** `sort` choice → column expression. */
  sorts: Readonly<Record<string, string>>;
  defaultSort: string;
  /** A unique column expression (the primary key) ordering rows the sort leaves tied. */
  tieBreaker: string;
}

/** A list call as SQL: `WHERE … <where> ORDER BY <orderBy> LIMIT <limit> OFFSET <offset>`. */
export interface ListQuery {
  where: string;
  params: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
export const MAX_SKIP = 10_000_000;

const WHOLE_NUMBER = /^\d{1,9}$/;

/**
 * One query parameter's value. The sandbox counts an empty value as absent (`?limit=&filter=`, as
 * URL builders write them) and refuses a repeated parameter rather than guess between its values.
 */
function single(query: Readonly<Record<string, unknown>>, param: ListParam): string | number | undefined {
  const value = Object.hasOwn(query, param) ? query[param] : undefined;
  if (Array.isArray(value)) throw new ListQueryError(param, `is given ${value.length} times; give it once`);
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new ListQueryError(param, `must be a single value, got ${describeValue(value)}`);
}

function wholeNumber(query: Readonly<Record<string, unknown>>, param: 'limit' | 'skip', min: number, max: number, fallback: number): number {
  const value = single(query, param);
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : WHOLE_NUMBER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ListQueryError(param, `must be a whole number from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return number;
}

function sortColumn(query: Readonly<Record<string, unknown>>, spec: ListSpec): string {
  const name = single(query, 'sort') ?? spec.defaultSort;
  if (typeof name === 'string' && Object.hasOwn(spec.sorts, name)) return spec.sorts[name]!;
  throw new ListQueryError('sort', `unknown sort "${clip(String(name))}" (choices: ${Object.keys(spec.sorts).join(', ')})`);
}

/** The docs list `ASC` and `DESC`; the sandbox takes lower case too. Newest first unless asked (contract). */
function direction(query: Readonly<Record<string, unknown>>): 'ASC' | 'DESC' {
  const value = single(query, 'order');
  if (value === undefined) return 'DESC';
  const upper = String(value).toUpperCase();
  if (upper === 'ASC' || upper === 'DESC') return upper;
  throw new ListQueryError('order', `must be ASC or DESC, got ${describeValue(value)}`);
}

/**
 * Reads `limit`, `skip`, `sort`, `order` and `filter` from a request's query (values as strings,
 * numbers, or arrays when repeated) against `spec`. Throws ListQueryError for any bad value.
 */
export function parseListQuery(query: Readonly<Record<string, unknown>>, spec: ListSpec): ListQuery {
  const filter = single(query, 'filter');
  const { sql, params } = compileFilter(parseFilter(filter === undefined ? '' : String(filter), spec.fields), spec.fields);
  const order = direction(query);
  return {
    where: sql,
    params,
    orderBy: `${sortColumn(query, spec)} ${order}, ${spec.tieBreaker} ${order}`,
    limit: wholeNumber(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
    offset: wholeNumber(query, 'skip', 0, MAX_SKIP, 0),
  };
}
