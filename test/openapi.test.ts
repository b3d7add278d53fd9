import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { buildTestApp, DEMO_CLIENT, FIXTURES_DIR, query } from './helpers/build.js';
import { APIS } from '../src/apis/index.js';
import { recordAnswers, undocumentedAnswers, unseenStatuses, type SeenAnswer } from './helpers/openapi-conformance.js';
import { completeIntegration, createIntegration, retrieveTokens } from './helpers/rulrr.js';

const committed = (name: string) => JSON.parse(readFileSync(new URL(`../openapi/${name}.json`, import.meta.url), 'utf8')) as OpenAPIV3.Document;

describe('the committed OpenAPI files', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it.each([...APIS.map((api) => api.name), 'admin'])('openapi/%s.json matches the code (run `npm run openapi` after changing a schema)', async (name) => {
    expect(committed(name)).toEqual(JSON.parse(JSON.stringify(await app.openapiDocument(name))));
  });

  it('serves them at /openapi/<name>.json and a UI at /docs', async () => {
    const served = await app.inject({ method: 'GET', url: '/openapi/rulrr.json' });
    expect(served.statusCode).toBe(200);
    expect(served.json()).toEqual(committed('rulrr'));
    expect((await app.inject({ method: 'GET', url: '/openapi/nope.json' })).statusCode).toBe(404);
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

/**
 * Runs every documented Rulrr call through each documented status, records what the app
 * answered, then holds the answers to the committed OpenAPI file: each status must be documented,
 * each JSON body must validate against its schema, and each documented status must have been seen
 * (500 and 503 are documented on every call; test/apis/rulrr/error-bodies.test.ts forces them once).
 */
describe('Rulrr answers as its OpenAPI file says', () => {
  let seen: SeenAnswer[];
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR }), { logger: false });
    seen = recordAnswers(app, '/rulrr');
    await app.ready();
    await journey(app);
  });
  afterAll(() => app.close());

  it('documents every status it answered, and every body fits its schema', () => {
    expect(undocumentedAnswers(committed('rulrr'), seen)).toEqual([]);
  });

  it('was seen answering every status its OpenAPI file documents', () => {
    expect(unseenStatuses(committed('rulrr'), seen)).toEqual([]);
  });
});

