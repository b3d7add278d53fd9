import { z } from 'zod';
import {
  COUNTRY_PATTERN,
  CURRENCY_PATTERN,
  E164_PATTERN,
  isEmailAddress,
  isIsoCountry,
  isIsoCurrency,
  MAX_E164_LENGTH,
  MAX_EMAIL_LENGTH,
  MINOR_UNITS_PATTERN,
} from '../../lib/field-formats.js';

/*
 * The Rulrr API's shapes. Steps 1–4 of the OAuth flow are as documented in
 * rulrr-oauth-endpoints.txt; everything marked "sandbox-defined" is where Rulrr's public docs
 * stop and the sandbox chose a shape (CONTRACT §5), kept here in one place so it is easy to change.
 */

const param = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once, as a string') })
    .min(1, 'must not be empty');

// ── OAuth-style flow (documented) ──────────────────────────────────────────

export const clientCredentialsQuery = z.object({
  client_id: param().describe('The id Rulrr gives every vendor; identifies the POS.'),
  client_secret: param().describe('The secret Rulrr gives every vendor.'),
});

export const integrationQuery = clientCredentialsQuery.extend({
  integration_token: param().describe('The token from POST /v1/auth/integration.'),
});

export const refreshQuery = clientCredentialsQuery.extend({
  refresh_token: param().describe('The refresh token from GET /v1/auth/integration/token.'),
});

export const integrationStatus = z.enum(['pending', 'finished', 'cancelled']);
export type IntegrationStatus = z.infer<typeof integrationStatus>;

export const createIntegrationResponse = z.object({
  success: z.literal(true),
  integrationToken: z.string(),
});

export const integrationStatusResponse = z.object({
  success: z.literal(true),
  status: integrationStatus,
});

export const tokensResponse = z
  .object({
    success: z.literal(true),
    accessToken: z.string(),
    refreshToken: z.string(),
    expiration: z.string().describe('When the access token expires (ISO 8601), 365 days after it was issued.'),
    ereceipt: z.boolean().describe('Whether the merchant turned e-receipts on in Rulrr-Connect.'),
  })
  .meta({ id: 'RulrrTokens' });

export const errorResponse = z
  .object({
    success: z.literal(false),
    error: z.string().describe('snake_case error code'),
    message: z.string(),
  })
  .meta({ id: 'RulrrError' });

/** What any Rulrr call can also answer: an unexpected error, or the database busy past its timeout. */
export const anyCallFailures = { 500: errorResponse, 503: errorResponse } as const;
/** What a call that takes a body can also answer: too large, or a Content-Type it does not read. */
export const bodyFailures = { 413: errorResponse, 415: errorResponse, ...anyCallFailures } as const;

// ── Partner endpoints ───────────────────────────────────────────────────────

export const accessTokenQuery = z.object({
  access_token: z
    .string()
    .optional()
    .describe('The access token. An `Authorization: Bearer` header is accepted instead.'),
});

// A refinement runs only once the format check passed (abort), and its check never throws either.
const isoCountry = z
  .string()
  .regex(COUNTRY_PATTERN, { error: 'must be an ISO 3166-1 alpha-2 code such as US', abort: true })
  .refine(isIsoCountry, 'is not an ISO 3166-1 country code');
export const isoCurrency = z
  .string()
  .regex(CURRENCY_PATTERN, { error: 'must be an ISO 4217 code such as USD', abort: true })
  .refine(isIsoCurrency, 'is not an ISO 4217 currency code');
const text = (max: number) => z.string().trim().min(1).max(max);

export const storeProfileBody = z.object({
  storeName: text(200),
  storeAddress: text(300).describe('Street line.'),
  storeCountryCode: isoCountry,
  storeCity: text(100).optional(),
  storeState: text(100).optional(),
  storePostalCode: text(20).optional(),
  storePhoneNumber: text(30).optional(),
  storeCurrency: isoCurrency.optional().describe("Defaults to the store's configured currency."),
});
export type StoreProfileInput = z.infer<typeof storeProfileBody>;

export const store = z.object({
  storeId: z.string(),
  storeName: z.string(),
  storeAddress: z.string().nullable(),
  storeCity: z.string().nullable(),
  storeState: z.string().nullable(),
  storePostalCode: z.string().nullable(),
  storeCountryCode: z.string().nullable(),
  storePhoneNumber: z.string().nullable(),
  storeCurrency: z.string(),
  updatedAt: z.string(),
  settings: z.object({
    ereceipt: z.boolean().describe('E-receipts on or off, as chosen in Rulrr-Connect.'),
  }),
}).meta({ id: 'RulrrStore' });
export type Store = z.infer<typeof store>;

export const storeResponse = z.object({ success: z.literal(true), store });

