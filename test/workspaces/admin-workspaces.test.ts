import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, DEMO_MERCHANT, query } from '../helpers/build.js';
import { createWorkspace, partner, readWorkspace, rowsOf, RulrrCalls, workspaceTables } from './workspace-fixture.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const adminEnvelope = (error: string) => ({ error, message: expect.any(String) });
const list = async () => (await app.inject({ method: 'GET', url: '/__admin/workspaces' })).json().workspaces as Array<{ id: string }>;

/** A workspace with a row in every table its Rulrr calls fill: integrations, tokens, uploads, customers, orders, outbox. */
async function busyWorkspace(calls: RulrrCalls) {
  const tokens = await calls.connect({ ereceipt: true });
  const order = await partner(app, tokens.accessToken, 'POST', '/v1/orders', {
    orderId: 'busy-1',
    total: '450',
    customer: { phone: '+14155550188' },
    ereceipt: true,
  });
  expect(order.statusCode).toBe(201);
  const { uploadUrl } = (await partner(app, tokens.accessToken, 'GET', '/v1/customers')).json();
  const upload = await app.inject({
    method: 'PUT',
    url: new URL(uploadUrl).pathname,
    payload: { customers: [{ customerId: 'c-1', email: 'c1@example.test' }] },
  });
  expect(upload.json()).toMatchObject({ accepted: 1 });
  return tokens;
}

describe('POST /__admin/workspaces', () => {
  it('answers 201 with the id, name, times, clock and fresh credentials for all three APIs (CONTRACT §6)', async () => {
    const before = Date.now();
    const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { name: 'ci job 42', ttl: 'PT1H' } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^ws[0-9a-hjkmnp-tv-z]{10}$/),
      name: 'ci job 42',
      createdAt: expect.stringMatching(ISO_INSTANT),
      lastUsedAt: body.createdAt,
      ttl: 'PT1H',
      expiresAt: new Date(Date.parse(body.createdAt) + 3_600_000).toISOString(),
      clock: { now: expect.stringMatching(ISO_INSTANT), offsetMs: 0, real: true },
      rulrr: {
        clientId: `pos-${body.id}`,
        clientSecret: expect.stringMatching(/^pos_secret_[A-Za-z0-9_-]{32}$/),
        merchant: DEMO_MERCHANT,
        clients: [
          { clientId: `pos-${body.id}`, clientSecret: body.rulrr.clientSecret, name: 'Demo POS' },
          { clientId: `pos-${body.id}-2`, clientSecret: expect.stringMatching(/^pos_secret_/), name: 'Other POS' },
        ],
      },
      wll: { apiKey: expect.stringMatching(new RegExp(`^wll_${body.id}_[A-Za-z0-9_-]{43}$`)) },
      kangaroo: {
        clientId: expect.stringMatching(new RegExp(`^kgc_${body.id}_[0-9a-f]{32}$`)),
        clientSecret: expect.any(String),
        applicationKey: expect.stringMatching(new RegExp(`^kak_${body.id}_[0-9a-f]{48}$`)),
        username: `owner+${body.id}@kangaroo.sandbox.test`,
        password: expect.any(String),
      },
    });
    expect(Date.parse(body.createdAt)).toBeGreaterThanOrEqual(before);
    expect(body.rulrr.clients[1].clientSecret).not.toBe(body.rulrr.clientSecret);
  });

  it('makes a workspace without a body, or with an empty JSON body, named after its id and kept until deleted', async () => {
    const bare = await app.inject({ method: 'POST', url: '/__admin/workspaces' });
    const empty = await app.inject({
      method: 'POST',
      url: '/__admin/workspaces',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    for (const response of [bare, empty]) {
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name: response.json().id, ttl: null, expiresAt: null });
    }
    expect(bare.json().id).not.toBe(empty.json().id);
    expect(bare.json().rulrr.clientSecret).not.toBe(empty.json().rulrr.clientSecret);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }],
    ['a name that is not a string', { name: 42 }],
    ['a ttl that is not a duration', { ttl: 'soon' }],
    ['a ttl under a minute', { ttl: 'PT59S' }],
    ['a negative ttl', { ttl: '-PT1H' }],
    ['a ttl over 40 characters', { ttl: `PT${'1'.repeat(40)}S` }],
    ['an unknown field', { name: 'x', colour: 'red' }],
    ['a body that is not an object', [1, 2]],
  ])('answers 400 in the admin envelope for %s, and makes nothing', async (_, payload) => {
    const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(adminEnvelope('invalid_request'));
    expect((await list()).map((workspace) => workspace.id)).toEqual(['demo']);
  });

  it('names the ttl in the message when it is too short', async () => {
    const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { ttl: 'PT30S' } });
    expect(response.json().message).toMatch(/ttl "PT30S" must be an ISO 8601 duration of at least PT1M/);
  });
});

