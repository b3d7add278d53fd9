import { beforeEach, describe, expect, it } from 'vitest';
import { redemptionBody, saleBody, transactionBody } from '../../../src/apis/kangaroo/schemas/loyalty.js';
import { balanceOf, fieldsOf, JOHN_ID, kangarooWorld, linkShop, OTHER_WORKSPACE, type KangarooWorld } from './world.js';

let world: KangarooWorld;
let linkId: number;
beforeEach(() => {
  world = kangarooWorld();
  linkId = linkShop(world, 'demo');
});

const JANE_ID = '11e6961040b1c3d4bb02089e01cf89b6';
const john = { id: JOHN_ID };

const transact = (body: Record<string, unknown>, workspaceId = 'demo') =>
  world.services.loyalty.createTransaction(workspaceId, transactionBody.parse({ branch_link_id: linkId, customer: john, ...body })).data;
const sell = (body: Record<string, unknown>, workspaceId = 'demo') =>
  world.services.loyalty.recordSale(
    workspaceId,
    saleBody.parse({ branch_link_id: linkId, customer: john, amount: 25.5, transaction_details: { external_order_id: '1001' }, ...body }),
  ).data;
const redeem = (body: Record<string, unknown>) =>
  world.services.loyalty.redeem('demo', redemptionBody.parse({ branch_link_id: linkId, customer: john, ...body })).data;

const count = (table: string) => world.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
const ledgerSum = (customerId: string) =>
  world.db.prepare("SELECT coalesce(sum(delta), 0) FROM kangaroo_points_ledger WHERE workspace_id = 'demo' AND customer_id = ?").pluck().get(customerId);

describe('POST /sales', () => {
  it('records the order and earns points at the business rate (1 per whole dollar)', () => {
    const sale = sell({ receipt: { number: 'R-1' }, items: [{ sku: 'CF-1', name: 'Coffee', quantity: 2, price: 3.25 }] });
    expect(sale).toEqual({
      id: 1,
      created_at: '2026-03-01T12:00:00+00:00',
      amount: 25.5,
      points: 25,
      name: 'Reward',
      branch_link_id: linkId,
      receipt: { number: 'R-1' },
      transaction_details: { external_order_id: '1001' },
      items: [{ sku: 'CF-1', name: 'Coffee', quantity: 2, price: 3.25 }],
      customer: {
        id: JOHN_ID,
        email: 'johndoe@example.com',
        phone: '5140000001',
        country_code: 'CA',
        first_name: 'John',
        last_name: 'Doe',
        member_since: '2026-03-01T12:00:00+00:00',
        balance: { points: 1025 },
      },
    });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1025);
    expect(ledgerSum(JOHN_ID)).toBe(1025);
  });

  it('takes an order id once per branch link', () => {
    sell({});
    expect(fieldsOf(() => sell({ amount: 99 }))).toEqual({
      'transaction_details.external_order_id': ['The transaction details.external order id has already been taken.'],
    });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1025);
    const secondLink = linkShop(world, 'demo', 'shop-2');
    expect(sell({ branch_link_id: secondLink }).points).toBe(25);
  });

  it('creates an unknown customer by email, with no points before the sale', () => {
    const sale = sell({ customer: { email: 'new.customer@example.com', first_name: 'New' } });
    expect(sale.customer).toMatchObject({ email: 'new.customer@example.com', first_name: 'New', phone: null, balance: { points: 25 } });
    expect(sale.customer.id).toMatch(/^[0-9a-f]{32}$/);
    expect(sell({ customer: { email: 'NEW.customer@example.com' }, transaction_details: { external_order_id: '1002' } }).customer.id).toBe(sale.customer.id);
  });

  it('creates an unknown customer by phone and country code, and finds them again', () => {
    const first = sell({ customer: { phone: '+1 514 555 0199', country_code: 'ca' } });
    expect(first.customer).toMatchObject({ phone: '15145550199', country_code: 'CA', email: null });
    const again = sell({ customer: { phone: '15145550199', country_code: 'CA' }, transaction_details: { external_order_id: '1002' } });
    expect(again.customer.id).toBe(first.customer.id);
  });

  it('earns nothing on an amount below one currency unit', () => {
    expect(sell({ amount: 0.99 }).points).toBe(0);
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1000);
  });
});

