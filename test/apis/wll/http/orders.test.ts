import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/db/database.js';
import { buildTestApp } from '../../../helpers/build.js';
import { mintToken, USER, wll } from '../../../helpers/wll.js';

let app: FastifyInstance;
let admin: string;

const NOON = '2030-06-15T12:00:00.000Z';

beforeEach(async () => {
  app = await buildTestApp();
  await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: NOON } });
  admin = await mintToken(app, 'admin');
});
afterEach(() => app.close());

const order = (overrides: Record<string, unknown> = {}) => ({
  submitter: { authIdentifier: USER },
  lineItems: [
    { quantity: 2, description: 'Banana', identifier: 'SKU123', unitPrice: 1.99, totalPrice: 3.98 },
    { quantity: 1, description: 'Mystery item', identifier: 'NOT-IN-CATALOGUE' },
  ],
  total: 4.5,
  ...overrides,
});

async function listOrders(query = '') {
  return (await wll(app, `/orders?limit=100${query}`, { token: admin })).json().data as Array<{ id: string; transactionId?: string }>;
}

/** Waits for the orders accepted asynchronously to be made ("shortly after"). */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const asyncly = (body: unknown, apiKey?: string, token = admin) =>
  wll(app, '/orders/asyncly', { token, body, ...(apiKey === undefined ? {} : { apiKey }) });

describe('POST /orders', () => {
  it('answers the created order: AUTHORIZED, line items matched, dates from the clock in the tenant\'s timezone', async () => {
    const response = await wll(app, '/orders', { token: admin, body: order() });
    expect(response.statusCode).toBe(200);
    const created = response.json().data;
    expect(created).toMatchObject({
      type: 'ORDER',
      status: 'AUTHORIZED',
      total: 4.5,
      // 12:00 UTC is 13:00 in London in June.
      serviceDate: '2030-06-15',
      serviceTime: expect.stringMatching(/^13:00:0\d$/),
      lineItems: [{ identifier: 'SKU123', productId: '8d68cb91-202a-4c62-a867-8f9a8a1e2f50' }, { identifier: 'NOT-IN-CATALOGUE' }],
    });
    expect(created.lineItems[1].productId).toBeUndefined();
    expect((await wll(app, `/orders/${created.id}`, { token: admin })).json().data).toEqual(created);
  });

  it('keeps a given service date and time, the time as HH:MM:SS', async () => {
    const created = (await wll(app, '/orders', { token: admin, body: order({ serviceDate: '2030-06-01', serviceTime: '06:30' }) })).json().data;
    expect(created).toMatchObject({ serviceDate: '2030-06-01', serviceTime: '06:30:00' });
  });

  it('records a wll.order.placed event with the order, its submitter and the name WLL gives it', async () => {
    const created = (await wll(app, '/orders', { token: admin, body: order() })).json().data;
    const events = (await app.inject({ url: '/__admin/outbox?api=wll&channel=event' })).json().messages;
    expect(events).toEqual([
      expect.objectContaining({
        body: 'wll.order.placed',
        payload: { type: 'wll.order.placed', wllEvent: 'ORDER_PLACED', order: created, submitter: { authIdentifier: USER } },
      }),
    ]);
  });

  it('answers 400 for an order that is not one, and stores nothing', async () => {
    for (const body of [{ lineItems: [] }, order({ lineItems: 'none' }), order({ serviceDate: '2030-02-30' }), order({ total: '4.50' })]) {
      const response = await wll(app, '/orders', { token: admin, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().data.name).toBe('BadRequestError');
    }
    expect(await listOrders()).toEqual([]);
  });

  it('answers 404 for an order that does not exist', async () => {
    const response = await wll(app, '/orders/00000000-0000-0000-0000-000000000000', { token: admin });
    expect(response.statusCode).toBe(404);
    expect(response.json().data).toMatchObject({ name: 'NotFoundError', message: expect.stringMatching(/No order/) });
  });
});

describe('POST /orders/asyncly', () => {
  it('answers Success:Accepted at once and makes the order shortly after', async () => {
    const response = await asyncly(order({ transactionId: 'TX-1' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'success', data: 'Success:Accepted' });
    await settle();
    const made = await listOrders();
    expect(made).toMatchObject([{ transactionId: 'TX-1', status: 'AUTHORIZED', type: 'ORDER' }]);
    const events = (await app.inject({ url: '/__admin/outbox?api=wll&channel=event' })).json().messages;
    expect(events.map((event: { payload: { type: string } }) => event.payload.type)).toEqual(['wll.order.placed']);
  });

  it('drops a repeat of a transactionId by the same submitter within 5 minutes of the workspace clock', async () => {
    await asyncly(order({ transactionId: 'TX-2' }));
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT4M50S' } });
    admin = await mintToken(app, 'admin');
    const repeat = await asyncly(order({ transactionId: 'TX-2', total: 99 }));
    expect(repeat.json()).toEqual({ status: 'success', data: 'Success:Accepted' });
    await settle();
    expect(await listOrders()).toHaveLength(1);

    // Another submitter's, another transaction, and the same one once the window has passed.
    await asyncly(order({ transactionId: 'TX-2', submitter: { authIdentifier: 'someone-else' } }));
    await asyncly(order({ transactionId: 'TX-3' }));
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT11S' } });
    admin = await mintToken(app, 'admin');
    await asyncly(order({ transactionId: 'TX-2' }));
    await settle();
    expect((await listOrders()).map((made) => made.transactionId).sort()).toEqual(['TX-2', 'TX-2', 'TX-2', 'TX-3']);
  });

  it('never dedupes orders without a transactionId, nor a sync order with one', async () => {
    await wll(app, '/orders', { token: admin, body: order({ transactionId: 'TX-4' }) });
    await asyncly(order({ transactionId: 'TX-4' }));
    await asyncly(order());
    await asyncly(order());
    await settle();
    expect(await listOrders()).toHaveLength(4);
  });

  it('makes one order of repeats sent all at once', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => asyncly(order({ transactionId: 'TX-RACE' }))));
    expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 200));
    await settle();
    expect(await listOrders()).toHaveLength(1);
  });

  it('answers 400 for an order that is not one, and accepts nothing', async () => {
    const response = await asyncly({ transactionId: 'TX-5' });
    expect(response.statusCode).toBe(400);
    await settle();
    expect(await listOrders()).toEqual([]);
    // The refused call did not open a dedupe window either.
    await asyncly(order({ transactionId: 'TX-5' }));
    await settle();
    expect(await listOrders()).toHaveLength(1);
  });
});