// Sandbox-defined: the customers upload (CONTRACT §5).
export const customersUploadResponse = z.object({
  success: z.literal(true),
  uploadUrl: z.string().describe('Absolute URL served by the sandbox; PUT or POST the list there.'),
  expiresAt: z.string(),
});

/** Sandbox-defined: the longest text a customer row may hold in each of these fields. */
export const CUSTOMER_TEXT_LIMITS = { customerId: 100, firstName: 100, lastName: 100 } as const;

export const customerRow = z.object({
  customerId: z.string().max(CUSTOMER_TEXT_LIMITS.customerId).optional(),
  firstName: z.string().max(CUSTOMER_TEXT_LIMITS.firstName).optional(),
  lastName: z.string().max(CUSTOMER_TEXT_LIMITS.lastName).optional(),
  email: z.string().max(MAX_EMAIL_LENGTH).optional(),
  phone: z.string().max(MAX_E164_LENGTH).optional(),
  marketingOptIn: z.union([z.boolean(), z.string()]).optional(),
});

/** A customer as kept after an upload (null: the field was empty or left out). */
export const customer = z.object({
  customerId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  marketingOptIn: z.boolean().nullable(),
});
export type Customer = z.infer<typeof customer>;

export const customersJsonUpload = z.object({ customers: z.array(z.looseObject(customerRow.shape)) });

export const uploadReport = z.object({
  success: z.literal(true),
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.array(
    z.object({
      line: z.number().int().describe('CSV: the line in the file (the header is line 1). JSON: the 1-based position in `customers`.'),
      customerId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type UploadReport = z.infer<typeof uploadReport>;

export const uploadParams = z.object({ uploadToken: z.string() });

// Sandbox-defined: orders (CONTRACT §5).
const minorUnits = z
  .string()
  .regex(MINOR_UNITS_PATTERN, 'must be an integer amount in the minor unit, as a string (e.g. "1250")');
const e164 = z.string().regex(E164_PATTERN, 'must be an E.164 phone number such as +14155550123');
// Checked by a function, not a pattern: the usual e-mail pattern backtracks quadratically.
const emailAddress = z
  .string()
  .max(MAX_EMAIL_LENGTH, { error: `must be an email address of at most ${MAX_EMAIL_LENGTH} characters`, abort: true })
  .refine(isEmailAddress, 'must be an email address')
  .describe('One @, a dot inside the domain, no blanks.');

export const orderItem = z.object({
  sku: text(100).optional(),
  name: text(200),
  quantity: z.number().positive(),
  price: minorUnits.describe('Unit price in the minor unit.'),
});

export const orderBody = z.object({
  orderId: text(100).describe("The partner's order id; sending it again is idempotent."),
  createdAt: z.iso.datetime({ offset: true }).optional().describe('When the sale happened (ISO 8601); defaults to receipt time.'),
  currency: isoCurrency.optional().describe("Defaults to the store's currency."),
  total: minorUnits,
  subtotal: minorUnits.optional(),
  tax: minorUnits.optional(),
  items: z.array(orderItem).max(500).default([]),
  customer: z
    .object({
      customerId: text(100).optional(),
      phone: e164.optional(),
      email: emailAddress.optional(),
    })
    .optional(),
  ereceipt: z.boolean().default(false).describe("Send the e-receipt SMS to customer.phone (when the store has e-receipts on)."),
});
export type OrderInput = z.infer<typeof orderBody>;

const ereceiptReason = z
  .enum(['sent', 'not_requested', 'ereceipts_off', 'no_phone', 'delivery_failed'])
  .describe(
    'Why the SMS was or was not sent. `delivery_failed`: the SMS could not be delivered — the sandbox fails every SMS to its magic number +15005550001.',
  );
export type EreceiptReason = z.infer<typeof ereceiptReason>;

export const ereceiptOutcome = z.object({
  requested: z.boolean(),
  sent: z.boolean(),
  reason: ereceiptReason,
  url: z.string().describe('The hosted e-receipt page (sandbox-served).'),
});

export const order = z.object({
  orderId: z.string(),
  storeId: z.string(),
  createdAt: z.string(),
  receivedAt: z.string(),
  currency: z.string(),
  total: z.string(),
  subtotal: z.string().nullable(),
  tax: z.string().nullable(),
  items: z.array(
    z.object({ sku: z.string().nullable(), name: z.string(), quantity: z.number(), price: z.string() }),
  ),
  customer: z.object({
    customerId: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  ereceipt: ereceiptOutcome,
}).meta({ id: 'RulrrOrder' });
export type Order = z.infer<typeof order>;

export const orderResponse = z.object({ success: z.literal(true), order });

export const orderQuery = accessTokenQuery.extend({
  orderId: param().describe("The partner's order id."),
});
