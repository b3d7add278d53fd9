import { z } from 'zod';
import { isIsoCountry } from '../../../lib/field-formats.js';
import { RULE } from '../field-errors.js';
import { normalizePhone } from '../phone-number.js';

/*
 * zod builders that speak Laravel: each message is a RULE template (`:attribute` is filled in when
 * the 422 is rendered). Every string has a length cap and every array a size cap; length caps
 * abort, so no format check ever runs on an over-long value.
 */

/** Laravel's `required` reads null as absent, so null gets "field is required" too. */
function typeError(template: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? RULE.required : template) };
}

/** A non-empty string after trimming, at most `max` characters. */
export function text(max: number) {
  return z
    .string(typeError(RULE.string))
    .max(max, { message: RULE.maxString(max), abort: true })
    .trim()
    .min(1, RULE.required);
}

export function integer(min: number, max: number) {
  return z.int(typeError(RULE.integer)).min(min, RULE.min(min)).max(max, RULE.max(max));
}

/** An integer that must be one of a fixed set (Laravel's `in` rule). */
export function integerIn(values: readonly number[]) {
  return z.int(typeError(RULE.integer)).refine((value) => values.includes(value), RULE.selected);
}

/** A money amount in major units (25.5 = 25 dollars 50), as Kangaroo's `amount`: at most 2 decimals. */
export function money(min: number, max: number) {
  return z
    .number(typeError(RULE.numeric))
    .min(min, RULE.min(min))
    .max(max, RULE.max(max))
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, RULE.decimals(2));
}

export function boolean() {
  return z.boolean(typeError(RULE.boolean));
}

export function object<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  // Laravel validates a nested object with its `array` rule, hence "must be an array".
  return z.object(shape, typeError(RULE.array));
}

export function list<Item extends z.ZodType>(item: Item, max: number) {
  return z.array(item, typeError(RULE.array)).max(max, RULE.maxItems(max));
}

// Each segment of the domain starts with its dot and cannot contain one, so matching is linear.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function email() {
  return z
    .string(typeError(RULE.string))
    .max(255, { message: RULE.maxString(255), abort: true })
    .trim()
    .regex(EMAIL, RULE.email);
}

/** Customers and branches have 32-hex ids; anything else names no record ("The selected … is invalid."). */
export function hexId() {
  return z
    .string(typeError(RULE.string))
    .max(64, { message: RULE.selected, abort: true })
    .regex(/^[0-9a-fA-F]{32}$/, RULE.selected)
    .transform((id) => id.toLowerCase());
}

/** A phone number, kept as its digits. */
export function phone() {
  return z
    .string(typeError(RULE.string))
    .max(30, { message: RULE.format, abort: true })
    .transform((raw, context) => {
      const digits = normalizePhone(raw);
      if (digits === undefined) context.addIssue({ code: 'custom', message: RULE.format });
      return digits ?? '';
    });
}

/** An ISO 3166-1 alpha-2 country code, either case; kept upper-case. */
export function countryCode() {
  return z
    .string(typeError(RULE.string))
    .regex(/^[A-Za-z]{2}$/, RULE.selected)
    .transform((code) => code.toUpperCase())
    // Checked against the ICU data Node ships, so a well-formed but unknown code (ZZ, QQ) is refused.
    .refine(isIsoCountry, RULE.selected);
}

const DIGITS = /^\d{1,9}$/;

/** An integer given as a query or path parameter (a string of digits). */
export function integerParam(min: number, max: number) {
  return z
    .string(typeError(RULE.integer))
    .max(9, { message: RULE.max(max), abort: true })
    .regex(DIGITS, RULE.integer)
    .transform(Number)
    .pipe(z.number().min(min, RULE.min(min)).max(max, RULE.max(max)));
}

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

/** `page` and `per_page` (default 15, max 100), as Kangaroo documents them for its lists. */
export const paginationQuery = z.object({
  page: integerParam(1, 100_000).optional().describe('Page number, from 1.'),
  per_page: integerParam(1, MAX_PER_PAGE).optional().describe(`Items per page (default ${DEFAULT_PER_PAGE}, at most ${MAX_PER_PAGE}).`),
});
export type PaginationQuery = z.infer<typeof paginationQuery>;

/** The cursor block of Kangaroo's core collections (`GET /customers`, `GET /transactions`). */
export const cursor = z
  .object({
    count: z.int().describe('Items on this page.'),
    next: z.int().nullable().describe('The next page number; null on the last page.'),
    next_uri: z.string().nullable().describe('The next page, relative to the API root; null on the last page.'),
  })
  .meta({ id: 'KangarooCursor' });

export const listMeta = z.object({ total: z.int() });

/** A list answer: `{data, cursor, meta}`. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), cursor, meta: listMeta });
}
