/** Offer `type` strings from Kangaroo's docs and sample app (kangaroo-api-shapes.md §9). */
export const OFFER_TYPES = [
  'points_multiplier',
  'visits_multiplier',
  'bonus_points',
  'bonus_product',
  'free_product',
  'discount_percentage',
  'discount_amount',
  'giftcard',
] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

/**
 * Sandbox: the offers a customer can redeem for points (a coupon for a product or a discount).
 * Multipliers and bonuses change what a purchase earns instead, and gift cards are not modelled.
 */
export const REDEEMABLE_OFFER_TYPES = ['free_product', 'bonus_product', 'discount_percentage', 'discount_amount'] as const satisfies readonly OfferType[];

export function isRedeemableOfferType(type: string): boolean {
  return (REDEEMABLE_OFFER_TYPES as readonly string[]).includes(type);
}
