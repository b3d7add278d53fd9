import { ApiError } from '../../../lib/api-error.js';

/** The query parameters of a WLL list call, each named at the start of its error messages. */
export type ListParam = 'filter' | 'limit' | 'skip' | 'sort' | 'order';

/**
 * A bad `filter`, `limit`, `skip`, `sort` or `order`. WLL answers it as a 400 `BadRequestError`
 * whose message is this one, e.g. `filter: unknown field "totl" (filterable: id, status, …)`.
 */
export class ListQueryError extends ApiError {
  constructor(
    readonly param: ListParam,
    detail: string,
  ) {
    super(400, 'BadRequestError', `${param}: ${detail}`);
    this.name = 'ListQueryError';
  }
}

/** The most of any caller's input a message repeats: enough to spot the mistake, no more. */
export const ECHO_LIMIT = 60;

const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/gu;

/** Caller input, cut to ECHO_LIMIT characters, control characters shown as `\uXXXX`. */
export function clip(text: string): string {
  const cut = text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT - 1)}…` : text;
  return cut.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A decoded filter value written back the way a caller writes it in Rison: `'ten'`, `12`, `!n`. */
export function describeValue(value: unknown): string {
  if (value === null) return '!n';
  if (value === true) return '!t';
  if (value === false) return '!f';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${clip(value).replace(/[!']/g, '!$&')}'`;
  return Array.isArray(value) ? 'a list' : 'a group in parentheses';
}
