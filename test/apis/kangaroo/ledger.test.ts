import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_POINTS_BALANCE, pointsForAmount, toCents } from '../../../src/apis/kangaroo/points-math.js';
import { transactionBody } from '../../../src/apis/kangaroo/schemas/loyalty.js';
import { ApiError } from '../../../src/lib/api-error.js';
import { balanceOf, fieldsOf, JOHN_ID, kangarooWorld, linkShop } from './world.js';

const SAM_ID = '11e6961040c2d4e5bb02089e01cf89b7';

describe('points arithmetic', () => {
  it.each([
    [2550, 1, 25],
    [99, 1, 0],
    [100, 3, 3],
    [1999, 10, 199],
    [0, 5, 0],
  ])('%i cents at %i per unit earn %i points', (cents, rate, points) => {
    expect(pointsForAmount(cents, rate)).toBe(points);
  });

  it('converts two-decimal amounts to cents exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (cents) => {
        expect(toCents(cents / 100)).toBe(cents);
      }),
    );
  });

  it('never earns a fraction or more than the whole units allow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), fc.integer({ min: 0, max: 1000 }), (cents, rate) => {
        const points = pointsForAmount(cents, rate);
        expect(Number.isSafeInteger(points)).toBe(true);
        // In whole cents: (cents / 100) * rate in floating point can land a hair under the integer it is.
        expect(points * 100).toBeLessThanOrEqual(cents * rate);
        expect((points + 1) * 100).toBeGreaterThan(cents * rate);
      }),
    );
  });
});

type Step =
  | { intent: 'adjust_points_balance'; points: number }
  | { intent: 'redeem'; points: number }
  | { intent: 'return'; points: number }
  | { intent: 'reward'; points: number }
  | { intent: 'redeem'; catalog_items: Array<{ id: number; quantity: number }> };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: -3000, max: 3000 }).filter((p) => p !== 0).map((points) => ({ intent: 'adjust_points_balance' as const, points })),
  fc.integer({ min: 1, max: 3000 }).map((points) => ({ intent: 'redeem' as const, points })),
  fc.integer({ min: 1, max: 3000 }).map((points) => ({ intent: 'return' as const, points })),
  fc.integer({ min: 1, max: 3000 }).map((points) => ({ intent: 'reward' as const, points })),
  fc
    .array(fc.record({ id: fc.constantFrom(1, 2), quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 })
    .map((catalog_items) => ({ intent: 'redeem' as const, catalog_items })),
);

const CATALOG_POINTS: Record<number, number> = { 1: 1000, 2: 80 };

/** What the balance should become, by the rules the sandbox documents; undefined when refused. */
function expected(balance: number, s: Step): number | undefined {
  if ('catalog_items' in s) {
    const cost = s.catalog_items.reduce((sum, item) => sum + CATALOG_POINTS[item.id]! * item.quantity, 0);
    return cost <= balance ? balance - cost : undefined;
  }
  switch (s.intent) {
    case 'reward':
      return balance + s.points;
    case 'return':
      return balance - Math.min(balance, s.points);
    case 'redeem':
      return s.points <= balance ? balance - s.points : undefined;
    case 'adjust_points_balance':
      return balance + s.points >= 0 ? balance + s.points : undefined;
  }
}

describe('the ledger under random sequences of transactions', () => {
  it('never goes negative, refuses only with a 422, and always adds up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(JOHN_ID, SAM_ID), step), { minLength: 1, maxLength: 25 }), (steps) => {
        const world = kangarooWorld();
        const linkId = linkShop(world, 'demo');
        const model = new Map([
          [JOHN_ID, 1000],
          [SAM_ID, 0],
        ]);
        for (const [customerId, s] of steps) {
          const before = model.get(customerId)!;
          const want = expected(before, s);
          let refused = false;
          try {
            world.services.loyalty.createTransaction('demo', transactionBody.parse({ branch_link_id: linkId, customer: { id: customerId }, ...s }));
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            expect((error as ApiError).statusCode).toBe(422);
            refused = true;
          }
          expect(refused).toBe(want === undefined);
          model.set(customerId, want ?? before);
          const balance = balanceOf(world, 'demo', customerId);
          expect(balance).toBe(model.get(customerId));
          expect(balance).toBeGreaterThanOrEqual(0);
        }
        const drift = world.db
          .prepare(
            `SELECT count(*) FROM kangaroo_customers c
             WHERE c.workspace_id = 'demo' AND c.points <> (SELECT coalesce(sum(delta), 0) FROM kangaroo_points_ledger l
                                                             WHERE l.workspace_id = c.workspace_id AND l.customer_id = c.id)`,
          )
          .pluck()
          .get();
        expect(drift).toBe(0);
        world.db.close();
      }),
      { numRuns: 60 },
    );
  });

  it('stops at the largest balance it keeps', () => {
    const world = kangarooWorld();
    const linkId = linkShop(world, 'demo');
    world.db.prepare("UPDATE kangaroo_customers SET points = ? WHERE workspace_id = 'demo' AND id = ?").run(MAX_POINTS_BALANCE - 10, JOHN_ID);
    const body = transactionBody.parse({ branch_link_id: linkId, customer: { id: JOHN_ID }, intent: 'reward', points: 11 });
    expect(fieldsOf(() => world.services.loyalty.createTransaction('demo', body))).toEqual({
      points: ["The customer's balance would exceed the largest balance the sandbox keeps."],
    });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(MAX_POINTS_BALANCE - 10);
  });

  it('has the database refuse a negative balance even past the services', () => {
    const world = kangarooWorld();
    expect(() => world.db.prepare("UPDATE kangaroo_customers SET points = -1 WHERE workspace_id = 'demo' AND id = ?").run(JOHN_ID)).toThrow(/CHECK/);
  });
});
