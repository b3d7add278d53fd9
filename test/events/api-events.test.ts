import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import { JOHN_ID, kangarooClient, linkShop } from '../helpers/kangaroo.js';
import { mintToken, picture, USER, wll } from '../helpers/wll.js';
import { deliveriesOf, registerWebhook } from '../webhooks/helpers.js';

/*
 * Every API's events in the one scheme (README: Events): dotted `api.noun.verb` types, the type
 * as the outbox message's body and first in its payload — so a webhook that names the dotted type
 * gets them.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const eventsOf = async (api: string) =>
  (await app.inject({ url: `/__admin/outbox?api=${api}&channel=event` })).json<{
    messages: Array<{ body: string; payload: Record<string, unknown> }>;
  }>().messages;

describe('WLL and Kangaroo events', () => {
  it('are recorded under dotted types and fan out to a webhook that names them', async () => {
    const hook = await registerWebhook(app, {
      url: 'http://127.0.0.1:9/never-listened',
      events: ['wll.receipt.reviewed', 'wll.order.placed', 'kangaroo.transaction.created', 'kangaroo.redemption.made'],
    });

    const user = await mintToken(app, 'user');
    const admin = await mintToken(app, 'admin');
    const claimed = await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('coffee-shop') } });
    expect(claimed.statusCode).toBe(200);
    const ordered = await wll(app, '/orders', { token: admin, body: { submitter: { authIdentifier: USER }, lineItems: [], total: 1 } });
    expect(ordered.statusCode).toBe(200);

    const kangaroo = await kangarooClient(app);
    const linkId = await linkShop(kangaroo);
    const redeemed = await kangaroo.call('POST', '/redemptions', { branch_link_id: linkId, customer: { id: JOHN_ID }, catalog_items: [{ id: 2 }] });
    expect(redeemed.statusCode).toBe(200);

    const wllEvents = await eventsOf('wll');
    expect(wllEvents.map((event) => [event.body, event.payload.type])).toEqual([
      ['wll.receipt.reviewed', 'wll.receipt.reviewed'],
      ['wll.order.placed', 'wll.order.placed'],
    ]);
    expect(wllEvents[0]!.payload).toMatchObject({ receiptId: claimed.json().data.id, status: 'AUTHORIZED' });
    expect(wllEvents[1]!.payload).toMatchObject({ wllEvent: 'ORDER_PLACED', order: { id: ordered.json().data.id } });

    const kangarooEvents = await eventsOf('kangaroo');
    expect(kangarooEvents.map((event) => event.body)).toEqual(['kangaroo.transaction.created', 'kangaroo.redemption.made']);
    expect(kangarooEvents[1]!.payload).toEqual({ type: 'kangaroo.redemption.made', transaction: redeemed.json().data });

    const delivered = await deliveriesOf(app, hook.id);
    expect(delivered.map((delivery) => delivery.event.type).reverse()).toEqual([
      'wll.receipt.reviewed',
      'wll.order.placed',
      'kangaroo.transaction.created',
      'kangaroo.redemption.made',
    ]);
  });
});
