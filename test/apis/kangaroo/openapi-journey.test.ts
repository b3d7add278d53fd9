import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { configSchema } from '../../../src/config.js';
import { FIXTURES_DIR } from '../../helpers/build.js';
import { DEMO_KANGAROO, JOHN_ID, kangarooClient, linkShop, passwordTokens, tokenByForm, tokenByJson, VIRTUAL_BRANCH_ID } from '../../helpers/kangaroo.js';
import { recordAnswers, undocumentedAnswers, unseenStatuses, type SeenAnswer } from '../../helpers/openapi-conformance.js';

/**
 * Runs every Kangaroo call through each status its OpenAPI file documents, records what the app
 * answered, then holds the answers to the committed file: each status documented, each JSON body
 * valid against its schema, each documented status seen.
 */
const committed = JSON.parse(readFileSync(new URL('../../../openapi/kangaroo.json', import.meta.url), 'utf8')) as OpenAPIV3.Document;

let app: FastifyInstance;
let seen: SeenAnswer[];
beforeAll(async () => {
  app = await buildApp(configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR, kangarooRateLimit: 'off' }), { logger: false });
  seen = recordAnswers(app, '/kangaroo');
  await app.ready();
  await journey(app);
});
afterAll(() => app.close());

describe('Kangaroo answers as its OpenAPI file says', () => {
  it('documents every status it answered, and every body fits its schema', () => {
    expect(undocumentedAnswers(committed, seen)).toEqual([]);
  });

  it('was seen answering every status its OpenAPI file documents', () => {
    expect(unseenStatuses(committed, seen)).toEqual([]);
  });
});

type Method = 'GET' | 'POST' | 'DELETE';

async function journey(app: FastifyInstance) {
  // OAuth
  const magento = { grant_type: 'client_credentials', client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret, scope: 'admin' };
  await tokenByJson(app, magento);
  await tokenByJson(app, { ...magento, scope: 'read' });
  await tokenByJson(app, { ...magento, client_secret: 'wrong' });
  await tokenByJson(app, { ...magento, padding: 'x'.repeat(1_100_000) });
  await app.inject({ method: 'POST', url: '/kangaroo/oauth/token', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
  const { refresh_token } = await passwordTokens(app);
  await tokenByForm(app, { grant_type: 'refresh_token', refresh_token, client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret, scope: 'admin' });

  const client = await kangarooClient(app);
  const linkId = await linkShop(client);
  const sale = (await client.call('POST', '/sales', { branch_link_id: linkId, customer: { id: JOHN_ID }, amount: 10, transaction_details: { external_order_id: 'j-1' } })).json();
  const redemption = (await client.call('POST', '/redemptions', { branch_link_id: linkId, customer: { id: JOHN_ID }, catalog_items: [{ id: 2 }] })).json();

  // Each call: the success, and every failure its OpenAPI entry lists.
  const calls: Array<{ method: Method; path: string; body?: unknown; bad?: unknown; badPath?: string; missingPath?: string; notAllowed?: string }> = [
    { method: 'GET', path: '/branches', badPath: '/branches?per_page=0' },
    { method: 'POST', path: '/integrations', body: { name: 'Journey', type: 1 }, bad: { type: 9 } },
    { method: 'POST', path: '/branch-links', body: { account_id: 'a', shop_id: 'journey', branch_id: VIRTUAL_BRANCH_ID, integration_id: 1 }, bad: { integration_id: 1 } },
    { method: 'GET', path: '/integrations/1/branch-links', badPath: '/integrations/x/branch-links', missingPath: '/integrations/99/branch-links' },
    { method: 'POST', path: '/sales', body: { branch_link_id: linkId, customer: { id: JOHN_ID }, amount: 3, transaction_details: { external_order_id: 'j-2' } }, bad: { amount: 3 } },
    { method: 'POST', path: '/transactions', body: { branch_link_id: linkId, intent: 'reward', points: 5, customer: { id: JOHN_ID } }, bad: { intent: 'reward' } },
    {
      method: 'DELETE',
      path: `/transactions/${sale.data.id}`,
      badPath: '/transactions/x',
      missingPath: '/transactions/999',
      notAllowed: `/transactions/${redemption.data.id}`,
    },
    { method: 'POST', path: '/redemptions', body: { branch_link_id: linkId, customer: { id: JOHN_ID }, offer: { id: 2 } }, bad: { offer: { id: 4 } } },
    { method: 'GET', path: `/redemptions?branch_link_id=${linkId}`, badPath: '/redemptions' },
    { method: 'GET', path: `/offers?branch_link_id=${linkId}`, badPath: '/offers?branch_link_id=x' },
    { method: 'GET', path: `/customers/${JOHN_ID}`, missingPath: '/customers/nobody' },
    { method: 'GET', path: `/customers/${JOHN_ID}/transactions`, badPath: `/customers/${JOHN_ID}/transactions?page=0`, missingPath: '/customers/nobody/transactions' },
  ];

  for (const call of calls) {
    await client.call(call.method, call.path, call.body);
    await app.inject({ method: call.method, url: `/kangaroo/api/v1${call.path}` });
    await client.call(call.method, call.path, call.body, { accept: 'text/html' });
    if (call.bad !== undefined) await client.call(call.method, call.path, call.bad);
    if (call.badPath) await client.call(call.method, call.badPath);
    if (call.missingPath) await client.call(call.method, call.missingPath);
    if (call.notAllowed) await client.call(call.method, call.notAllowed);
    if (call.method === 'POST') {
      const url = `/kangaroo/api/v1${call.path}`;
      await app.inject({ method: 'POST', url, headers: client.headers({ 'content-type': 'application/json' }), payload: '{"broken":' });
      await app.inject({ method: 'POST', url, headers: client.headers({ 'content-type': 'application/json' }), payload: JSON.stringify({ padding: 'x'.repeat(1_100_000) }) });
      await app.inject({ method: 'POST', url, headers: client.headers({ 'content-type': 'text/xml' }), payload: '<a/>' });
    }
  }

  // 429 on every call: one request a minute for this workspace, a fresh token per call.
  await app.inject({ method: 'PUT', url: '/__admin/kangaroo/rate-limit', payload: { requestsPerMinute: 1, enabled: true } });
  for (const call of calls) {
    const limited = await kangarooClient(app);
    await limited.call('GET', '/branches');
    await limited.call(call.method, call.path, call.body);
  }
  await app.inject({ method: 'PUT', url: '/__admin/kangaroo/rate-limit', payload: { enabled: null } });
}
