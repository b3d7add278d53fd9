import type { CatalogItemRecord } from './db/catalog-repository.js';
import type { OfferRecord } from './db/offer-repository.js';
import { type FieldErrorList, RULE } from './field-errors.js';
import { isRedeemableOfferType } from './offer-types.js';
import { pointsForAmount, toCents } from './points-math.js';
import { TRANSACTION_MODELLED, type TransactionInput } from './schemas/loyalty.js';

/** Kangaroo's transaction types (id: name, kangaroo-api-shapes.md §6) that the sandbox writes. */
export const TRANSACTION_TYPES = {
  offerClaimed: { typeId: 2, name: 'Offer Claimed' },
  reward: { typeId: 4, name: 'Reward' },
  redemption: { typeId: 5, name: 'Redemption' },
  catalogRedemption: { typeId: 43, name: 'Redemption - Catalog' },
  cancellation: { typeId: 44, name: 'Transaction Canceled - Clerk' },
  refundPoints: { typeId: 64, name: 'Refund - Points' },
  adjustIncrease: { typeId: 80, name: 'Adjust Increase Points' },
  adjustDecrease: { typeId: 82, name: 'Adjust Decrease Points' },
} as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[keyof typeof TRANSACTION_TYPES];

/** The sandbox's wording for rules Kangaroo does not document the errors of. */
export const TRANSACTION_RULES = {
  rewardNeedsOne: 'The :attribute field is required when none of points / visits are present.',
  redeemNeedsOne: 'The :attribute field is required when catalog items is not present.',
  returnNeedsOne: 'The :attribute field is required when points is not present.',
  redemptionNeedsOne: 'The :attribute field is required when offer is not present.',
  prohibitedWithCatalog: 'The :attribute field is prohibited when catalog items is present.',
  notRedeemable: 'The selected :attribute is not an offer that can be redeemed for points.',
  notModelled: (intent: string) =>
    `The intent ${intent} is not modelled by the sandbox; it takes ${TRANSACTION_MODELLED.join(', ')}.`,
  insufficient: (balance: number, needed: number) =>
    `The customer's balance of ${balance} points is less than the ${needed} points needed.`,
  overLimit: 'The customer\'s balance would exceed the largest balance the sandbox keeps.',
  notCancellable: (name: string) => `Only Reward and Offer Claimed transactions can be cancelled; this one is ${name}.`,
  alreadyCancelled: 'The transaction has already been cancelled.',
  cannotTakeBack: (balance: number, points: number) =>
    `The customer's balance of ${balance} points is less than the ${points} points the transaction earned.`,
} as const;

/** What a transaction will do, once every field is known to be valid. */
export interface TransactionPlan {
  intent: string;
  type: TransactionType;
  amountCents: number;
  /** Points to move, >= 0; `direction` says which way. */
  points: number;
  direction: 1 | -1;
  /** A return takes back no more than the balance (the customer may have spent what they earned). */
  clampToBalance: boolean;
  visits: number | null;
  comments: string | null;
  catalogLines?: CatalogLine[];
  offer?: { id: number; title: string; points: number };
  /** The field an insufficient balance is reported under. */
  balanceField: string;
}

export interface CatalogLine {
  id: number;
  quantity: number;
  points: number;
}

export interface PlanContext {
  pointsPerCurrencyUnit: number;
  catalogItem(id: number): CatalogItemRecord | undefined;
  offer(id: number): OfferRecord | undefined;
}

type CatalogItemsInput = NonNullable<TransactionInput['catalog_items']>;

/** The catalog items to redeem, each an active item; their lines, or undefined with errors added. */
export function planCatalogLines(items: CatalogItemsInput, context: PlanContext, errors: FieldErrorList): CatalogLine[] | undefined {
  const lines: CatalogLine[] = [];
  items.forEach((item, index) => {
    const found = context.catalogItem(item.id);
    if (!found) errors.add(`catalog_items.${index}.id`, RULE.selected);
    else lines.push({ id: item.id, quantity: item.quantity ?? 1, points: found.points * (item.quantity ?? 1) });
  });
  return lines.length === items.length ? lines : undefined;
}

function total(lines: CatalogLine[]): number {
  return lines.reduce((sum, line) => sum + line.points, 0);
}

