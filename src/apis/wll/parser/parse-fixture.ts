import { z } from 'zod';
import { isCalendarDate } from '../schemas/common.js';
import { confident, parsedReceiptFields, type ParsedReceiptFields } from '../schemas/receipts.js';
import { addDays, localDateTimeAt } from '../review/tenant-time.js';

/*
 * A parse result as a fixture file holds it (fixtures/wll/parser/<name>.json): the preparsed
 * claim's fields, with one difference so receipts stay valid as real time passes — the service
 * date may be relative: "@today", "@today-1d", "@today+2d" (whole days, up to 9999), resolved
 * against the workspace's sandbox clock in the tenant's timezone when the picture is parsed.
 * A fixed YYYY-MM-DD date is taken as it is.
 */

const RELATIVE_DATE = /^@today(?:([+-])(\d{1,4})d)?$/;

export function isFixtureDate(value: string): boolean {
  return RELATIVE_DATE.test(value) || isCalendarDate(value);
}

/** The calendar date a fixture's date names, at `now` in `timeZone`. */
export function resolveFixtureDate(value: string, now: Date, timeZone: string): string {
  const match = RELATIVE_DATE.exec(value);
  if (!match) return value;
  const days = match[2] === undefined ? 0 : Number(match[2]) * (match[1] === '-' ? -1 : 1);
  return addDays(localDateTimeAt(now, timeZone).date, days);
}

export const parseFixture = parsedReceiptFields
  .extend({
    about: z.string().max(500).optional().describe('What the fixture stands for and how the reviewer decides it; not part of the result.'),
    serviceDate: confident(
      z.string().max(16).refine(isFixtureDate, 'must be YYYY-MM-DD, @today, or @today±<n>d such as @today-1d'),
    ).optional(),
  })
  .strict();
export type ParseFixture = z.infer<typeof parseFixture>;

/** The parse result a fixture gives at `now`: its relative date made absolute, a fresh copy each time. */
export function resolveParseFixture(fixture: ParseFixture, now: Date, timeZone: string): ParsedReceiptFields {
  const { about: _about, serviceDate, ...fields } = structuredClone(fixture);
  return {
    ...fields,
    ...(serviceDate ? { serviceDate: { ...serviceDate, value: resolveFixtureDate(serviceDate.value, now, timeZone) } } : {}),
  };
}
