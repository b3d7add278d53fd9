import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_MERCHANT, DEMO_STORE_ID, query } from '../helpers/build.js';
import { createWorkspace, partner, readWorkspace, RulrrCalls, type WorkspaceBody } from './workspace-fixture.js';

/*
 * Two workspaces made from the same fixtures — the same merchant, the same store ids — used side
 * by side: nothing made in one is visible, usable or countable from the other (CONTRACT §1a).
 * Demo takes part where a third party costs nothing, so it is held to the same rule.
 */
let app: FastifyInstance;
let a: RulrrCalls;
let b: RulrrCalls;
let demo: RulrrCalls;
beforeEach(async () => {
  app = await buildTestApp();
  a = new RulrrCalls(app, await createWorkspace(app, { name: 'a' }));
  b = new RulrrCalls(app, await createWorkspace(app, { name: 'b' }));
  demo = new RulrrCalls(app, await readWorkspace(app, 'demo'));
});
afterEach(() => app.close());

const AIRPORT = 'store-demo-airport';
const error = (response: LightMyRequestResponse) => ({ status: response.statusCode, error: response.json().error });
const pairs = () =>
  [
    [a, b],
    [b, a],
    [a, demo],
    [demo, a],
  ] as const;
const label = (calls: RulrrCalls) => calls.workspace.name;

