import type { FastifyInstance } from 'fastify';
import { DEMO_CLIENT, query } from '../helpers/build.js';
import { DEMO_KANGAROO, JOHN_ID, kangarooClient, linkShop, type KangarooCredentials } from '../helpers/kangaroo.js';
import { completeIntegration, createIntegration, retrieveTokens } from '../helpers/rulrr.js';
import { DEMO_KEY, mintToken, picture, USER, wll } from '../helpers/wll.js';

/*
 * A workspace with something in every panel of the dashboard, made through the APIs as a POS
 * would make it. Two values carry markup a hostile caller could send; the dashboard must show
 * them as text.
 */

export const HOSTILE_MERCHANT = '<script>window.__xss = "merchant"</script>Café <b>Evil</b>';
export const HOSTILE_ITEM = '<img src=x onerror="window.__xss = \'item\'">Oat milk';
export const PEPSI_PRODUCT = 'c94074f6-42e2-413a-a803-edff365b1b62';
export const RULE_SET_NAME = 'Pepsi or nothing';
export const SHOP_ID = 'shop-downtown';
export const FAULT_PATH = '/kangaroo/api/v1/never-called';

export interface Credentials {
  workspace: string;
  rulrr: { client_id: string; client_secret: string };
  wllKey: string;
  kangaroo: KangarooCredentials;
}

export const DEMO: Credentials = { workspace: 'demo', rulrr: DEMO_CLIENT, wllKey: DEMO_KEY, kangaroo: DEMO_KANGAROO };

/** A new workspace, and its credentials for the three APIs. */
export async function secondWorkspace(app: FastifyInstance, name: string): Promise<Credentials> {
  const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { name } });
  if (response.statusCode !== 201) throw new Error(`POST /__admin/workspaces answered ${response.statusCode}`);
  const body = response.json<{ id: string; rulrr: { clientId: string; clientSecret: string }; wll: { apiKey: string }; kangaroo: KangarooCredentials }>();
  return {
    workspace: body.id,
    rulrr: { client_id: body.rulrr.clientId, client_secret: body.rulrr.clientSecret },
    wllKey: body.wll.apiKey,
    kangaroo: body.kangaroo,
  };
}

function expectStatus(what: string, status: number, body: string, expected = 200) {
  if (status !== expected) throw new Error(`${what} answered ${status}: ${body.slice(0, 300)}`);
}

