/** Balances stay below this, far under 2^53, so sums of points stay exact. */
export const MAX_POINTS_BALANCE = 1_000_000_000_000;

/** Money in hundredths (Kangaroo's amounts carry two decimals). */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The points a purchase of `amountCents` earns at the business rate: whole currency units only. */
export function pointsForAmount(amountCents: number, pointsPerCurrencyUnit: number): number {
  return Math.floor((amountCents * pointsPerCurrencyUnit) / 100);
}
