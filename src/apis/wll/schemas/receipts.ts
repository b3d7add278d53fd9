import { z } from 'zod';
import {
  geoPoint,
  isoDate,
  isoTime,
  lineItems,
  metadata,
  receiptStatus,
  storedLineItem,
  submitter,
  success,
  text,
} from './common.js';
import { review } from './reviews.js';

const confidence = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** A value a parser read off the picture, with how sure it is. */
export const confident = <T extends z.ZodType>(value: T) => z.object({ value, confidence });

/*
 * The docs type the preparsed amounts as strings (their example sends "Hello, world!"), yet a
 * client usually has a number. Both are taken; a string that does not read as an amount counts
 * as no amount at review time (→ INSUFFICIENT_DATA for the total), rather than a 400.
 */
const amountValue = z
  .union([text(64), z.number()])
  .describe('A number, or a string such as "12.50" or "£12.50"; a string that is not an amount counts as missing.');

export const pictureUrl = z
  .url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? undefined : 'must be an http(s) URL') })
  .max(2048, 'must be at most 2048 characters')
  .describe('Where the picture of the receipt is. The sandbox reads https://receipts.sandbox.test/<name>.jpg; any other URL parses as unreadable.');

/**
 * What a parser reads off a receipt: the preparsed claim's fields, and what the sandbox's picture
 * parser answers in default mode.
 */
export const parsedReceiptFields = z.object({
  ocrConfidence: confidence.describe('How sure the OCR is of the whole receipt, 0–1. Below 0.5 → PENDING/INSUFFICIENT_DATA.'),
  serviceDate: confident(isoDate).optional().describe('The local date of the sale (YYYY-MM-DD) in the tenant\'s timezone.'),
  serviceTime: confident(isoTime).optional().describe('The local time of the sale (HH:MM or HH:MM:SS).'),
  lineItems,
  subtotal: confident(amountValue).optional(),
  total: confident(amountValue).optional(),
  barcode: confident(text(100)).optional().describe('Claiming a barcode already claimed in this workspace → REJECTED/DUPLICATE.'),
  locationIdentifier: confident(text(100)).optional().describe("The merchant's store id; venues list the ones they cover."),
  locationAddress: confident(text(300)).optional(),
  formatSlug: text(100).optional(),
  merchantName: confident(text(200)).optional(),
  language: confident(text(35)).optional().describe('A language tag such as "en".'),
});
export type ParsedReceiptFields = z.infer<typeof parsedReceiptFields>;

export const defaultModeClaim = z.object({
  useParser: z.literal(true),
  submitter: submitter
    .optional()
    .describe("With an admin token: the user the claim is made for (required). With a user token: the token's user."),
  pictureUrl,
  submissionPosition: geoPoint.optional(),
  metadata: metadata.optional(),
});

export const preparsedModeClaim = parsedReceiptFields.extend({
  useParser: z.literal(false),
  // Required: the docs accept only admin tokens in this mode, so the token names no user.
  submitter,
  pictureUrl: pictureUrl.optional(),
  submissionPosition: geoPoint.optional(),
  metadata: metadata.optional(),
});

/** `POST /receipts`: default mode (`useParser: true`, the sandbox parses the picture) or preparsed. */
export const claimReceiptBody = z.discriminatedUnion('useParser', [defaultModeClaim, preparsedModeClaim], {
  error: 'must be true (default mode: the sandbox parses pictureUrl) or false (preparsed mode)',
});
export type ClaimReceiptInput = z.infer<typeof claimReceiptBody>;

export const claimedReceipt = z
  .object({
    id: z.string(),
    status: receiptStatus,
    paramountReview: review.nullable().describe('The review that decided the status: at claim time, the automated one.'),
  })
  .meta({ id: 'WllClaimedReceipt' });

export const claimReceiptResponse = success(claimedReceipt).meta({ id: 'WllClaimReceiptResponse' });

/**
 * `GET /receipts/{id}`. The docs require `serviceDate`, `serviceTime` and `servedAt` as strings,
 * so a receipt that shows no date answers `""` for them (the sandbox's choice); optional fields
 * the receipt lacks are left out.
 */
export const receipt = z
  .object({
    id: z.string(),
    status: receiptStatus,
    paramountReview: review.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submitter,
    ocrConfidence: z.string().describe('A decimal number as a string, as the real API answers it ("0.75").'),
    total: z.number().optional(),
    subtotal: z.number().optional(),
    correctedTotal: z.number().optional().describe('As in the list item: the sandbox corrects no totals, so it equals total.'),
    barcode: z.string().optional(),
    transactionId: z.string().optional(),
    lineItems: z.array(storedLineItem).optional(),
    pictureUrl: z.string().optional(),
    locationIdentifier: z.string().optional(),
    locationAddress: z.string().optional(),
    submissionPosition: geoPoint.optional(),
    formatSlug: z.string().optional(),
    merchantName: z.string().optional(),
    language: z.string().optional(),
    timezone: z.string().describe("The tenant's IANA timezone the service date and time are in."),
    serviceDate: z.string().describe('YYYY-MM-DD, local; "" when the receipt shows no date.'),
    serviceTime: z.string().describe('HH:MM:SS, local; "" when the receipt shows no time.'),
    servedAt: z.string().describe('The service date and time as an instant (ISO 8601, UTC); the start of the day when no time; "" when no date.'),
    metadata: metadata.optional(),
  })
  .meta({ id: 'WllReceipt' });
export type Receipt = z.infer<typeof receipt>;

export const receiptResponse = success(receipt).meta({ id: 'WllReceiptResponse' });

/** An item of `GET /receipts`: every key is always present, null when the receipt lacks it. */
export const receiptListItem = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    status: receiptStatus,
    notionallyServedAt: z.string().describe('servedAt when the receipt shows a date, else createdAt: what sorting by it uses.'),
    serviceDate: z.string().nullable(),
    serviceTime: z.string().nullable(),
    ocrConfidence: z.string(),
    total: z.number().nullable(),
    subtotal: z.number().nullable(),
    correctedTotal: z.number().nullable().describe('The sandbox corrects no totals: equal to total, as in the docs\' example.'),
    barcode: z.string().nullable(),
  })
  .meta({ id: 'WllReceiptListItem' });
export type ReceiptListItem = z.infer<typeof receiptListItem>;

export const listReceiptsResponse = success(z.array(receiptListItem)).meta({ id: 'WllReceiptList' });