async function customersOf(calls: RulrrCalls, storeId = DEMO_STORE_ID) {
  const response = await calls.admin('GET', `/rulrr/stores/${storeId}/customers`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().customers as Array<{ customerId: string; firstName: string | null }>;
}

async function upload(uploadUrl: string, customers: object[]) {
  return app.inject({ method: 'PUT', url: new URL(uploadUrl).pathname, payload: { customers } });
}

describe('the OAuth flow across workspaces', () => {
  it("a client answers 403 to another workspace's integration token at STEP 2 and STEP 4, even once it is finished", async () => {
    for (const [owner, stranger] of pairs()) {
      const token = await owner.integration();
      expect(error(await stranger.step2(token)), `${label(stranger)} reads ${label(owner)}'s`).toEqual({
        status: 403,
        error: 'invalid_integration_token',
      });
      expect((await owner.control('complete', token)).statusCode).toBe(200);
      expect(error(await stranger.step2(token))).toEqual({ status: 403, error: 'invalid_integration_token' });
      expect(error(await stranger.step4(token))).toEqual({ status: 403, error: 'invalid_integration_token' });
      // The stranger's attempts used nothing up: the owner still takes the tokens, once.
      expect((await owner.step2(token)).json().status).toBe('finished');
      expect((await owner.step4(token)).statusCode).toBe(200);
    }
  });

  it("a client id with another workspace's client secret answers 403", async () => {
    const mixed = { client_id: a.workspace.rulrr.clientId, client_secret: b.workspace.rulrr.clientSecret };
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(mixed)}` });
    expect(error(response)).toEqual({ status: 403, error: 'invalid_client_secret' });
  });

  it("refresh answers 403 to another workspace's refresh token, and works in its own", async () => {
    for (const [owner, stranger] of pairs()) {
      const { refreshToken } = await owner.connect();
      expect(error(await stranger.refresh(refreshToken))).toEqual({ status: 403, error: 'invalid_refresh_token' });
      const refreshed = await owner.refresh(refreshToken);
      expect(refreshed.statusCode).toBe(200);
      expect((await partner(app, refreshed.json().accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);
    }
  });
});

describe('partner endpoints across workspaces', () => {
  it("an access token opens only its own workspace's store, though the store ids are the same", async () => {
    const tokenA = (await a.connect()).accessToken;
    const tokenB = (await b.connect()).accessToken;
    const tokenDemo = (await demo.connect()).accessToken;
    const profile = { storeName: 'Alpha Coffee', storeAddress: '1 Alpha Way', storeCountryCode: 'US' };
    const put = await partner(app, tokenA, 'PUT', '/v1/stores', profile);
    expect(put.statusCode).toBe(200);

    const stores = await Promise.all([tokenA, tokenB, tokenDemo].map((token) => partner(app, token, 'GET', '/v1/stores')));
    expect(stores.map((response) => response.json().store.storeId)).toEqual([DEMO_STORE_ID, DEMO_STORE_ID, DEMO_STORE_ID]);
    expect(stores.map((response) => response.json().store.storeName)).toEqual([
      'Alpha Coffee',
      'Demo Coffee — Downtown',
      'Demo Coffee — Downtown',
    ]);
  });

  it('the same orderId at the same store id makes two separate orders, each read back only in its workspace', async () => {
    const tokenA = (await a.connect()).accessToken;
    const tokenB = (await b.connect()).accessToken;
    const orderA = { orderId: 'order-1', total: '1000', currency: 'USD' };
    const orderB = { orderId: 'order-1', total: '2500', currency: 'USD', items: [{ name: 'Cake', quantity: 1, price: '2500' }] };
    const postA = await partner(app, tokenA, 'POST', '/v1/orders', orderA);
    const postB = await partner(app, tokenB, 'POST', '/v1/orders', orderB);
    expect([postA.statusCode, postB.statusCode]).toEqual([201, 201]);

    const readA = await partner(app, tokenA, 'GET', '/v1/orders?orderId=order-1');
    const readB = await partner(app, tokenB, 'GET', '/v1/orders?orderId=order-1');
    expect(readA.json().order).toEqual(postA.json().order);
    expect(readB.json().order).toEqual(postB.json().order);
    expect(readA.json().order.total).toBe('1000');
    expect(readB.json().order.items).toHaveLength(1);

    const onlyInA = await partner(app, tokenA, 'POST', '/v1/orders', { orderId: 'order-2', total: '1' });
    expect(onlyInA.statusCode).toBe(201);
    expect(error(await partner(app, tokenB, 'GET', '/v1/orders?orderId=order-2'))).toEqual({ status: 404, error: 'order_not_found' });
    const tokenDemo = (await demo.connect()).accessToken;
    expect((await partner(app, tokenDemo, 'GET', '/v1/orders?orderId=order-1')).statusCode).toBe(404);
    // A repeat in B is B's own repeat, not a conflict with A's body.
    expect((await partner(app, tokenB, 'POST', '/v1/orders', orderB)).statusCode).toBe(200);
    expect(error(await partner(app, tokenB, 'POST', '/v1/orders', orderA))).toEqual({ status: 409, error: 'order_conflict' });
  });

  it("an upload URL feeds only its workspace's customers list", async () => {
    const tokenA = (await a.connect()).accessToken;
    const tokenB = (await b.connect()).accessToken;
    const urlA = (await partner(app, tokenA, 'GET', '/v1/customers')).json().uploadUrl;
    const urlB = (await partner(app, tokenB, 'GET', '/v1/customers')).json().uploadUrl;
    expect((await upload(urlA, [{ customerId: 'c-1', firstName: 'Ann' }, { customerId: 'c-2' }])).json()).toMatchObject({ accepted: 2 });
    expect(await customersOf(a)).toHaveLength(2);
    expect(await customersOf(b)).toEqual([]);
    expect(await customersOf(demo)).toEqual([]);

    expect((await upload(urlB, [{ customerId: 'c-1', firstName: 'Bob' }])).json()).toMatchObject({ accepted: 1 });
    expect((await customersOf(a)).map((customer) => [customer.customerId, customer.firstName])).toEqual([
      ['c-1', 'Ann'],
      ['c-2', null],
    ]);
    expect((await customersOf(b)).map((customer) => [customer.customerId, customer.firstName])).toEqual([['c-1', 'Bob']]);
    expect(await customersOf(a, AIRPORT)).toEqual([]);
  });

  it("each workspace's outbox holds only its own e-receipt SMS, and emptying one leaves the other", async () => {
    const tokenA = (await a.connect({ ereceipt: true })).accessToken;
    const tokenB = (await b.connect({ ereceipt: true })).accessToken;
    for (const [token, phone] of [
      [tokenA, '+14155550101'],
      [tokenA, '+14155550102'],
      [tokenB, '+14155550201'],
    ] as const) {
      const order = { orderId: `o-${phone}`, total: '300', customer: { phone }, ereceipt: true };
      expect((await partner(app, token, 'POST', '/v1/orders', order)).statusCode).toBe(201);
    }
    expect((await a.outbox()).map((message) => message.recipient)).toEqual(['+14155550101', '+14155550102']);
    expect((await b.outbox()).map((message) => message.recipient)).toEqual(['+14155550201']);
    expect(await demo.outbox()).toEqual([]);
    const filtered = await a.admin('GET', '/outbox?recipient=%2B14155550201');
    expect(filtered.json().messages).toEqual([]);

    // Its SMS and its events (integration finished, e-receipts sent) go; the other's stay.
    const everythingOfA = (await a.admin('GET', '/outbox')).json().messages.length;
    expect(everythingOfA).toBeGreaterThan(2);
    expect((await a.admin('DELETE', '/outbox')).json()).toEqual({ deleted: everythingOfA });
    expect((await a.admin('GET', '/outbox')).json().messages).toEqual([]);
    expect(await b.outbox()).toHaveLength(1);
  });

  it("each order's receipt link opens the receipt with its own workspace's store", async () => {
    const receipts: Array<[RulrrCalls, string, string]> = [];
    for (const [calls, storeName] of [
      [a, 'Alpha Coffee'],
      [b, 'Beta Coffee'],
    ] as const) {
      const token = (await calls.connect({ ereceipt: true })).accessToken;
      await partner(app, token, 'PUT', '/v1/stores', { storeName, storeAddress: '1 Main St', storeCountryCode: 'US' });
      const order = { orderId: 'same-order', total: '725', customer: { phone: '+14155550300' }, ereceipt: true };
      const posted = (await partner(app, token, 'POST', '/v1/orders', order)).json().order;
      receipts.push([calls, storeName, posted.ereceipt.url]);
    }
    const [urlA, urlB] = receipts.map(([, , url]) => url);
    expect(urlA).not.toBe(urlB);
    for (const [calls, storeName, url] of receipts) {
      const page = await app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`Receipt from ${storeName}`);
      const [sms] = await calls.outbox();
      expect(sms?.body).toContain(url);
      expect(sms?.body).toContain(storeName);
    }
  });
});

describe('Rulrr-Connect across workspaces', () => {
  const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  const form = (workspace: WorkspaceBody, token: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/rulrr/connect',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ integration_token: token, client_id: workspace.rulrr.clientId, ...fields }).toString(),
    });

  it("the merchant signs in on each workspace's own page and the integration finishes only in its workspace", async () => {
    const tokenA = await a.integration();
    const tokenB = await b.integration();
    for (const [calls, token] of [
      [a, tokenA],
      [b, tokenB],
    ] as const) {
      const page = await app.inject({
        method: 'GET',
        url: `/rulrr/connect?${query({ integration_token: token, client_id: calls.workspace.rulrr.clientId })}`,
      });
      expect(page.statusCode).toBe(200);
    }
    // A's link with B's client id is no link of B's: an unknown link.
    const crossed = await app.inject({
      method: 'GET',
      url: `/rulrr/connect?${query({ integration_token: tokenA, client_id: b.workspace.rulrr.clientId })}`,
    });
    expect(crossed.statusCode).toBe(404);

    const consentA = await form(a.workspace, tokenA, { action: 'sign_in', ...a.workspace.rulrr.merchant });
    expect(consentA.statusCode).toBe(200);
    expect(a.workspace.rulrr.merchant).toEqual(DEMO_MERCHANT);
    const stateA = hidden(consentA.body, 'state')!;

    // A's signed sign-in cannot finish B's integration.
    const replayed = await form(b.workspace, tokenB, { action: 'connect', state: stateA, store_id: DEMO_STORE_ID });
    expect(replayed.statusCode).toBe(401);
    expect((await b.step2(tokenB)).json().status).toBe('pending');

    const done = await form(a.workspace, tokenA, { action: 'connect', state: stateA, store_id: AIRPORT, ereceipt: 'on' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Connected');
    expect((await a.step2(tokenA)).json().status).toBe('finished');
    expect((await b.step2(tokenB)).json().status).toBe('pending');
    expect(error(await b.step2(tokenA))).toEqual({ status: 403, error: 'invalid_integration_token' });

    const consentB = await form(b.workspace, tokenB, { action: 'sign_in', ...b.workspace.rulrr.merchant });
    expect(consentB.statusCode).toBe(200);
    const doneB = await form(b.workspace, tokenB, { action: 'connect', state: hidden(consentB.body, 'state')!, store_id: DEMO_STORE_ID });
    expect(doneB.statusCode).toBe(200);

    const storeA = await partner(app, (await a.step4(tokenA)).json().accessToken, 'GET', '/v1/stores');
    const storeB = await partner(app, (await b.step4(tokenB)).json().accessToken, 'GET', '/v1/stores');
    expect([storeA.json().store.storeId, storeA.json().store.settings]).toEqual([AIRPORT, { ereceipt: true }]);
    expect([storeB.json().store.storeId, storeB.json().store.settings]).toEqual([DEMO_STORE_ID, { ereceipt: false }]);
  });
  it.each([
    ['deleted, and the integration made since in another workspace', 'delete'],
    ['reset, and the integration made since in the same workspace', 'reset'],
  ] as const)('a sign-in made before its workspace was %s cannot finish it', async (_, removal) => {
    const tokenA = await a.integration();
    const stateA = hidden((await form(a.workspace, tokenA, { action: 'sign_in', ...a.workspace.rulrr.merchant })).body, 'state')!;
    const removed =
      removal === 'delete'
        ? await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${a.id}` })
        : await app.inject({ method: 'POST', url: `/__admin/workspaces/${a.id}/reset` });
    expect(removed.statusCode).toBe(200);

    const next = removal === 'delete' ? b : a;
    const tokenNext = await next.integration();
    const replayed = await form(next.workspace, tokenNext, { action: 'connect', state: stateA, store_id: DEMO_STORE_ID });
    expect(replayed.statusCode).toBe(401);
    expect((await next.step2(tokenNext)).json().status).toBe('pending');
  });
});

