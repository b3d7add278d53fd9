import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { envelope, JOHN_ID, kangarooClient, linkShop, type KangarooClient } from '../../../helpers/kangaroo.js';

/*
 * The calls keyed by branch_link_id over HTTP — the sandbox's model on the core API's shapes
 * (kangaroo-api-shapes.md §5–§9) — and the points balance they keep.
 */
let app: FastifyInstance;
let client: KangarooClient;
let linkId: number;
beforeAll(async () => {
  app = await buildTestApp();
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/__admin/workspaces/demo/reset' });
  client = await kangarooClient(app);
  linkId = await linkShop(client);
});
afterAll(() => app.close());

const JANE_ID = '11e6961040b1c3d4bb02089e01cf89b6';
const john = { id: JOHN_ID };
const keys = (value: object) => Object.keys(value).sort();

const post = async (path: string, body: Record<string, unknown>) => {
  const response = await client.call('POST', path, { branch_link_id: linkId, customer: john, ...body });
  return { status: response.statusCode, body: response.json() };
};
const transact = (body: Record<string, unknown>) => post('/transactions', body);
const sell = (body: Record<string, unknown> = {}) => post('/sales', { amount: 25.5, transaction_details: { external_order_id: '1001' }, ...body });
const redeem = (body: Record<string, unknown>) => post('/redemptions', body);
const balance = async (id = JOHN_ID) => (await client.call('GET', `/customers/${id}`)).json().data.balance.points as number;
const events = async () =>
  (await app.inject({ method: 'GET', url: '/__admin/outbox?api=kangaroo&channel=event' })).json().messages.map(
    (m: { payload: { type: string; transaction: { id: number; name: string } } }) => [m.payload.type, m.payload.transaction.id, m.payload.transaction.name],
  );

describe('POST /sales', () => {
  it('records the sale and earns points at the business rate, answering the core transaction shape', async () => {
    const sale = await sell({ receipt: { number: 'R-1' }, items: [{ sku: 'CF-1', name: 'Coffee', quantity: 2, price: 3.25 }] });
    expect(sale.status).toBe(200);
    // kangaroo-api-shapes.md §6: {data: {id, created_at, amount, points, name}} and the customer with balance.
    expect(sale.body.data).toMatchObject({ id: 1, amount: 25.5, points: 25, name: 'Reward', branch_link_id: linkId });
    expect(sale.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(sale.body.data.items).toEqual([{ sku: 'CF-1', name: 'Coffee', quantity: 2, price: 3.25 }]);
    expect(keys(sale.body.data.customer)).toEqual(['balance', 'country_code', 'email', 'first_name', 'id', 'last_name', 'member_since', 'phone']);
    expect(sale.body.data.customer).toMatchObject({ id: JOHN_ID, email: 'johndoe@example.com', phone: '5140000001', balance: { points: 1025 } });
    expect(await balance()).toBe(1025);
    expect(await events()).toEqual([['kangaroo.transaction.created', 1, 'Reward']]);
  });

  it('takes an order id once per branch link, and leaves the balance alone the second time', async () => {
    await sell();
    expect(await sell({ amount: 99 })).toEqual({
      status: 422,
      body: { 'transaction_details.external_order_id': ['The transaction details.external order id has already been taken.'] },
    });
    expect(await balance()).toBe(1025);
  });

  it('creates an unknown customer by email, and refuses the magic email reject@kangaroo.sandbox.test', async () => {
    const created = await sell({ customer: { email: 'new.customer@example.com', first_name: 'New' } });
    expect(created.body.data.customer).toMatchObject({ email: 'new.customer@example.com', first_name: 'New', balance: { points: 25 } });
    expect(await balance(created.body.data.customer.id)).toBe(25);
    const refused = await sell({ customer: { email: 'Reject@Kangaroo.Sandbox.Test' }, transaction_details: { external_order_id: '1002' } });
    expect(refused).toEqual({ status: 422, body: { 'customer.email': ['The selected customer.email is invalid.'] } });
  });

  it('answers every missing field at once', async () => {
    const response = await client.call('POST', '/sales', {});
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 422,
      body: {
        branch_link_id: ['The branch link id field is required.'],
        customer: ['The customer field is required.'],
        amount: ['The amount field is required.'],
        transaction_details: ['The transaction details field is required.'],
      },
    });
  });

  it('lists a field the schema refuses beside references that name nothing, as Laravel validates every rule at once', async () => {
    const response = await client.call('POST', '/sales', { branch_link_id: 999_999, customer: { id: 'ffffffffffffffffffffffffffffffff' } });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 422,
      body: {
        amount: ['The amount field is required.'],
        transaction_details: ['The transaction details field is required.'],
        branch_link_id: ['The selected branch link id is invalid.'],
        'customer.id': ['The selected customer.id is invalid.'],
      },
    });
    const redemption = await client.call('POST', '/redemptions', { branch_link_id: 999_999, customer: john });
    expect(Object.keys(redemption.json()).sort()).toEqual(expect.arrayContaining(['branch_link_id']));
    expect(redemption.statusCode).toBe(422);
    expect(await balance()).toBe(1000);
  });
});