describe('calls keyed by branch_link_id', () => {
  it.each([
    ['an unknown link', 99, 'The selected branch link id is invalid.'],
    ['another workspace\'s link id', -1, 'The selected branch link id is invalid.'],
  ])('answer 422 for %s', (_case, id, message) => {
    const branchLinkId = id === -1 ? linkShop(world, OTHER_WORKSPACE, 'other-shop') + 1 : id;
    expect(fieldsOf(() => sell({ branch_link_id: branchLinkId }))).toEqual({ branch_link_id: [message] });
    expect(fieldsOf(() => transact({ branch_link_id: branchLinkId, intent: 'reward', points: 5 }))).toEqual({ branch_link_id: [message] });
    expect(fieldsOf(() => world.services.offers.listOffers('demo', { branch_link_id: branchLinkId }))).toEqual({ branch_link_id: [message] });
  });

  it('answer 422 for a disabled link, and work again once it is enabled', () => {
    world.services.integrations.setBranchLinkEnabled('demo', linkId, false);
    expect(fieldsOf(() => redeem({ catalog_items: [{ id: 2 }] }))).toEqual({ branch_link_id: ['The selected branch link id is disabled.'] });
    expect(fieldsOf(() => world.services.offers.listRedemptionCatalog('demo', { branch_link_id: linkId }))).toEqual({
      branch_link_id: ['The selected branch link id is disabled.'],
    });
    world.services.integrations.setBranchLinkEnabled('demo', linkId, true);
    expect(redeem({ catalog_items: [{ id: 2 }] }).points).toBe(80);
  });

  it('refuse the magic email reject@kangaroo.sandbox.test in any case, creating nobody', () => {
    const before = count('kangaroo_customers');
    for (const email of ['reject@kangaroo.sandbox.test', 'Reject@Kangaroo.Sandbox.Test']) {
      expect(fieldsOf(() => sell({ customer: { email } }))).toEqual({ 'customer.email': ['The selected customer.email is invalid.'] });
      expect(fieldsOf(() => transact({ intent: 'reward', points: 5, customer: { email } }))).toEqual({
        'customer.email': ['The selected customer.email is invalid.'],
      });
    }
    expect(count('kangaroo_customers')).toBe(before);
  });

  it.each([
    [{ id: '0'.repeat(32) }, { 'customer.id': ['The selected customer.id is invalid.'] }],
    [{}, { 'customer.id': ['The customer.id field is required when none of customer.email / customer.phone are present.'] }],
    [{ first_name: 'Nameless' }, { 'customer.id': ['The customer.id field is required when none of customer.email / customer.phone are present.'] }],
    [{ phone: '5145550100' }, { 'customer.country_code': ['The customer.country code field is required when customer.phone is present.'] }],
    [{ email: 'someone.new@example.com', phone: '5140000001', country_code: 'CA' }, { 'customer.phone': ['The customer.phone has already been taken.'] }],
  ])('answer 422 for the customer %j', (customer, fields) => {
    expect(fieldsOf(() => transact({ intent: 'reward', points: 5, customer }))).toEqual(fields);
  });

  it('find a customer by id in another workspace as unknown', () => {
    expect(fieldsOf(() => transact({ intent: 'reward', points: 5, branch_link_id: linkShop(world, OTHER_WORKSPACE), customer: { id: '0'.repeat(32) } }, OTHER_WORKSPACE))).toEqual({
      'customer.id': ['The selected customer.id is invalid.'],
    });
  });
});

