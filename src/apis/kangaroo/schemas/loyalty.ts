import { z } from 'zod';
import { RULE } from '../field-errors.js';
import { countryCode, email, hexId, integer, integerParam, list, money, object, pageOf, paginationQuery, phone, text } from './common.js';

/*
 * The calls keyed by branch_link_id. Kangaroo publishes none of them ("Create Sales, Create
 * Transactions, Retrieve Offers and Redemptions" is all the tutorial says); the sandbox models
 * them on the core API's transactions, offers and rewards shapes (kangaroo-api-shapes.md §5–§9).
 */

const MAX_ID = 2_147_483_647;
const MAX_POINTS = 1_000_000_000;
const MAX_AMOUNT = 1_000_000_000;

const branchLinkId = integer(1, MAX_ID).describe('The branch link (POST /branch-links → id).');

/**
 * The core API's `customer`: by `id`, `email`, or `phone` + `country_code`. Which of them must be
 * present is checked with the customer lookup, so the message can say which are missing.
 */
export const customerRef = object({
  id: hexId().nullish().describe('An existing customer (32 hex digits).'),
  email: email().nullish().describe('Finds the customer, or creates one.'),
  phone: phone().nullish().describe('Digits, with separators or a leading + allowed; needs country_code.'),
  country_code: countryCode().nullish().describe('ISO 3166-1 alpha-2, with phone.'),
  first_name: text(100).nullish().describe('Used when the customer is created.'),
  last_name: text(100).nullish().describe('Used when the customer is created.'),
});
export type CustomerRef = z.infer<typeof customerRef>;

/** Every intent the core API documents; the sandbox models the first four (see TRANSACTION_MODELLED). */
export const TRANSACTION_INTENTS = [
  'reward',
  'redeem',
  'return',
  'adjust_points_balance',
  'get_coupon',
  'claim_coupon',
  'purchase_giftcard_prepaid',
  'giftcard_payment',
  'reward_store_credit',
  'reward_referral',
  'refund_redeemed_points',
  'redeem_ecom_coupon',
  'claim_ecom_coupon',
  'cancel_ecom_coupon',
] as const;
export type TransactionIntent = (typeof TRANSACTION_INTENTS)[number];
export const TRANSACTION_MODELLED = ['reward', 'redeem', 'return', 'adjust_points_balance'] as const;

const catalogItemsInput = list(
  object({ id: integer(1, MAX_ID), quantity: integer(1, 100).nullish().describe('Default 1.') }),
  20,
);
const receipt = object({ number: text(100) });
const transactionDetails = object({ external_order_id: text(100) });

export const transactionBody = object({
  branch_link_id: branchLinkId,
  intent: z.enum(TRANSACTION_INTENTS, {
    error: (issue) => (issue.input === undefined || issue.input === null ? RULE.required : RULE.selected),
  }),
  customer: customerRef,
  amount: money(0, MAX_AMOUNT).nullish().describe('reward, return: money spent or refunded; earns or takes back points at the business rate.'),
  points: integer(-MAX_POINTS, MAX_POINTS).nullish().describe('reward, redeem, return: points (positive); adjust_points_balance: signed change.'),
  visits: integer(1, 1000).nullish().describe('reward: visits recorded (no points).'),
  comments: text(255).nullish().describe('adjust_points_balance: why.'),
  catalog_items: catalogItemsInput.nullish().describe('redeem: catalog items to redeem instead of points.'),
  receipt: receipt.nullish(),
  transaction_details: transactionDetails.nullish(),
});
export type TransactionInput = z.infer<typeof transactionBody>;

export const saleItem = object({
  sku: text(100).nullish(),
  name: text(200),
  quantity: integer(1, 10_000),
  price: money(0, MAX_AMOUNT).describe('Unit price.'),
});

export const saleBody = object({
  branch_link_id: branchLinkId,
  customer: customerRef,
  amount: money(0, MAX_AMOUNT).describe('The sale total; earns points at the business rate.'),
  transaction_details: transactionDetails.describe('external_order_id: the shop\'s order id, once per branch link.'),
  receipt: receipt.nullish(),
  items: list(saleItem, 200).nullish(),
});
export type SaleInput = z.infer<typeof saleBody>;

export const redemptionBody = object({
  branch_link_id: branchLinkId,
  customer: customerRef,
  catalog_items: catalogItemsInput.nullish().describe('Catalog items (GET /redemptions) to redeem; or give offer.'),
  offer: object({ id: integer(1, MAX_ID) }).nullish().describe('A redeemable offer (GET /offers) to redeem; or give catalog_items.'),
});
export type RedemptionInput = z.infer<typeof redemptionBody>;

export const branchLinkQuery = paginationQuery.extend({
  branch_link_id: integerParam(1, MAX_ID).describe('The branch link (POST /branch-links → id).'),
});
export type BranchLinkQuery = z.infer<typeof branchLinkQuery>;

// ── answers ──

export const customer = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    country_code: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    member_since: z.string(),
    balance: z.object({ points: z.int() }),
  })
  .meta({ id: 'KangarooCustomer' });
export type Customer = z.infer<typeof customer>;

export const transaction = z
  .object({
    id: z.int(),
    created_at: z.string(),
    amount: z.number().describe('Money involved, in major units; 0 when none.'),
    points: z.int().describe('Points moved, never negative; `name` says which way.'),
    name: z.string().describe('Kangaroo\'s transaction type name: Reward, Redemption, Redemption - Catalog, Offer Claimed, Refund - Points, Adjust Increase Points, Adjust Decrease Points.'),
    branch_link_id: z.int(),
    receipt: z.object({ number: z.string() }).nullable(),
    transaction_details: z.object({ external_order_id: z.string() }).nullable(),
    items: z
      .array(z.object({ sku: z.string().nullable(), name: z.string(), quantity: z.int(), price: z.number() }))
      .optional()
      .describe('A sale\'s line items.'),
    catalog_items: z
      .array(z.object({ id: z.int(), quantity: z.int(), points: z.int() }))
      .optional()
      .describe('Catalog items redeemed, with the points each line cost.'),
    offer: z.object({ id: z.int(), title: z.string(), points: z.int() }).optional().describe('The offer redeemed.'),
    customer,
  })
  .meta({ id: 'KangarooTransaction' });
export type Transaction = z.infer<typeof transaction>;

export const transactionResponse = z.object({ data: transaction });

export const offer = z
  .object({
    id: z.int(),
    type_id: z.int(),
    type: z.string(),
    title: z.string(),
    description: z.string(),
    points: z.int().describe('For a redeemable offer (free_product, discount_*): what redeeming it costs.'),
    publish_at: z.string(),
    expires_at: z.string(),
    discount_value: z.number(),
    multip_factor: z.number(),
    real_value: z.number(),
  })
  .meta({ id: 'KangarooOffer' });
export type Offer = z.infer<typeof offer>;

export const offerList = pageOf(offer);

export const catalogItem = z
  .object({
    id: z.int(),
    points: z.int().describe('What one redeemed item costs.'),
    publish_at: z.string(),
    expires_at: z.string(),
    amount: z.number(),
    real_value: z.number(),
    discount_value: z.number(),
    partner_reward: z.boolean(),
    redeem_for_gift_card: z.boolean(),
    type: z.string(),
    title: z.string(),
    description: z.string(),
  })
  .meta({ id: 'KangarooCatalogItem' });
export type CatalogItem = z.infer<typeof catalogItem>;

export const catalogList = pageOf(catalogItem);
export type OfferList = z.infer<typeof offerList>;
export type CatalogList = z.infer<typeof catalogList>;