async function journey(app: FastifyInstance) {
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
  const auth = (path: string, params: Record<string, string>) => `/rulrr${path}?${query(params)}`;

  // OAuth flow
  for (const credentials of [DEMO_CLIENT, { client_id: 'ghost', client_secret: 'x' }, { client_id: 'pos-demo', client_secret: 'bad' }]) {
    await call('POST', auth('/v1/auth/integration', credentials));
  }
  const token = await createIntegration(app);
  await call('GET', auth('/v1/auth/integration', { ...DEMO_CLIENT, integration_token: token }));
  await call('GET', auth('/v1/auth/integration', { client_id: 'pos-demo', integration_token: token }));
  await call('GET', auth('/v1/auth/integration', { ...DEMO_CLIENT, integration_token: 'rit_x' }));
  await call('GET', auth('/v1/auth/integration/token', { client_id: 'pos-demo', integration_token: token }));
  await call('GET', auth('/v1/auth/integration/token', { ...DEMO_CLIENT, integration_token: 'rit_x' }));
  await retrieveTokens(app, token);
  await completeIntegration(app, token, { ereceipt: true });
  const tokens = (await retrieveTokens(app, token)).json<{ accessToken: string; refreshToken: string }>();
  await retrieveTokens(app, token);
  await call('POST', auth('/v1/auth/token', { ...DEMO_CLIENT, refresh_token: tokens.refreshToken }));
  await call('POST', auth('/v1/auth/token', { client_id: 'pos-demo', refresh_token: tokens.refreshToken }));
  await call('POST', auth('/v1/auth/token', { ...DEMO_CLIENT, refresh_token: 'rrt_x' }));

  // Partner endpoints
  const partner = (path: string, extra: Record<string, string> = {}) => auth(path, { access_token: tokens.accessToken, ...extra });
  const profile = { storeName: 'S', storeAddress: 'A', storeCountryCode: 'US' };
  await call('GET', partner('/v1/stores'));
  await call('GET', auth('/v1/stores', { access_token: 'rat_x' }));
  await call('PUT', partner('/v1/stores'), profile);
  await call('PUT', partner('/v1/stores'), { storeName: 'S' });
  await call('PUT', auth('/v1/stores', { access_token: 'rat_x' }), profile);
  await call('GET', auth('/v1/customers', { access_token: 'rat_x' }));
  const { uploadUrl } = (await call('GET', partner('/v1/customers'))).json<{ uploadUrl: string }>();
  const upload = new URL(uploadUrl).pathname;
  for (const method of ['PUT', 'POST'] as const) {
    await call(method, upload, 'customerId,email\nc-1,a@b.co\nc-2,bad', { 'content-type': 'text/csv' });
    await call(method, upload, { customers: 'no' });
    await call(method, upload.replace(/rup_.*/, 'rup_unknown'), { customers: [] });
    await call(method, upload, `customerId\n${'x'.repeat(1_100_000)}`, { 'content-type': 'text/csv' });
  }
  const order = { orderId: 'o-1', total: '100', customer: { phone: '+14155550123' }, ereceipt: true };
  const created = (await call('POST', partner('/v1/orders'), order)).json<{ order: { ereceipt: { url: string } } }>();
  await call('POST', partner('/v1/orders'), order);
  await call('POST', partner('/v1/orders'), { ...order, total: '101' });
  await call('POST', partner('/v1/orders'), { orderId: 'o-2' });
  await call('POST', auth('/v1/orders', { access_token: 'rat_x' }), order);
  await call('GET', partner('/v1/orders', { orderId: 'o-1' }));
  await call('GET', partner('/v1/orders', { orderId: 'nope' }));
  await call('GET', partner('/v1/orders'));
  await call('GET', auth('/v1/orders', { access_token: 'rat_x', orderId: 'o-1' }));

  // Every call that takes a body, with one too large and one of a type it does not read.
  const pending = await createIntegration(app);
  const bodyCalls: Array<['POST' | 'PUT', string]> = [
    ['POST', auth('/v1/auth/integration', DEMO_CLIENT)],
    ['POST', auth('/v1/auth/token', { ...DEMO_CLIENT, refresh_token: tokens.refreshToken })],
    ['PUT', partner('/v1/stores')],
    ['POST', partner('/v1/orders')],
    ['PUT', upload],
    ['POST', upload],
    ['POST', `/rulrr/connect?integration_token=${pending}`],
  ];
  for (const [method, url] of bodyCalls) {
    await call(method, url, JSON.stringify({ padding: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
    await call(method, url, '<xml/>', { 'content-type': 'application/xml' });
  }
  await call('GET', `${partner('/v1/stores')}&access_token=${tokens.accessToken}`);
  await call('GET', `${partner('/v1/customers')}&access_token=${tokens.accessToken}`);

  // Pages
  await call('GET', new URL(created.order.ereceipt.url).pathname);
  await call('GET', '/rulrr/receipts/rcpt_unknown');
  const form = (fields: Record<string, string>) =>
    call('POST', '/rulrr/connect', new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  await call('GET', `/rulrr/connect?integration_token=${pending}`);
  await call('GET', '/rulrr/connect');
  await call('GET', '/rulrr/connect?integration_token=rit_unknown');
  await form({ integration_token: pending, action: 'sign_in', email: 'owner@demo-store.test', password: 'nope' });
  await form({ integration_token: pending, action: 'nonsense' });
  await form({ integration_token: 'rit_unknown', action: 'sign_in' });
  await form({ integration_token: pending, action: 'sign_in', email: 'owner@demo-store.test', password: 'demo1234' });
  await form({ integration_token: pending, action: 'cancel' });
  await call('GET', `/rulrr/connect?integration_token=${pending}`);
  await form({ integration_token: pending, action: 'cancel' });
  // A merchant with no store gets the 409 page.
  app.db.prepare("INSERT INTO rulrr_merchants (workspace_id, id, email, name, password_hash) SELECT 'demo', 'empty', 'empty@demo-store.test', 'Empty', password_hash FROM rulrr_merchants LIMIT 1").run();
  const another = await createIntegration(app);
  await form({ integration_token: another, action: 'sign_in', email: 'empty@demo-store.test', password: 'demo1234' });
  await call('GET', `/rulrr/connect?integration_token=${another}&client_id=pos-demo`);
  const mismatch = await createIntegration(app);
  await call('GET', `/rulrr/connect?integration_token=${mismatch}&client_id=pos-other`);
  // The expired upload URL.
  await call('POST', '/__admin/clock', { advanceBy: 'PT2H' });
  for (const method of ['PUT', 'POST'] as const) await call(method, upload, { customers: [] });
  await call('GET', `/rulrr/connect?integration_token=${mismatch}`);
  await form({ integration_token: mismatch, action: 'sign_in' });
}