describe('branch links the keyed calls name', () => {
  it('refuse an unknown link and a disabled one (the admin API disables it), and take it again once enabled', async () => {
    expect(await sell({ branch_link_id: 99 })).toEqual({ status: 422, body: { branch_link_id: ['The selected branch link id is invalid.'] } });
    const disabled = await app.inject({ method: 'POST', url: `/__admin/kangaroo/branch-links/${linkId}/disable` });
    expect(disabled.json()).toMatchObject({ id: linkId, enabled: false });
    const refused = { status: 422, body: { branch_link_id: ['The selected branch link id is disabled.'] } };
    expect(await sell()).toEqual(refused);
    expect(await transact({ intent: 'reward', points: 5 })).toEqual(refused);
    expect(await redeem({ catalog_items: [{ id: 2 }] })).toEqual(refused);
    const offers = await client.call('GET', `/offers?branch_link_id=${linkId}`);
    expect({ status: offers.statusCode, body: offers.json() }).toEqual(refused);
    expect((await client.call('GET', '/integrations/1/branch-links')).json().data[0].enabled).toBe(false);
    await app.inject({ method: 'POST', url: `/__admin/kangaroo/branch-links/${linkId}/enable` });
    expect((await sell()).status).toBe(200);
  });
});

describe('POST /transactions and the points balance', () => {
  it('adjust_points_balance adds points, redeem with points deducts them', async () => {
    const added = await transact({ intent: 'adjust_points_balance', points: 100, comments: 'welcome back' });
    expect(added.body.data).toMatchObject({ points: 100, name: 'Adjust Increase Points', customer: { balance: { points: 1100 } } });
    const spent = await transact({ intent: 'redeem', points: 300 });
    expect(spent.body.data).toMatchObject({ points: 300, name: 'Redemption', customer: { balance: { points: 800 } } });
    const lowered = await transact({ intent: 'adjust_points_balance', points: -50 });
    expect(lowered.body.data).toMatchObject({ points: 50, name: 'Adjust Decrease Points', customer: { balance: { points: 750 } } });
    expect(await balance()).toBe(750);
  });

  it('refuses to redeem more than the balance with a 422, and changes nothing', async () => {
    expect(await transact({ intent: 'redeem', points: 1001 })).toEqual({
      status: 422,
      body: { points: ["The customer's balance of 1000 points is less than the 1001 points needed."] },
    });
    expect(await transact({ intent: 'adjust_points_balance', points: -1001 })).toMatchObject({ status: 422 });
    expect(await balance()).toBe(1000);
    expect(await transact({ intent: 'redeem', points: 1000 })).toMatchObject({ status: 200, body: { data: { customer: { balance: { points: 0 } } } } });
  });

  it('reward earns points for an amount at the business rate, or the points given', async () => {
    expect((await transact({ intent: 'reward', amount: 10.99 })).body.data).toMatchObject({ amount: 10.99, points: 10, name: 'Reward' });
    expect((await transact({ intent: 'reward', points: 7 })).body.data.points).toBe(7);
    expect(await balance()).toBe(1017);
  });

  it('redeem with catalog items costs their points × quantity', async () => {
    const response = await transact({ intent: 'redeem', catalog_items: [{ id: 2, quantity: 3 }] });
    expect(response.body.data).toMatchObject({ name: 'Redemption - Catalog', points: 240, catalog_items: [{ id: 2, quantity: 3, points: 240 }] });
    expect(await balance()).toBe(760);
  });

  it('return takes back points for an amount but never more than the balance', async () => {
    const response = await post('/transactions', { intent: 'return', amount: 500, customer: { id: JANE_ID } });
    expect(response.body.data).toMatchObject({ name: 'Refund - Points', points: 120, customer: { balance: { points: 0 } } });
  });

  it.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ['a reward with nothing to reward', { intent: 'reward' }, { amount: ['The amount field is required when none of points / visits are present.'] }],
    ['a redeem without points', { intent: 'redeem' }, { points: ['The points field is required when catalog items is not present.'] }],
    ['an adjustment of 0', { intent: 'adjust_points_balance', points: 0 }, { points: ['The selected points is invalid.'] }],
    ['an intent the sandbox does not model', { intent: 'get_coupon' }, { intent: ['The intent get_coupon is not modelled by the sandbox; it takes reward, redeem, return, adjust_points_balance.'] }],
    ['an undocumented intent', { intent: 'steal' }, { intent: ['The selected intent is invalid.'] }],
    ['an unknown customer id', { intent: 'reward', points: 1, customer: { id: '0'.repeat(32) } }, { 'customer.id': ['The selected customer.id is invalid.'] }],
    ['a phone without a country code', { intent: 'reward', points: 1, customer: { phone: '5145550100' } }, { 'customer.country_code': ['The customer.country code field is required when customer.phone is present.'] }],
    ['an unknown catalog item', { intent: 'redeem', catalog_items: [{ id: 3 }] }, { 'catalog_items.0.id': ['The selected catalog items.0.id is invalid.'] }],
  ])('answers %s with a 422 field map', async (_case, body, fields) => {
    expect(await transact(body)).toEqual({ status: 422, body: fields });
    expect(await balance()).toBe(1000);
  });

  it('keeps the balance equal to the sum of what the answers said, and never below 0, whatever the sequence', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ intent: fc.constant('adjust_points_balance'), points: fc.integer({ min: -400, max: 400 }).filter((n) => n !== 0) }),
            fc.record({ intent: fc.constant('redeem'), points: fc.integer({ min: 1, max: 600 }) }),
            fc.record({ intent: fc.constant('reward'), amount: fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100) }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        async (operations) => {
          const customer = { email: `prop-${Math.random().toString(36).slice(2)}@example.com` };
          let expected = 0;
          for (const operation of operations) {
            const answer = await transact({ ...operation, customer });
            const delta = operation.intent === 'redeem' ? -operation.points! : operation.intent === 'reward' ? Math.floor(operation.amount!) : operation.points!;
            if (expected + delta < 0) {
              expect(answer.status).toBe(422);
            } else {
              expect(answer.status).toBe(200);
              expected += delta;
              expect(answer.body.data.customer.balance.points).toBe(expected);
            }
          }
          const stored = app.db.prepare("SELECT points FROM kangaroo_customers WHERE workspace_id = 'demo' AND email = ?").pluck().get(customer.email);
          expect(stored ?? 0).toBe(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('GET /offers and GET /redemptions', () => {
  it('list what is published and not expired, with the core items\' fields', async () => {
    const offers = (await client.call('GET', `/offers?branch_link_id=${linkId}`)).json();
    expect(offers.data.map((o: { id: number }) => o.id)).toEqual([1, 2, 3]);
    expect(keys(offers.data[1])).toEqual([
      'description', 'discount_value', 'expires_at', 'id', 'multip_factor', 'points', 'publish_at', 'real_value', 'title', 'type', 'type_id',
    ]);
    expect(offers.data[1]).toMatchObject({ id: 2, type: 'free_product', type_id: 8, points: 150, expires_at: '2099-12-31T23:59:59+00:00' });
    expect(offers.meta).toEqual({ total: 3 });
    const catalog = (await client.call('GET', `/redemptions?branch_link_id=${linkId}&per_page=1`)).json();
    expect(keys(catalog.data[0])).toEqual([
      'amount', 'description', 'discount_value', 'expires_at', 'id', 'partner_reward', 'points', 'publish_at', 'real_value', 'redeem_for_gift_card', 'title', 'type',
    ]);
    expect(catalog.data[0]).toMatchObject({ id: 1, points: 1000, type: 'redeem_discount_amount', title: '10$ Discount' });
    expect(catalog.cursor).toEqual({ count: 1, next: 2, next_uri: `/redemptions?branch_link_id=${linkId}&page=2&per_page=1` });
  });

  it('need a branch_link_id', async () => {
    const response = await client.call('GET', '/offers');
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 422, body: { branch_link_id: ['The branch link id field is required.'] } });
  });
});