describe('POST /transactions', () => {
  it('reward with points adds them', () => {
    expect(transact({ intent: 'reward', points: 40 })).toMatchObject({ name: 'Reward', points: 40, amount: 0, customer: { balance: { points: 1040 } } });
  });

  it('reward with an amount earns at the business rate; with visits only, no points', () => {
    expect(transact({ intent: 'reward', amount: 12.75 })).toMatchObject({ points: 12, amount: 12.75 });
    expect(transact({ intent: 'reward', visits: 1 })).toMatchObject({ points: 0, name: 'Reward' });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1012);
  });

  it('reward needs amount, points or visits', () => {
    expect(fieldsOf(() => transact({ intent: 'reward' }))).toEqual({ amount: ['The amount field is required when none of points / visits are present.'] });
  });

  it('redeem with points deducts them', () => {
    expect(transact({ intent: 'redeem', points: 300 })).toMatchObject({ name: 'Redemption', points: 300, customer: { balance: { points: 700 } } });
  });

  it('redeem of more points than the balance answers 422 and changes nothing', () => {
    const transactions = count('kangaroo_transactions');
    expect(fieldsOf(() => transact({ intent: 'redeem', points: 1001 }))).toEqual({
      points: ["The customer's balance of 1000 points is less than the 1001 points needed."],
    });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1000);
    expect(count('kangaroo_transactions')).toBe(transactions);
  });

  it('redeem of exactly the balance leaves zero', () => {
    expect(transact({ intent: 'redeem', points: 1000 }).customer.balance.points).toBe(0);
  });

  it('redeem by a new customer is refused without leaving the customer behind', () => {
    const customers = count('kangaroo_customers');
    expect(fieldsOf(() => transact({ intent: 'redeem', points: 1, customer: { email: 'fresh@example.com' } }))).toEqual({
      points: ["The customer's balance of 0 points is less than the 1 points needed."],
    });
    expect(count('kangaroo_customers')).toBe(customers);
  });

  it('redeem with catalog items deducts their points times the quantity', () => {
    transact({ intent: 'adjust_points_balance', points: 240 });
    const redeemed = transact({ intent: 'redeem', catalog_items: [{ id: 2, quantity: 3 }, { id: 1 }] });
    expect(redeemed).toMatchObject({
      name: 'Redemption - Catalog',
      points: 1240,
      catalog_items: [
        { id: 2, quantity: 3, points: 240 },
        { id: 1, quantity: 1, points: 1000 },
      ],
      customer: { balance: { points: 0 } },
    });
  });

  it('redeem needs points or catalog items, not both, and only items in the catalog', () => {
    expect(fieldsOf(() => transact({ intent: 'redeem' }))).toEqual({ points: ['The points field is required when catalog items is not present.'] });
    expect(fieldsOf(() => transact({ intent: 'redeem', points: 5, catalog_items: [{ id: 2 }] }))).toEqual({
      points: ['The points field is prohibited when catalog items is present.'],
    });
    expect(fieldsOf(() => transact({ intent: 'redeem', catalog_items: [{ id: 2 }, { id: 3 }, { id: 99 }] }))).toEqual({
      'catalog_items.1.id': ['The selected catalog items.1.id is invalid.'],
      'catalog_items.2.id': ['The selected catalog items.2.id is invalid.'],
    });
  });

  it.each(['redeem', 'reward', 'return'])('%s refuses zero or negative points', (intent) => {
    expect(fieldsOf(() => transact({ intent, points: -5 }))).toEqual({ points: ['The points must be at least 1.'] });
  });

  it('adjust_points_balance adds signed points and says which way', () => {
    expect(transact({ intent: 'adjust_points_balance', points: 100, comments: 'Goodwill' })).toMatchObject({
      name: 'Adjust Increase Points',
      points: 100,
      customer: { balance: { points: 1100 } },
    });
    expect(transact({ intent: 'adjust_points_balance', points: -50 })).toMatchObject({ name: 'Adjust Decrease Points', points: 50 });
    expect(balanceOf(world, 'demo', JOHN_ID)).toBe(1050);
  });

  it('adjust_points_balance cannot go below zero, and needs non-zero points', () => {
    expect(fieldsOf(() => transact({ intent: 'adjust_points_balance', points: -1001 }))).toEqual({
      points: ["The customer's balance of 1000 points is less than the 1001 points needed."],
    });
    expect(fieldsOf(() => transact({ intent: 'adjust_points_balance' }))).toEqual({ points: ['The points field is required.'] });
    expect(fieldsOf(() => transact({ intent: 'adjust_points_balance', points: 0 }))).toEqual({ points: ['The selected points is invalid.'] });
  });

  it('return takes back the points an amount earned, but never more than the balance', () => {
    expect(transact({ intent: 'return', amount: 20 })).toMatchObject({ name: 'Refund - Points', points: 20, amount: 20, customer: { balance: { points: 980 } } });
    const jane = { id: JANE_ID };
    expect(transact({ intent: 'return', points: 500, customer: jane })).toMatchObject({ points: 120, customer: { balance: { points: 0 } } });
    expect(transact({ intent: 'return', points: 5, customer: jane })).toMatchObject({ points: 0, customer: { balance: { points: 0 } } });
    expect(fieldsOf(() => transact({ intent: 'return' }))).toEqual({ amount: ['The amount field is required when points is not present.'] });
  });

  it('answers 422 for a documented intent the sandbox does not model', () => {
    expect(fieldsOf(() => transact({ intent: 'get_coupon' }))).toEqual({
      intent: ['The intent get_coupon is not modelled by the sandbox; it takes reward, redeem, return, adjust_points_balance.'],
    });
  });

  it('keeps the receipt and order id it was given', () => {
    expect(transact({ intent: 'reward', points: 1, receipt: { number: 'R-9' }, transaction_details: { external_order_id: 'A-1' } })).toMatchObject({
      receipt: { number: 'R-9' },
      transaction_details: { external_order_id: 'A-1' },
    });
  });

  it('reports every field error at once', () => {
    expect(Object.keys(fieldsOf(() => transact({ intent: 'redeem', branch_link_id: 99, customer: { id: '0'.repeat(32) } })))).toEqual([
      'branch_link_id',
      'customer.id',
      'points',
    ]);
  });

  it('numbers transactions per workspace', () => {
    const otherLink = linkShop(world, OTHER_WORKSPACE);
    transact({ intent: 'reward', points: 1 });
    expect(transact({ intent: 'reward', points: 1 }).id).toBe(2);
    expect(transact({ intent: 'reward', points: 1, branch_link_id: otherLink }, OTHER_WORKSPACE).id).toBe(1);
  });
});

