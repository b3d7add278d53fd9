import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, DEMO_MERCHANT, query } from '../helpers/build.js';
import { connectedStore, createIntegration } from '../helpers/rulrr.js';

let app: FastifyInstance;
afterEach(() => app?.close());

interface Entry {
  id: number;
  api: string;
  workspace: string;
  workspaceResolved: boolean;
  sandboxTime: string;
  receivedAt: string;
  durationMs: number;
  request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: string | null; bodyTruncated: boolean };
  response: { status: number; headers: Record<string, string>; body: string | null; bodyTruncated: boolean };
  fault: unknown;
}

async function journal(params: Record<string, string> = {}): Promise<Entry[]> {
  const response = await app.inject({ method: 'GET', url: `/__admin/requests?${query(params)}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ requests: Entry[] }>().requests;
}

async function count(body: Record<string, unknown>, workspace = 'demo') {
  const response = await app.inject({ method: 'POST', url: `/__admin/requests/count?workspace=${workspace}`, payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ count: number; requests?: Entry[] }>();
}

const order = (accessToken: string, orderId: string, extra: Record<string, unknown> = {}) =>
  app.inject({
    method: 'POST',
    url: `/rulrr/v1/orders?access_token=${accessToken}`,
    payload: { orderId, total: '1250', currency: 'USD', items: [{ name: 'Latte', quantity: 1, price: '1250' }], ...extra },
  });

async function newWorkspace(): Promise<{ id: string; rulrr: { clientId: string; clientSecret: string } }> {
  const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} });
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('the request journal', () => {
  it('records an emulated call with its method, path, status, bodies and timing, secrets masked', async () => {
    app = await buildTestApp();
    const token = await createIntegration(app);
    const [entry] = await journal();
    expect(entry).toMatchObject({
      api: 'rulrr',
      workspace: 'demo',
      workspaceResolved: true,
      request: { method: 'POST', path: '/rulrr/v1/auth/integration', query: { client_id: 'pos-demo', client_secret: '[redacted]' } },
      response: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } },
      fault: null,
    });
    // The token the answer handed out is a secret too.
    expect(JSON.parse(entry!.response.body!)).toEqual({ success: true, integrationToken: '[redacted]' });
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(entry!.durationMs).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(entry!.receivedAt) - Date.now())).toBeLessThan(5_000);
    expect(JSON.stringify(entry)).not.toContain('pos-demo-secret');
  });

  it('masks the Authorization header (keeping its scheme), API keys, cookies and secret query parameters', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await app.inject({
      method: 'GET',
      url: '/rulrr/v1/stores',
      headers: { authorization: `Bearer ${accessToken}`, 'x-api-key': 'k-secret', 'x-application-key': 'a-secret', cookie: 'sid=c-secret' },
    });
    await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` });
    const [byQuery, byHeader] = await journal({ path: '/rulrr/v1/stores' });
    expect(byHeader!.request.headers).toMatchObject({
      authorization: 'Bearer [redacted]',
      'x-api-key': '[redacted]',
      'x-application-key': '[redacted]',
      cookie: '[redacted]',
    });
    expect(byQuery!.request.query).toEqual({ access_token: '[redacted]' });
    const everything = JSON.stringify(await journal());
    for (const secret of [accessToken, 'k-secret', 'a-secret', 'c-secret', 'pos-demo-secret']) expect(everything).not.toContain(secret);
  });

  it("masks a form's password and the tokens in its fields", async () => {
    app = await buildTestApp();
    const token = await createIntegration(app);
    await app.inject({
      method: 'POST',
      url: `/rulrr/connect?${query({ integration_token: token })}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ integration_token: token, action: 'sign_in', ...DEMO_MERCHANT }).toString(),
    });
    const [entry] = await journal({ path: '/rulrr/connect' });
    expect(JSON.parse(entry!.request.body!)).toEqual({
      integration_token: '[redacted]',
      action: 'sign_in',
      email: DEMO_MERCHANT.email,
      password: '[redacted]',
    });
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(entry!.response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('cuts a body past 16 KiB and says so', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    const items = Array.from({ length: 200 }, (_, i) => ({ sku: `sku-${i}`, name: 'x'.repeat(150), quantity: 1, price: '1250' }));
    const response = await order(accessToken, 'big-1', { items, total: String(1250 * 200) });
    expect(response.statusCode).toBe(201);
    const [entry] = await journal({ method: 'POST' });
    expect(entry!.request.bodyTruncated).toBe(true);
    expect(entry!.request.body).toHaveLength(16 * 1024);
    expect(entry!.response.bodyTruncated).toBe(true);
    expect(entry!.response.body).toHaveLength(16 * 1024);
  });

  it('keeps only the newest SANDBOX_JOURNAL_LIMIT calls of a workspace', async () => {
    app = await buildTestApp({ journalLimit: 5 });
    for (let i = 0; i < 8; i++) {
      await app.inject({ method: 'GET', url: `/rulrr/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: `t-${i}` })}` });
    }
    const entries = await journal();
    expect(entries).toHaveLength(5);
    expect(entries.map((entry) => entry.request.query.integration_token)).toEqual(Array(5).fill('[redacted]'));
    expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((a, b) => b - a));
    const ids = entries.map((entry) => entry.id);
    expect(Math.max(...ids) - Math.min(...ids)).toBe(4);
  });

  it("journals a call to a path the API does not have, with the API's 404", async () => {
    app = await buildTestApp();
    await app.inject({ method: 'GET', url: '/rulrr/v1/nothing-here' });
    const [entry] = await journal();
    expect(entry).toMatchObject({ api: 'rulrr', workspace: 'demo', workspaceResolved: false, request: { path: '/rulrr/v1/nothing-here' }, response: { status: 404 } });
    expect(JSON.parse(entry!.response.body!)).toMatchObject({ success: false, error: 'not_found' });
  });

  it('records nothing with SANDBOX_JOURNAL_LIMIT=0', async () => {
    app = await buildTestApp({ journalLimit: 0 });
    await createIntegration(app);
    expect(await journal()).toEqual([]);
  });

  it('does not journal admin calls, docs, OpenAPI or CORS preflights', async () => {
    app = await buildTestApp();
    await app.inject({ method: 'GET', url: '/__admin/health' });
    await app.inject({ method: 'GET', url: '/openapi/rulrr.json' });
    await app.inject({ method: 'GET', url: '/' });
    await app.inject({
      method: 'OPTIONS',
      url: '/rulrr/v1/orders',
      headers: { origin: 'https://pos.example', 'access-control-request-method': 'POST' },
    });
    expect(await journal()).toEqual([]);
  });

  it("keeps each workspace's calls in its own journal", async () => {
    app = await buildTestApp();
    const other = await newWorkspace();
    await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: other.rulrr.clientId, client_secret: other.rulrr.clientSecret })}` });
    await createIntegration(app);
    expect((await journal({ workspace: other.id })).map((entry) => entry.request.query.client_id)).toEqual([other.rulrr.clientId]);
    expect((await journal()).map((entry) => entry.request.query.client_id)).toEqual(['pos-demo']);
  });

  it("journals a call whose credential fails under its workspace: found (a known client, wrong secret), named by its text, else demo", async () => {
    app = await buildTestApp();
    const other = await newWorkspace();
    await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: other.rulrr.clientId, client_secret: 'wrong' })}` });
    await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=rat_${other.id}_revoked` });
    await app.inject({ method: 'GET', url: '/rulrr/v1/stores?access_token=rat_nobody' });
    await app.inject({ method: 'GET', url: '/rulrr/v1/stores?access_token=rat_ws0000000000_gone' });

    // Newest first: the forged token only names the workspace (unresolved); the client id with a
    // wrong secret was found, so its workspace is known.
    const theirs = await journal({ workspace: other.id });
    expect(theirs.map((entry) => [entry.response.status, entry.workspaceResolved])).toEqual([
      [403, false],
      [403, true],
    ]);
    const demo = await journal();
    expect(demo.map((entry) => [entry.request.path, entry.response.status, entry.workspaceResolved])).toEqual([
      ['/rulrr/v1/stores', 403, false],
      ['/rulrr/v1/stores', 403, false],
    ]);
  });

  it("stamps each call with its workspace's sandbox time beside real time", async () => {
    app = await buildTestApp();
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '2031-05-01T12:00:00Z' } });
    await createIntegration(app);
    const [entry] = await journal();
    expect(entry!.sandboxTime.slice(0, 13)).toBe('2031-05-01T12');
    expect(entry!.receivedAt.slice(0, 4)).toBe(String(new Date().getUTCFullYear()));
  });

  it('filters by API, method, path pattern, status or class, and since; newest first, at most limit', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await order(accessToken, 'A-1');
    await order(accessToken, 'A-2');
    await app.inject({ method: 'GET', url: `/rulrr/v1/orders?${query({ access_token: accessToken, orderId: 'nope' })}` });
    const paths = (entries: Entry[]) => entries.map((entry) => `${entry.request.method} ${entry.request.path} ${entry.response.status}`);

    expect(paths(await journal({ path: '/rulrr/v1/orders' }))).toEqual([
      'GET /rulrr/v1/orders 404',
      'POST /rulrr/v1/orders 201',
      'POST /rulrr/v1/orders 201',
    ]);
    expect(paths(await journal({ method: 'POST', path: '*/orders', limit: '1' }))).toEqual(['POST /rulrr/v1/orders 201']);
    expect(paths(await journal({ status: '4xx' }))).toEqual(['GET /rulrr/v1/orders 404']);
    expect(paths(await journal({ status: '404', api: 'rulrr' }))).toEqual(['GET /rulrr/v1/orders 404']);
    expect(await journal({ path: '/rulrr/v1/auth/*/token' })).toHaveLength(1);
    expect(await journal({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect((await journal({ since: new Date(Date.now() - 60_000).toISOString() })).length).toBeGreaterThan(3);
  });

  it.each([
    ['status=abc', /status/],
    ['api=nope', /api must be one of rulrr/],
    ['path=no-slash', /path/],
    ['method=get', /method/],
    ['limit=0', /limit/],
    ['since=yesterday', /since/],
  ])('answers 400 for ?%s', async (search, message) => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: `/__admin/requests?${search}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
  });

  it('answers 404 for an unknown workspace', async () => {
    app = await buildTestApp();
    expect((await app.inject({ method: 'GET', url: '/__admin/requests?workspace=ws0000000000' })).statusCode).toBe(404);
  });

  it("empties one workspace's journal with DELETE", async () => {
    app = await buildTestApp();
    const other = await newWorkspace();
    await createIntegration(app);
    await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: other.rulrr.clientId, client_secret: other.rulrr.clientSecret })}` });
    const deleted = await app.inject({ method: 'DELETE', url: '/__admin/requests' });
    expect(deleted.json()).toEqual({ deleted: 1 });
    expect(await journal()).toEqual([]);
    expect(await journal({ workspace: other.id })).toHaveLength(1);
  });

  it('goes with its workspace when the workspace is deleted', async () => {
    app = await buildTestApp();
    const other = await newWorkspace();
    await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: other.rulrr.clientId, client_secret: other.rulrr.clientSecret })}` });
    await journal({ workspace: other.id });
    await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${other.id}` });
    expect(app.db.prepare('SELECT count(*) FROM request_journal WHERE workspace_id = ?').pluck().get(other.id)).toBe(0);
  });
});