/** STEP 1 for a workspace's client: a pending integration; its token. */
export async function pendingIntegration(app: FastifyInstance, client: Credentials['rulrr']): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(client)}` });
  expectStatus('STEP 1', response.statusCode, response.body);
  return response.json<{ integrationToken: string }>().integrationToken;
}

/** A WLL order of the workspace whose one line item says `description`. */
export async function wllOrder(app: FastifyInstance, apiKey: string, description: string, transactionId: string): Promise<string> {
  const admin = await mintToken(app, 'admin', { apiKey });
  const response = await wll(app, '/orders', {
    token: admin,
    apiKey,
    body: {
      submitter: { authIdentifier: USER },
      transactionId,
      lineItems: [
        { quantity: 2, description: 'Flat white', identifier: 'SKU-FLAT-WHITE', unitPrice: 3.2, totalPrice: 6.4 },
        { quantity: 1, description, unitPrice: 0.6, totalPrice: 0.6 },
      ],
      total: 7,
    },
  });
  expectStatus('POST /wll/v1/orders', response.statusCode, response.body);
  return response.json<{ data: { id: string } }>().data.id;
}

export interface BusyWorkspace {
  /** A Rulrr integration left pending (STEP 1 only). */
  pendingToken: string;
  receiptIds: string[];
  hostileReceiptId: string;
  orderId: string;
  linkId: number;
  faultId: number;
  webhookId: string | undefined;
}

/**
 * Fills the demo workspace: a webhook (when `hookUrl` is given, registered first so every event
 * goes to it), a Rulrr store connected with e-receipts and an order whose e-receipt SMS went out,
 * a pending integration, a WLL rule set, three claims (one reviewed by hand, one with a hostile
 * merchant name), an order with a hostile item, a Kangaroo branch link and a sale, and a fault.
 */
export async function busyDemo(app: FastifyInstance, hookUrl?: string): Promise<BusyWorkspace> {
  let webhookId: string | undefined;
  if (hookUrl) {
    const hook = await app.inject({ method: 'POST', url: '/__admin/webhooks', payload: { url: hookUrl, events: ['*'], description: 'POS back office' } });
    expectStatus('POST /__admin/webhooks', hook.statusCode, hook.body, 201);
    webhookId = hook.json<{ id: string }>().id;
  }

  const connected = await createIntegration(app);
  await completeIntegration(app, connected, { ereceipt: true });
  const tokens = await retrieveTokens(app, connected);
  expectStatus('STEP 4', tokens.statusCode, tokens.body);
  const order = await app.inject({
    method: 'POST',
    url: `/rulrr/v1/orders?${query({ access_token: tokens.json<{ accessToken: string }>().accessToken })}`,
    payload: {
      orderId: 'pos-1001',
      currency: 'USD',
      total: '1250',
      subtotal: '1150',
      tax: '100',
      items: [{ sku: 'LATTE-L', name: 'Latte (large)', quantity: 2, price: '575' }],
      customer: { phone: '+14155550123' },
      ereceipt: true,
    },
  });
  expectStatus('POST /rulrr/v1/orders', order.statusCode, order.body, 201);
  const pendingToken = await pendingIntegration(app, DEMO.rulrr);

  const admin = await mintToken(app, 'admin');
  const user = await mintToken(app, 'user');
  const ruleSet = await wll(app, '/transactions-rule-engine/rule-sets', {
    token: admin,
    body: {
      name: RULE_SET_NAME,
      isActive: true,
      ruleDefinitions: [
        {
          type: 'BASKET',
          name: 'pepsi-present',
          priority: 10,
          configuration: { productId: PEPSI_PRODUCT, isUnitPriceCheckNeeded: true },
          resultParams: { success: [{ key: 'pepsiPresent', value: true }], failure: [{ key: 'pepsiPresent', value: false }] },
        },
        {
          type: 'CUSTOM',
          name: 'no-pepsi-no-points',
          priority: 5,
          ruleProperties: {
            event: { type: 'no-pepsi-no-points' },
            priority: 5,
            conditions: { all: [{ fact: 'pepsiPresent', operator: 'equal', value: false }] },
          },
          resultParams: { success: [{ key: 'verdict', value: 'REJECT' }, { key: 'reason', value: 'NO_QUALIFYING_PRODUCTS' }], failure: [] },
        },
      ],
    },
  });
  expectStatus('POST rule set', ruleSet.statusCode, ruleSet.body);
  const receiptIds: string[] = [];
  for (const name of ['party-basket', 'supermarket', 'blurry']) {
    const claimed = await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture(name) } });
    expectStatus(`claim ${name}`, claimed.statusCode, claimed.body);
    receiptIds.push(claimed.json<{ data: { id: string } }>().data.id);
  }
  const reviewed = await wll(app, `/receipts/${receiptIds[2]}/reviews`, {
    token: admin,
    body: { verdict: 'AUTHORIZE', reason: 'VERIFIED', comment: 'Total read from the photo by hand' },
  });
  expectStatus('manual review', reviewed.statusCode, reviewed.body);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const hostile = await wll(app, '/receipts', {
    token: admin,
    body: {
      useParser: false,
      submitter: { authIdentifier: USER },
      ocrConfidence: 0.9,
      serviceDate: { value: yesterday, confidence: 1 },
      total: { value: 4.2, confidence: 1 },
      merchantName: { value: HOSTILE_MERCHANT, confidence: 1 },
      lineItems: [{ quantity: 1, description: 'Pepsi Max', identifier: 'SKU-PEPSI-MAX-12', unitPrice: 10.2, totalPrice: 10.2 }],
    },
  });
  expectStatus('hostile claim', hostile.statusCode, hostile.body);
  const orderId = await wllOrder(app, DEMO_KEY, HOSTILE_ITEM, 'till-2-0042');

  const kangaroo = await kangarooClient(app);
  const linkId = await linkShop(kangaroo, SHOP_ID);
  const sale = await kangaroo.call('POST', '/sales', {
    branch_link_id: linkId,
    customer: { id: JOHN_ID },
    amount: 25.5,
    transaction_details: { external_order_id: 'pos-1001' },
  });
  expectStatus('POST /sales', sale.statusCode, sale.body);

  const fault = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { api: 'kangaroo', method: 'DELETE', path: FAULT_PATH, status: 503, times: 3 } });
  expectStatus('POST /__admin/faults', fault.statusCode, fault.body, 201);

  return {
    pendingToken,
    receiptIds,
    hostileReceiptId: hostile.json<{ data: { id: string } }>().data.id,
    orderId,
    linkId,
    faultId: fault.json<{ id: number }>().id,
    webhookId,
  };
}

/** STEP 2 for a demo integration, as the POS polls it. */
export async function integrationStatus(app: FastifyInstance, integrationToken: string, client = DEMO.rulrr): Promise<string> {
  const response = await app.inject({ url: `/rulrr/v1/auth/integration?${query({ ...client, integration_token: integrationToken })}` });
  expectStatus('STEP 2', response.statusCode, response.body);
  return response.json<{ status: string }>().status;
}