describe('POST /redemptions', () => {
  it('redeems catalog items and a redeemable offer for points, each a redemption event', async () => {
    const catalog = await redeem({ catalog_items: [{ id: 2 }] });
    expect(catalog.body.data).toMatchObject({ name: 'Redemption - Catalog', points: 80, customer: { balance: { points: 920 } } });
    const offer = await redeem({ offer: { id: 2 } });
    expect(offer.body.data).toMatchObject({ name: 'Offer Claimed', points: 150, offer: { id: 2, title: 'Free coffee', points: 150 }, customer: { balance: { points: 770 } } });
    expect(await events()).toEqual([
      ['kangaroo.transaction.created', 1, 'Redemption - Catalog'],
      ['kangaroo.redemption.made', 1, 'Redemption - Catalog'],
      ['kangaroo.transaction.created', 2, 'Offer Claimed'],
      ['kangaroo.redemption.made', 2, 'Offer Claimed'],
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ['more than the balance', { catalog_items: [{ id: 1, quantity: 2 }] }, { catalog_items: ["The customer's balance of 1000 points is less than the 2000 points needed."] }],
    ['an expired offer', { offer: { id: 4 } }, { 'offer.id': ['The selected offer.id is invalid.'] }],
    ['an offer that is not redeemed for points', { offer: { id: 1 } }, { 'offer.id': ['The selected offer.id is not an offer that can be redeemed for points.'] }],
    ['nothing to redeem', {}, { catalog_items: ['The catalog items field is required when offer is not present.'] }],
    ['both', { offer: { id: 2 }, catalog_items: [{ id: 2 }] }, { offer: ['The offer field is prohibited when catalog items is present.'] }],
  ])('answers %s with a 422, and no event', async (_case, body, fields) => {
    expect(await redeem(body)).toEqual({ status: 422, body: fields });
    expect(await balance()).toBe(1000);
    expect(await events()).toEqual([]);
  });
});

describe('DELETE /transactions/{id}', () => {
  it('cancels a sale: 204, the points go back, the history shows both', async () => {
    const sale = await sell();
    const response = await client.call('DELETE', `/transactions/${sale.body.data.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await balance()).toBe(1000);
    const history = (await client.call('GET', `/customers/${JOHN_ID}/transactions`)).json();
    expect(history.data.map((t: { id: number; type_id: number; name: string; cancelled_transaction_id: number | null }) => [t.id, t.type_id, t.name, t.cancelled_transaction_id])).toEqual([
      [2, 44, 'Transaction Canceled - Clerk', 1],
      [1, 4, 'Reward', null],
    ]);
    expect(history.data[1].cancelled_at).toMatch(/\+00:00$/);
    expect(await events()).toEqual([
      ['kangaroo.transaction.created', 1, 'Reward'],
      ['kangaroo.transaction.created', 2, 'Transaction Canceled - Clerk'],
    ]);
  });

  it('cancels an offer claimed: the points come back', async () => {
    const claimed = await redeem({ offer: { id: 3 } });
    expect(await balance()).toBe(700);
    expect((await client.call('DELETE', `/transactions/${claimed.body.data.id}`)).statusCode).toBe(204);
    expect(await balance()).toBe(1000);
  });

  it.each<[string, () => Promise<number>, string]>([
    ['a redemption', async () => (await transact({ intent: 'redeem', points: 5 })).body.data.id, 'Only Reward and Offer Claimed transactions can be cancelled; this one is Redemption.'],
    [
      'a reward twice',
      async () => {
        const id = (await transact({ intent: 'reward', points: 5 })).body.data.id;
        await client.call('DELETE', `/transactions/${id}`);
        return id;
      },
      'The transaction has already been cancelled.',
    ],
    [
      'a reward whose points were spent',
      async () => {
        const id = (await post('/transactions', { intent: 'reward', points: 50, customer: { id: JANE_ID } })).body.data.id;
        await post('/transactions', { intent: 'redeem', points: 150, customer: { id: JANE_ID } });
        return id;
      },
      "The customer's balance of 20 points is less than the 50 points the transaction earned.",
    ],
  ])('refuses to cancel %s with a 400, and changes nothing', async (_case, make, description) => {
    const id = await make();
    const before = [await balance(), await balance(JANE_ID)];
    const response = await client.call('DELETE', `/transactions/${id}`);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 400, body: envelope(400, 'Bad Request', description) });
    expect([await balance(), await balance(JANE_ID)]).toEqual(before);
  });

  it('answers 404 Transaction not found for an unknown id', async () => {
    const response = await client.call('DELETE', '/transactions/999');
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 404, body: envelope(404, 'Transaction not found', "The requested resource doesn't exist.") });
  });
});

describe('GET /customers/{id} and its history', () => {
  it('answers the customer with the balance inline, 404 for an unknown one', async () => {
    const found = (await client.call('GET', `/customers/${JOHN_ID.toUpperCase()}`)).json();
    expect(found).toEqual({
      data: {
        id: JOHN_ID,
        email: 'johndoe@example.com',
        phone: '5140000001',
        country_code: 'CA',
        first_name: 'John',
        last_name: 'Doe',
        member_since: expect.stringMatching(/\+00:00$/),
        balance: { points: 1000 },
      },
    });
    for (const id of ['0'.repeat(32), 'not-an-id']) {
      const missing = await client.call('GET', `/customers/${id}`);
      expect({ status: missing.statusCode, body: missing.json() }).toEqual({ status: 404, body: envelope(404, 'Customer not found', "The requested resource doesn't exist.") });
    }
  });

  it('pages the history newest first with Laravel\'s links and meta', async () => {
    for (let i = 0; i < 3; i++) await transact({ intent: 'reward', points: i + 1 });
    const first = (await client.call('GET', `/customers/${JOHN_ID}/transactions?per_page=2`)).json();
    expect(first.data.map((t: { points: number }) => t.points)).toEqual([3, 2]);
    const path = `/customers/${JOHN_ID}/transactions`;
    expect(first.links).toEqual({ first: `${path}?page=1&per_page=2`, last: null, prev: null, next: `${path}?page=2&per_page=2` });
    expect(first.meta).toEqual({ current_page: 1, from: 1, path, per_page: 2, to: 2 });
    const second = (await client.call('GET', first.links.next)).json();
    expect(second.data.map((t: { points: number }) => t.points)).toEqual([1]);
    expect(second.links.next).toBeNull();
    expect(second.meta).toMatchObject({ from: 3, to: 3 });
  });
});