describe('verification: POST /__admin/requests/count', () => {
  it('counts the calls that sent a body containing a fragment — "the POS sent exactly one order A-1"', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await order(accessToken, 'A-1', { customer: { phone: '+14155550123' } });
    await order(accessToken, 'A-2');
    await order(accessToken, 'A-2');

    expect(await count({ method: 'POST', path: '/rulrr/v1/orders', bodyContains: { orderId: 'A-1' } })).toEqual({ count: 1 });
    expect(await count({ method: 'POST', path: '/rulrr/v1/orders', bodyContains: { orderId: 'A-2' } })).toEqual({ count: 2 });
    expect(await count({ bodyContains: { customer: { phone: '+14155550123' } } })).toEqual({ count: 1 });
    expect(await count({ bodyContains: { items: [{ name: 'Latte' }] } })).toEqual({ count: 3 });
    expect(await count({ bodyContains: { items: [{ name: 'Mocha' }] } })).toEqual({ count: 0 });
    expect(await count({ method: 'POST', status: 201 })).toEqual({ count: 2 });
    expect(await count({ method: 'POST', status: '2xx', path: '/rulrr/v1/orders' })).toEqual({ count: 3 });
    expect(await count({ api: 'rulrr', method: 'GET' })).toEqual({ count: 1 });

    const withEntries = await count({ bodyContains: { orderId: 'A-2' }, withRequests: true });
    expect(withEntries.count).toBe(2);
    expect(withEntries.requests!.map((entry) => entry.response.status)).toEqual([200, 201]);
  });

  it('counts only in the workspace asked about', async () => {
    app = await buildTestApp();
    const other = await newWorkspace();
    await createIntegration(app);
    expect(await count({ path: '/rulrr/v1/auth/integration' }, other.id)).toEqual({ count: 0 });
    expect(await count({ path: '/rulrr/v1/auth/integration' })).toEqual({ count: 1 });
  });

  it('refuses a fragment nested deeper than 32 levels and unknown fields', async () => {
    app = await buildTestApp();
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    for (const payload of [{ bodyContains: deep }, { orderId: 'A-1' }, { status: '4x4' }]) {
      const response = await app.inject({ method: 'POST', url: '/__admin/requests/count', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('invalid_request');
    }
  });
});
