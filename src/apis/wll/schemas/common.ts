import { z } from 'zod';

/*
 * Shapes shared by the WLL Receipts Core API's receipts, reviews and orders, named as
 * wll-receipts-core-api.txt names them. Every string and list has a cap so a hostile body costs
 * little to validate and store; the caps are the sandbox's (the docs state none).
 */

/** A bounded string; `min` 1 unless an empty string means something. */
export const text = (max: number, min = 1) =>
  z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must have at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

export const receiptStatus = z
  .enum(['PENDING', 'AUTHORIZED', 'REJECTED'])
  .describe('PENDING: sent for manual review. REJECTED: see paramountReview.reason. AUTHORIZED: a valid submission.');
export type ReceiptStatus = z.infer<typeof receiptStatus>;

export const reviewVerdict = z.enum(['ABSTAIN', 'REJECT', 'AUTHORIZE']);
export type ReviewVerdict = z.infer<typeof reviewVerdict>;

/** The review reasons the docs list (Claim a Receipt, "Reason"; the review schema's enum). */
export const REVIEW_REASONS = [
  'OTHER',
  'VERIFIED',
  'VALID_DATA',
  'FLAGGED_FOR_SPOT_CHECK',
  'DUPLICATE',
  'INVALID_MERCHANT',
  'INVALID_DATE',
  'INSUFFICIENT_DATA',
  'SUSPICIOUS',
  'SUSPICIOUS_CONTEXT',
  'RULE_ENGINE_THREW_ERROR',
  'INVALID_VENUE',
  'FORMAT_SUBMISSION_LIMIT_EXCEEDED',
  'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
  'NO_QUALIFYING_PRODUCTS',
  'INVALID_MULTIPAGE_CLAIM',
  'TEST',
] as const;
export const reviewReason = z.enum(REVIEW_REASONS);
export type ReviewReason = z.infer<typeof reviewReason>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day between 1900 and 9999, so `2019-02-30` is refused rather than rolled over. */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isoDate = z
  .string()
  .max(10, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a date as YYYY-MM-DD');

const ISO_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
export const isoTime = z.string().regex(ISO_TIME, 'must be a time as HH:MM or HH:MM:SS (24-hour)');

export const submitter = z.object({
  authIdentifier: text(255).describe("The user's id in the tenant's auth system (the `sub` of their token)."),
});

export const geoPoint = z.object({
  longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
  latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
});

const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY_LENGTH = 100;
const metadataValue = z.union([text(1000, 0), z.number(), z.boolean()]);

/** At most 50 keys of at most 100 characters: `catchall` alone would take any number of any key. */
function boundedKeys(payload: { value: object; issues: z.core.$ZodRawIssue[] }) {
  const keys = Object.keys(payload.value);
  if (keys.length > MAX_METADATA_KEYS) {
    payload.issues.push({ code: 'custom', input: payload.value, message: `must have at most ${MAX_METADATA_KEYS} keys` });
  }
  for (const key of keys) {
    if (key.length > MAX_METADATA_KEY_LENGTH) {
      payload.issues.push({ code: 'custom', input: payload.value, path: [key], message: `key must be at most ${MAX_METADATA_KEY_LENGTH} characters` });
    }
  }
}

/**
 * `ReceiptMetadata`: `source` is required and one of the documented values; any other key
 * carries a string, number or boolean (the docs' "anyKey: anyValue").
 */
export const metadata = z
  .object({
    source: z
      .enum(['APP', 'WEB', 'API', 'EMAIL', 'OTHER'], { error: 'must be one of APP, WEB, API, EMAIL, OTHER' })
      .describe('"API" is the most appropriate for most cases.'),
    campaignId: text(200).optional(),
  })
  .catchall(metadataValue)
  .check(boundedKeys)
  .describe('Key-value pairs kept with the receipt or order (at most 50 keys).');

/** `LineItemMetadata`: optional key-value pairs of one line item. */
const lineItemMetadata = z
  .record(z.string(), metadataValue)
  .check(boundedKeys)
  .describe('Key-value pairs of the line item, e.g. {"deepDiscount": true} (at most 50 keys).');

const MAX_LINE_ITEMS = 500;

/**
 * `LineItemDefinition` as the orders section documents it. The receipt claim's JSON Schema
 * leaves `lineItems` an untyped array; the sandbox reads it with this same definition.
 */
export const lineItem = z.object({
  quantity: z.number().describe('How many; may be fractional (weighed goods).'),
  description: text(500).describe("What the receipt line says. Useful for finding matches in WLL's Product system."),
  identifier: text(100)
    .optional()
    .describe('Typically a barcode or a unique SKU; matched against the identifiers of the workspace\'s products.'),
  unit: text(50).optional(),
  unitPrice: z.number().optional(),
  totalPrice: z.number().optional(),
  metadata: lineItemMetadata.optional(),
});
export type LineItem = z.infer<typeof lineItem>;

/** A line item as stored and returned: `productId` names the matched product, when one matched. */
export const storedLineItem = lineItem.extend({
  productId: z.string().optional().describe('The product whose identifiers include this line item\'s identifier.'),
});
export type StoredLineItem = z.infer<typeof storedLineItem>;

export const lineItems = z.array(lineItem).max(MAX_LINE_ITEMS, `must have at most ${MAX_LINE_ITEMS} line items`);

/** `{status: "success", data}`: every successful WLL answer. */
export function success<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal('success'), data });
}

export const errorResponse = z
  .object({
    status: z.literal('fail'),
    data: z.object({
      name: z.string().describe('The error class, e.g. BadRequestError.'),
      httpCode: z.number().int(),
      message: z.string(),
    }),
  })
  .meta({ id: 'WllError' });
export type WllErrorBody = z.infer<typeof errorResponse>;

export const idParams = z.object({
  id: text(100).describe('The id the sandbox gave the resource (a UUID).'),
});