describe('admin Rulrr controls across workspaces', () => {
  it("?workspace=A cannot inspect, complete, cancel or revoke an integration of workspace B (404), which stays as it was", async () => {
    const pendingB = await b.integration();
    for (const action of ['complete', 'cancel', 'revoke'] as const) {
      const response = await a.control(action, pendingB);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: `Unknown integration token in workspace ${a.id}` });
    }
    expect((await a.admin('GET', `/rulrr/integrations/${pendingB}`)).statusCode).toBe(404);
    // Without ?workspace= the call is demo's, and B's token is no more known there.
    expect((await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${pendingB}/complete` })).statusCode).toBe(404);
    expect((await b.step2(pendingB)).json().status).toBe('pending');

    const tokensB = await b.connect();
    expect((await a.control('revoke', tokensB.integrationToken)).statusCode).toBe(404);
    expect((await partner(app, tokensB.accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);
    expect((await b.control('revoke', tokensB.integrationToken)).json()).toMatchObject({ revoked: true });
    expect((await partner(app, tokensB.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);

    const storeCustomers = await a.admin('GET', `/rulrr/stores/${DEMO_STORE_ID}/customers`);
    expect(storeCustomers.json()).toEqual({ customers: [] });
  });

  it("revoking in one workspace leaves the other workspace's tokens for the same store working", async () => {
    const tokensA = await a.connect();
    const tokensB = await b.connect();
    expect((await a.control('revoke', tokensA.integrationToken)).statusCode).toBe(200);
    expect((await partner(app, tokensA.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);
    expect((await partner(app, tokensB.accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);
    expect((await b.refresh(tokensB.refreshToken)).statusCode).toBe(200);
  });
});
