import { z } from 'zod';
import { geoPoint, isoDate, isoTime, lineItems, metadata, storedLineItem, submitter, success, text } from './common.js';

const MAX_PAYMENT_TENDERS = 50;

export const paymentTender = z.object({
  type: text(50).describe('CASH, CARD, …: not an enum.'),
  id: text(100).optional().describe("The tenant's own reference, useful for non-cash tenders."),
  value: z.number(),
});

/**
 * `OrderDefinition`, the body of `POST /orders` and `POST /orders/asyncly`. The prose calls
 * `serviceDate` and `serviceTime` optional while the JSON Schema lists them required; the sandbox
 * follows the prose and fills them from the sandbox clock in the tenant's timezone.
 */
export const orderBody = z.object({
  // Every order call needs an admin token, and the prose makes submitter required with one.
  submitter,
  serviceDate: isoDate.optional().describe("Local date of the sale (YYYY-MM-DD) in the tenant's timezone; defaults to today there."),
  serviceTime: isoTime.optional().describe('Local time of the sale (HH:MM:SS); defaults to now there.'),
  lineItems,
  paymentTenders: z.array(paymentTender).max(MAX_PAYMENT_TENDERS, `must have at most ${MAX_PAYMENT_TENDERS} tenders`).optional(),
  subtotal: z.number().optional(),
  total: z.number().optional(),
  totalTax: z.number().optional(),
  transactionId: text(100)
    .optional()
    .describe('Highly recommended: POST /orders/asyncly drops a repeat by the same submitter within 5 minutes.'),
  locationIdentifier: text(100).optional().describe("The tenant's store or venue id."),
  locationAddress: text(300).optional(),
  submissionPosition: geoPoint.optional(),
  metadata: metadata.optional(),
});
export type OrderInput = z.infer<typeof orderBody>;

export const order = z
  .object({
    id: z.string(),
    // The docs' enum lists ORDER twice; the sandbox only makes ORDERs.
    type: z.enum(['ORDER', 'RECEIPT']),
    createdAt: z.string(),
    updatedAt: z.string(),
    serviceDate: z.string(),
    serviceTime: z.string(),
    total: z.number().optional(),
    subtotal: z.number().optional(),
    totalTax: z.number().optional(),
    transactionId: z.string().optional(),
    lineItems: z.array(storedLineItem).optional(),
    locationIdentifier: z.string().optional(),
    locationAddress: z.string().optional(),
    submissionPosition: geoPoint.optional(),
    metadata: metadata.optional(),
    paymentTenders: z.array(paymentTender).optional(),
    status: z.enum(['AUTHORIZED']).optional(),
  })
  .meta({ id: 'WllOrder' });
export type Order = z.infer<typeof order>;

export const orderResponse = success(order).meta({ id: 'WllOrderResponse' });
export const listOrdersResponse = success(z.array(order)).meta({ id: 'WllOrderList' });

/** `POST /orders/asyncly` answers at once, before (and whether or not) the order is made. */
export const asyncOrderAccepted = success(z.literal('Success:Accepted')).meta({ id: 'WllOrderAccepted' });