describe('GET /offers and GET /redemptions', () => {
  it('list the active offers, not the expired one', () => {
    const list = world.services.offers.listOffers('demo', { branch_link_id: linkId });
    expect(list.data.map((o) => [o.id, o.type])).toEqual([
      [1, 'points_multiplier'],
      [2, 'free_product'],
      [3, 'discount_percentage'],
    ]);
    expect(list.data[1]).toEqual({
      id: 2,
      type_id: 8,
      type: 'free_product',
      title: 'Free coffee',
      description: 'A regular coffee of your choice.',
      points: 150,
      publish_at: '2024-01-01T00:00:00+00:00',
      expires_at: '2099-12-31T23:59:59+00:00',
      discount_value: 0,
      multip_factor: 0,
      real_value: 3.5,
    });
    expect(list.meta.total).toBe(3);
  });

  it('page with per_page, naming the branch link in next_uri', () => {
    const list = world.services.offers.listOffers('demo', { branch_link_id: linkId, per_page: 2 });
    expect(list.cursor).toEqual({ count: 2, next: 2, next_uri: `/offers?branch_link_id=${linkId}&page=2&per_page=2` });
  });

  it('list the redemption catalog, active items only', () => {
    const list = world.services.offers.listRedemptionCatalog('demo', { branch_link_id: linkId });
    expect(list.data.map((item) => [item.id, item.title, item.points])).toEqual([
      [1, '10$ Discount', 1000],
      [2, 'Free muffin', 80],
    ]);
    expect(list.data[0]).toMatchObject({ type: 'redeem_discount_amount', amount: 10, partner_reward: false, redeem_for_gift_card: false });
  });

  it('follow the workspace clock: offers expire when it passes their date', () => {
    world.clock.advance('demo', Date.parse('2100-01-01T00:00:00Z') - world.clock.now('demo').getTime());
    expect(world.services.offers.listOffers('demo', { branch_link_id: linkId }).data).toEqual([]);
    expect(world.services.offers.listOffers(OTHER_WORKSPACE, { branch_link_id: linkShop(world, OTHER_WORKSPACE) }).meta.total).toBe(3);
  });
});

describe('POST /redemptions', () => {
  it('redeems catalog items for their points', () => {
    expect(redeem({ catalog_items: [{ id: 2, quantity: 2 }] })).toMatchObject({
      name: 'Redemption - Catalog',
      points: 160,
      catalog_items: [{ id: 2, quantity: 2, points: 160 }],
      customer: { balance: { points: 840 } },
    });
  });

  it('redeems a redeemable offer for its points', () => {
    expect(redeem({ offer: { id: 3 } })).toMatchObject({
      name: 'Offer Claimed',
      points: 300,
      offer: { id: 3, title: '15% off your next order', points: 300 },
      customer: { balance: { points: 700 } },
    });
  });

  it.each([
    [{ offer: { id: 1 } }, { 'offer.id': ['The selected offer.id is not an offer that can be redeemed for points.'] }],
    [{ offer: { id: 4 } }, { 'offer.id': ['The selected offer.id is invalid.'] }],
    [{ offer: { id: 99 } }, { 'offer.id': ['The selected offer.id is invalid.'] }],
    [{}, { catalog_items: ['The catalog items field is required when offer is not present.'] }],
    [{ catalog_items: [] }, { catalog_items: ['The catalog items field is required when offer is not present.'] }],
    [{ catalog_items: [{ id: 2 }], offer: { id: 2 } }, { offer: ['The offer field is prohibited when catalog items is present.'] }],
    [{ catalog_items: [{ id: 3 }] }, { 'catalog_items.0.id': ['The selected catalog items.0.id is invalid.'] }],
  ])('answers 422 for %j', (body, fields) => {
    expect(fieldsOf(() => redeem(body))).toEqual(fields);
  });

  it('answers 422 when the balance is short, naming what was redeemed', () => {
    expect(fieldsOf(() => redeem({ customer: { id: JANE_ID }, offer: { id: 2 } }))).toEqual({
      'offer.id': ["The customer's balance of 120 points is less than the 150 points needed."],
    });
    expect(fieldsOf(() => redeem({ customer: { id: JANE_ID }, catalog_items: [{ id: 1 }] }))).toEqual({
      catalog_items: ["The customer's balance of 120 points is less than the 1000 points needed."],
    });
    expect(balanceOf(world, 'demo', JANE_ID)).toBe(120);
  });
});