describe('accepted orders across a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wll-orders-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes an accepted order held up by a busy database before the app closes', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const busy = await buildTestApp({ dbPath });
    const other = openDatabase(dbPath);
    try {
      const token = await mintToken(busy, 'admin');
      expect((await wll(busy, '/orders/asyncly', { token, body: order() })).statusCode).toBe(200);
      // Another process writes while the order would be made: the attempt waits, fails, is retried.
      other.exec('BEGIN IMMEDIATE');
      await new Promise((resolve) => setImmediate(resolve));
      other.exec('ROLLBACK');
      expect(other.prepare('SELECT count(*) FROM wll_pending_orders').pluck().get()).toBe(1);
      await busy.close();
      expect(other.prepare('SELECT count(*) FROM wll_orders').pluck().get()).toBe(1);
      expect(other.prepare('SELECT count(*) FROM wll_pending_orders').pluck().get()).toBe(0);
    } finally {
      other.close();
    }
  });

  it('makes, when the sandbox starts, the orders a stopped one accepted but had not made', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const first = await buildTestApp({ dbPath });
    // What a process leaves behind when it stops between answering and making the order.
    first.db
      .prepare("INSERT INTO wll_pending_orders (workspace_id, id, accepted_at, submitter_auth_identifier, order_json) VALUES ('demo', 'left-behind', ?, ?, ?)")
      .run(NOON, USER, JSON.stringify({ id: 'left-behind', type: 'ORDER', createdAt: NOON, updatedAt: NOON, serviceDate: '2030-06-15', serviceTime: '13:00:00', lineItems: [], status: 'AUTHORIZED' }));
    await first.close();

    const second = await buildTestApp({ dbPath });
    await settle();
    const token = await mintToken(second, 'admin');
    const made = await wll(second, '/orders/left-behind', { token });
    expect(made.statusCode).toBe(200);
    expect(second.db.prepare('SELECT count(*) FROM wll_pending_orders').pluck().get()).toBe(0);
    await second.close();
  });
});
