import { z } from 'zod';
import { isRedeemableOfferType, OFFER_TYPES } from '../offer-types.js';

/*
 * fixtures/kangaroo/*.json: the world each workspace starts with. Field names are the API's own,
 * so a fixture reads like the answer it becomes.
 */

const hex32 = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits');
const name = z.string().min(1).max(255);
const instant = z.iso.datetime({ offset: true });
const id = z.int().min(1).max(2_147_483_647);

export const businessFixture = z.object({
  id: hex32,
  name,
  points_per_currency_unit: z.int().min(0).max(1000),
});

/** The demo workspace's credentials (CONTRACT §3); other workspaces get minted ones. */
export const credentialsFixture = z.object({
  client_id: z.string().min(1).max(200),
  client_secret: z.string().min(8).max(200),
  client_name: name,
  username: z.email(),
  password: z.string().min(1).max(200),
  user_name: name,
  application_key: z.string().min(8).max(200),
  application_name: name,
});

const nullableText = z.string().min(1).max(255).nullable().default(null);

export const branchFixture = z.object({
  id: hex32,
  name,
  web_site: nullableText,
  virtual_branch_flag: z.boolean(),
  is_ecom: z.boolean(),
  address: z.object({
    formatted: nullableText,
    street: nullableText,
    city: nullableText,
    region: nullableText,
    country: nullableText,
    lat: z.number().min(-90).max(90).nullable().default(null),
    long: z.number().min(-180).max(180).nullable().default(null),
  }),
});

export const customerFixture = z
  .object({
    id: hex32,
    email: z.email().max(255).nullable().default(null),
    phone: z.string().regex(/^\d{4,15}$/).nullable().default(null),
    country_code: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
    first_name: nullableText,
    last_name: nullableText,
    points: z.int().min(0).max(1_000_000_000).describe('Opening balance.'),
  })
  .refine((c) => c.email !== null || c.phone !== null, 'needs an email or a phone')
  .refine((c) => (c.phone === null) === (c.country_code === null), 'phone and country_code come together');

export const offerFixture = z
  .object({
    id,
    type_id: z.int().min(1).max(100),
    type: z.enum(OFFER_TYPES),
    title: name,
    description: z.string().max(2000),
    points: z.int().min(0).max(1_000_000_000),
    discount_value: z.number().min(0),
    multip_factor: z.number().min(0),
    real_value: z.number().min(0),
    publish_at: instant,
    expires_at: instant,
  })
  .refine((o) => !isRedeemableOfferType(o.type) || o.points > 0, 'a redeemable offer costs points');

export const catalogItemFixture = z.object({
  id,
  type: z.string().min(1).max(100),
  title: name,
  description: z.string().max(2000),
  points: z.int().min(1).max(1_000_000_000),
  amount: z.number().min(0),
  real_value: z.number().min(0),
  discount_value: z.number().min(0),
  partner_reward: z.boolean(),
  redeem_for_gift_card: z.boolean(),
  publish_at: instant,
  expires_at: instant,
});

export type BusinessFixture = z.infer<typeof businessFixture>;
export type CredentialsFixture = z.infer<typeof credentialsFixture>;
export type BranchFixture = z.infer<typeof branchFixture>;
export type CustomerFixture = z.infer<typeof customerFixture>;
export type OfferFixture = z.infer<typeof offerFixture>;
export type CatalogItemFixture = z.infer<typeof catalogItemFixture>;