function base(input: TransactionInput) {
  return {
    intent: input.intent,
    amountCents: toCents(input.amount ?? 0),
    visits: null,
    comments: null,
    clampToBalance: false,
    balanceField: 'points',
  };
}

/** POST /transactions: the plan for a modelled intent, or undefined with its field errors added. */
export function planTransaction(input: TransactionInput, context: PlanContext, errors: FieldErrorList): TransactionPlan | undefined {
  const points = input.points ?? undefined;
  const amount = input.amount ?? undefined;
  const earnedFor = (money: number | undefined) => (money === undefined ? 0 : pointsForAmount(toCents(money), context.pointsPerCurrencyUnit));
  const positivePoints = () => {
    if (points !== undefined && points < 1) errors.add('points', RULE.min(1));
  };
  switch (input.intent) {
    case 'reward': {
      const visits = input.visits ?? null;
      if (amount === undefined && points === undefined && visits === null) errors.add('amount', TRANSACTION_RULES.rewardNeedsOne);
      positivePoints();
      return { ...base(input), type: TRANSACTION_TYPES.reward, points: points ?? earnedFor(amount), direction: 1, visits };
    }
    case 'redeem': {
      const items = input.catalog_items?.length ? input.catalog_items : undefined;
      if (items) {
        if (points !== undefined) errors.add('points', TRANSACTION_RULES.prohibitedWithCatalog);
        const lines = planCatalogLines(items, context, errors);
        if (!lines) return undefined;
        const type = TRANSACTION_TYPES.catalogRedemption;
        return { ...base(input), type, points: total(lines), direction: -1, catalogLines: lines, balanceField: 'catalog_items' };
      }
      if (points === undefined) errors.add('points', TRANSACTION_RULES.redeemNeedsOne);
      positivePoints();
      return { ...base(input), type: TRANSACTION_TYPES.redemption, points: points ?? 0, direction: -1 };
    }
    case 'return': {
      if (amount === undefined && points === undefined) errors.add('amount', TRANSACTION_RULES.returnNeedsOne);
      positivePoints();
      const type = TRANSACTION_TYPES.refundPoints;
      return { ...base(input), type, points: points ?? earnedFor(amount), direction: -1, clampToBalance: true };
    }
    case 'adjust_points_balance': {
      if (points === undefined) errors.add('points', RULE.required);
      else if (points === 0) errors.add('points', RULE.selected);
      const increase = (points ?? 0) >= 0;
      return {
        ...base(input),
        type: increase ? TRANSACTION_TYPES.adjustIncrease : TRANSACTION_TYPES.adjustDecrease,
        points: Math.abs(points ?? 0),
        direction: increase ? 1 : -1,
        comments: input.comments ?? null,
      };
    }
    default:
      errors.add('intent', TRANSACTION_RULES.notModelled(input.intent));
      return undefined;
  }
}

/** POST /redemptions: catalog items or one redeemable offer, never both. */
export function planRedemption(
  input: { catalog_items?: CatalogItemsInput | null | undefined; offer?: { id: number } | null | undefined },
  context: PlanContext,
  errors: FieldErrorList,
): TransactionPlan | undefined {
  const items = input.catalog_items?.length ? input.catalog_items : undefined;
  const plain = { intent: 'redeem', amountCents: 0, visits: null, comments: null, clampToBalance: false, direction: -1 as const };
  if (items && input.offer) errors.add('offer', TRANSACTION_RULES.prohibitedWithCatalog);
  if (items) {
    const lines = planCatalogLines(items, context, errors);
    if (!lines) return undefined;
    return { ...plain, type: TRANSACTION_TYPES.catalogRedemption, points: total(lines), catalogLines: lines, balanceField: 'catalog_items' };
  }
  if (!input.offer) {
    errors.add('catalog_items', TRANSACTION_RULES.redemptionNeedsOne);
    return undefined;
  }
  const offer = context.offer(input.offer.id);
  if (!offer) errors.add('offer.id', RULE.selected);
  else if (!isRedeemableOfferType(offer.type)) errors.add('offer.id', TRANSACTION_RULES.notRedeemable);
  if (!offer || !isRedeemableOfferType(offer.type)) return undefined;
  return {
    ...plain,
    type: TRANSACTION_TYPES.offerClaimed,
    points: offer.points,
    offer: { id: offer.id, title: offer.title, points: offer.points },
    balanceField: 'offer.id',
  };
}