describe('GET /__admin/workspaces and /__admin/workspaces/{id}', () => {
  it('lists demo first, then the others in the order they were made', async () => {
    const first = await createWorkspace(app, { name: 'first' });
    const second = await createWorkspace(app, { name: 'second' });
    expect((await list()).map((workspace) => workspace.id)).toEqual(['demo', first.id, second.id]);
  });

  it('reads one workspace with the credentials it was made with', async () => {
    const made = await createWorkspace(app, { name: 'read me', ttl: 'P1D' });
    const read = await readWorkspace(app, made.id);
    expect(read).toEqual({ ...made, clock: { ...made.clock, now: expect.stringMatching(ISO_INSTANT) } });
  });

  it("shows demo with the fixtures' credentials and no ttl", async () => {
    expect(await readWorkspace(app, 'demo')).toMatchObject({
      id: 'demo',
      name: 'demo',
      ttl: null,
      expiresAt: null,
      rulrr: { clientId: DEMO_CLIENT.client_id, clientSecret: DEMO_CLIENT.client_secret, merchant: DEMO_MERCHANT },
    });
  });

  it('answers 404 for a workspace that does not exist, and 400 for an id that cannot be one', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/__admin/workspaces/ws0123456789' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(adminEnvelope('not_found'));
    const malformed = await app.inject({ method: 'GET', url: '/__admin/workspaces/..%2Fdemo' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual(adminEnvelope('invalid_request'));
  });
});

describe('DELETE /__admin/workspaces/{id}', () => {
  it('refuses to delete demo (409) and answers 404 for an unknown workspace', async () => {
    const demo = await app.inject({ method: 'DELETE', url: '/__admin/workspaces/demo' });
    expect(demo.statusCode).toBe(409);
    expect(demo.json()).toEqual({ error: 'conflict', message: 'The demo workspace cannot be deleted; reset it instead' });
    const unknown = await app.inject({ method: 'DELETE', url: '/__admin/workspaces/ws0123456789' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(adminEnvelope('not_found'));
    expect(await readWorkspace(app, 'demo')).toMatchObject({ id: 'demo' });
  });

  it('leaves no row of the workspace in any table, and its credentials stop working', async () => {
    const doomed = new RulrrCalls(app, await createWorkspace(app));
    const kept = new RulrrCalls(app, await createWorkspace(app));
    const tokens = await busyWorkspace(doomed);
    await busyWorkspace(kept);

    const before = rowsOf(app, doomed.id);
    const filled = Object.keys(before).filter((table) => before[table]! > 0);
    // Every table an API wired into the app fills must be covered: the count below proves nothing for an empty one.
    expect(filled).toEqual(expect.arrayContaining(workspaceTables(app).filter((table) => /^(rulrr_|outbox_)/.test(table))));
    const keptBefore = rowsOf(app, kept.id);

    const deleted = await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${doomed.id}` });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ id: doomed.id, deleted: true });

    expect(Object.values(rowsOf(app, doomed.id)).every((count) => count === 0), JSON.stringify(rowsOf(app, doomed.id))).toBe(true);
    expect(app.db.prepare('SELECT count(*) FROM workspaces WHERE id = ?').pluck().get(doomed.id)).toBe(0);
    expect(rowsOf(app, kept.id)).toEqual(keptBefore);

    expect((await doomed.step1()).statusCode).toBe(400);
    expect((await partner(app, tokens.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/__admin/workspaces/${doomed.id}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${doomed.id}` })).statusCode).toBe(404);
  });
});

