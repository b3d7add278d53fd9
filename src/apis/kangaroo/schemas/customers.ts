import { z } from 'zod';
import { integerParam, paginationQuery } from './common.js';
import { customer, transaction } from './loyalty.js';

/*
 * A customer and their history. The core API has both (`GET /customers/{id}`, `GET
 * /customers/{id}/transactions`); the integrations host documents neither, so the sandbox serves
 * them under /api/v1 in the core's shapes: the customer with its inline balance, the history with
 * Laravel's simple pagination (`links` + `meta`, no total), as the core documents it.
 */

export const customerParams = z.object({
  // Any other string names no customer (404); the router caps its length (414).
  id: z.string().describe('The customer id (32 hex digits), as a transaction answer gives it.'),
});

export const customerResponse = z.object({ data: customer });

export const historyQuery = paginationQuery;

export const historyEntry = transaction
  .omit({ customer: true })
  .extend({
    type_id: z.int().describe("Kangaroo's transaction type: 2 Offer Claimed, 4 Reward, 5 Redemption, 43 Redemption - Catalog, 44 Transaction Canceled - Clerk, 64 Refund - Points, 80/82 Adjust Increase/Decrease Points."),
    cancelled_at: z.string().nullable().describe('When DELETE /transactions/{id} cancelled it; null while it stands.'),
    cancelled_transaction_id: z.int().nullable().describe('On a cancellation (type 44): the transaction it cancelled.'),
  })
  .meta({ id: 'KangarooHistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntry>;

export const historyPage = z.object({
  data: z.array(historyEntry).describe('Newest first.'),
  links: z.object({
    first: z.string(),
    last: z.null(),
    prev: z.string().nullable(),
    next: z.string().nullable(),
  }),
  meta: z.object({
    current_page: z.int(),
    from: z.int().nullable(),
    path: z.string().describe('Relative to the API root.'),
    per_page: z.int(),
    to: z.int().nullable(),
  }),
});
export type HistoryPage = z.infer<typeof historyPage>;

export const transactionParams = z.object({ id: integerParam(1, 2_147_483_647).describe('The transaction id.') });