describe('POST /__admin/workspaces/{id}/reset', () => {
  it('wipes one workspace and reseeds it with the same id and credentials and the real clock, leaving the others alone', async () => {
    const target = new RulrrCalls(app, await createWorkspace(app, { name: 'target', ttl: 'PT10M' }));
    const other = new RulrrCalls(app, await createWorkspace(app, { name: 'other' }));
    const targetTokens = await busyWorkspace(target);
    const otherTokens = await busyWorkspace(other);
    await app.inject({ method: 'POST', url: `/__admin/clock?workspace=${target.id}`, payload: { advanceBy: 'P1D' } });
    await app.inject({ method: 'POST', url: `/__admin/clock?workspace=${other.id}`, payload: { advanceBy: 'PT5H' } });
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT7H' } });
    const otherRows = rowsOf(app, other.id);

    const reset = await app.inject({ method: 'POST', url: `/__admin/workspaces/${target.id}/reset` });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({
      status: 'reset',
      loaded: {
        rulrr: { clients: 2, merchants: 1, stores: 2 },
        wll: { products: 12, venues: 3, ruleSets: 0 },
        kangaroo: { branches: 2, customers: 3, offers: 4, catalogItems: 3 },
        faults: { faults: 0 },
      },
    });

    const after = await readWorkspace(app, target.id);
    expect(after).toMatchObject({ id: target.id, name: 'target', ttl: 'PT10M', rulrr: target.workspace.rulrr, clock: { offsetMs: 0, real: true } });
    expect(rowsOf(app, target.id)).toMatchObject({ rulrr_integrations: 0, rulrr_tokens: 0, rulrr_orders: 0, rulrr_customers: 0, outbox_messages: 0 });
    expect((await partner(app, targetTokens.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);
    expect(await target.outbox()).toEqual([]);
    const fresh = await target.connect();
    expect((await partner(app, fresh.accessToken, 'GET', '/v1/orders?orderId=busy-1')).statusCode).toBe(404);

    expect(rowsOf(app, other.id)).toEqual(otherRows);
    expect((await partner(app, otherTokens.accessToken, 'GET', '/v1/orders?orderId=busy-1')).statusCode).toBe(200);
    expect(await other.outbox()).toHaveLength(1);
    expect((await readWorkspace(app, other.id)).clock.offsetMs).toBe(5 * 3_600_000);
    expect((await readWorkspace(app, 'demo')).clock.offsetMs).toBe(7 * 3_600_000);
  });

  it('resets demo to the fixtures, with its documented credentials', async () => {
    const demo = new RulrrCalls(app, await readWorkspace(app, 'demo'));
    const tokens = await demo.connect();
    const reset = await app.inject({ method: 'POST', url: '/__admin/workspaces/demo/reset' });
    expect(reset.statusCode).toBe(200);
    expect((await partner(app, tokens.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);
    expect((await readWorkspace(app, 'demo')).rulrr).toMatchObject({ clientId: 'pos-demo', clientSecret: 'pos-demo-secret' });
    await demo.connect();
  });

  it('answers 404 for an unknown workspace', async () => {
    const response = await app.inject({ method: 'POST', url: '/__admin/workspaces/ws0123456789/reset' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual(adminEnvelope('not_found'));
  });
});

describe('POST /__admin/reset', () => {
  it('deletes every other workspace and reseeds demo', async () => {
    const gone = [await createWorkspace(app), await createWorkspace(app)];
    const goneTokens = await new RulrrCalls(app, gone[0]!).connect();
    await busyWorkspace(new RulrrCalls(app, await readWorkspace(app, 'demo')));
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P1D' } });

    const reset = await app.inject({ method: 'POST', url: '/__admin/reset' });
    expect(reset.statusCode).toBe(200);

    expect((await list()).map((workspace) => workspace.id)).toEqual(['demo']);
    for (const workspace of gone) {
      expect(Object.values(rowsOf(app, workspace.id)).every((count) => count === 0)).toBe(true);
      expect((await new RulrrCalls(app, workspace).step1()).statusCode).toBe(400);
    }
    expect((await partner(app, goneTokens.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);
    expect(rowsOf(app, 'demo')).toMatchObject({ rulrr_clients: 2, rulrr_merchants: 1, rulrr_stores: 2, rulrr_orders: 0, outbox_messages: 0 });
    const demo = await readWorkspace(app, 'demo');
    expect(demo.clock).toMatchObject({ offsetMs: 0, real: true });
    const step1 = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}` });
    expect(step1.statusCode).toBe(200);
  });
});

describe('ttl', () => {
  it('sweeps a workspace left unused past its ttl, and keeps one in use until it too is left unused', async () => {
    const idle = await createWorkspace(app, { ttl: 'PT1M' });
    const busy = await createWorkspace(app, { ttl: 'PT1M' });
    const kept = await createWorkspace(app);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Any call carrying the workspace's credential counts as use; it is recorded after the answer.
    expect((await new RulrrCalls(app, busy).step1()).statusCode).toBe(200);
    const used = await readWorkspace(app, busy.id);
    expect(Date.parse(used.lastUsedAt)).toBeGreaterThan(Date.parse(busy.createdAt));
    expect(used.expiresAt).toBe(new Date(Date.parse(used.lastUsedAt) + 60_000).toISOString());

    const lastUse = Date.parse(used.lastUsedAt);
    expect(app.workspaces.sweep(lastUse + 60_000 - 1)).toEqual([idle.id]);
    expect((await app.inject({ method: 'GET', url: `/__admin/workspaces/${idle.id}` })).statusCode).toBe(404);
    expect(Object.values(rowsOf(app, idle.id)).every((count) => count === 0)).toBe(true);
    expect((await new RulrrCalls(app, busy).step1()).statusCode).toBe(200);

    expect(app.workspaces.sweep(lastUse + 60_000 + 10_000)).toEqual([busy.id]);
    expect(app.workspaces.sweep(Date.now() + 365 * 86_400_000)).toEqual([]);
    expect((await list()).map((workspace) => workspace.id)).toEqual(['demo', kept.id]);
  });
});

describe('?workspace= on the admin calls of one workspace', () => {
  const calls: Array<[string, string, object?]> = [
    ['GET', '/__admin/clock'],
    ['POST', '/__admin/clock', { advanceBy: 'PT1M' }],
    ['DELETE', '/__admin/clock'],
    ['GET', '/__admin/outbox'],
    ['DELETE', '/__admin/outbox'],
    ['GET', '/__admin/rulrr/integrations/rit_x'],
    ['POST', '/__admin/rulrr/integrations/rit_x/complete', { ereceipt: true }],
    ['POST', '/__admin/rulrr/integrations/rit_x/cancel'],
    ['POST', '/__admin/rulrr/integrations/rit_x/revoke'],
    ['GET', '/__admin/rulrr/stores/store-demo-downtown/customers'],
  ];
  const workspaces: Array<[string, string]> = [
    ['an unknown id', 'ws0123456789'],
    ['a malformed id', 'nope'],
    ['demo in capitals', 'DEMO'],
    ['an empty id', ''],
    ['an id with a NUL', 'ws0123456789%00'],
    ['a 500-character id', 'x'.repeat(500)],
  ];

  it.each(calls)('%s %s answers 404 in the admin envelope for an unknown or malformed workspace', async (method, path, payload) => {
    for (const [label, workspace] of workspaces) {
      const response = await app.inject({
        method: method as 'GET' | 'POST' | 'DELETE',
        url: `${path}?workspace=${workspace}`,
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${label}: ${response.body}`).toBe(404);
      expect(response.json()).toEqual(adminEnvelope('not_found'));
    }
  });

  it('moves no clock when the workspace is unknown', async () => {
    await app.inject({ method: 'POST', url: '/__admin/clock?workspace=ws0123456789', payload: { advanceBy: 'P1D' } });
    expect((await readWorkspace(app, 'demo')).clock.offsetMs).toBe(0);
  });
});
