import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../src/db/database.js';
import { buildTestApp, DEMO_STORE_ID, query } from '../helpers/build.js';

let app: FastifyInstance;
afterEach(() => app?.close());

interface Workspace {
  id: string;
  clock: { offsetMs: number };
  rulrr: { clientId: string; clientSecret: string; clients: Array<{ clientId: string; clientSecret: string }> };
  restored?: { from: string; sameId: boolean };
}

interface Snapshot {
  format: string;
  formatVersion: number;
  schemaVersion: number;
  workspace: { id: string; clockOffsetMs: number; credentials: Record<string, unknown> };
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
}

async function post<T>(url: string, payload?: unknown, status = 200): Promise<T> {
  const response = await app.inject({ method: 'POST', url, ...(payload === undefined ? {} : { payload: payload as object }) });
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

async function get<T>(url: string, status = 200): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

const snapshotOf = (id: string, search = '') => get<Snapshot>(`/__admin/workspaces/${id}/snapshot${search}`);
const restore = (snapshot: unknown, status = 201, extra: Record<string, unknown> = {}) =>
  post<Workspace>('/__admin/workspaces', { snapshot, ...extra }, status);

/** STEPS 1–4 for one of a workspace's clients, finished through the admin API. */
async function connect(workspace: Workspace, options: { ereceipt: boolean }) {
  const client = { client_id: workspace.rulrr.clientId, client_secret: workspace.rulrr.clientSecret };
  const { integrationToken } = await post<{ integrationToken: string }>(`/rulrr/v1/auth/integration?${query(client)}`);
  await post(`/__admin/rulrr/integrations/${integrationToken}/complete?workspace=${workspace.id}`, { ereceipt: options.ereceipt, storeId: DEMO_STORE_ID });
  const tokens = await get<{ accessToken: string; refreshToken: string }>(
    `/rulrr/v1/auth/integration/token?${query({ ...client, integration_token: integrationToken })}`,
  );
  return { ...tokens, client };
}

/**
 * A workspace with state in every Rulrr path: a finished integration with its tokens taken, a
 * pending one, a changed store profile, an uploaded customers list, orders with an e-receipt in
 * the outbox, a moved clock, a fault and a journal.
 */
async function busyWorkspace() {
  const workspace = await post<Workspace>('/__admin/workspaces', { name: 'qa-bug-1234' }, 201);
  await post(`/__admin/clock?workspace=${workspace.id}`, { advanceBy: 'P3DT4H' });
  const connection = await connect(workspace, { ereceipt: true });
  const { integrationToken: pending } = await post<{ integrationToken: string }>(`/rulrr/v1/auth/integration?${query(connection.client)}`);
  const withToken = (path: string, extra: Record<string, string> = {}) => `${path}?${query({ access_token: connection.accessToken, ...extra })}`;

  const profile = await app.inject({
    method: 'PUT',
    url: withToken('/rulrr/v1/stores'),
    payload: { storeName: 'Snapshot Coffee', storeAddress: '1 Copy Lane', storeCountryCode: 'GB', storeCity: 'Leeds' },
  });
  expect(profile.statusCode, profile.body).toBe(200);
  const { uploadUrl } = await get<{ uploadUrl: string }>(withToken('/rulrr/v1/customers'));
  const upload = await app.inject({
    method: 'PUT',
    url: new URL(uploadUrl).pathname,
    headers: { 'content-type': 'text/csv' },
    payload: 'customerId,firstName,lastName,email,phone,marketingOptIn\nc-1,Ada,Lovelace,ada@example.test,+447700900123,true\n',
  });
  expect(upload.json()).toMatchObject({ accepted: 1 });
  for (const orderId of ['S-1', 'S-2']) {
    const response = await app.inject({
      method: 'POST',
      url: withToken('/rulrr/v1/orders'),
      payload: { orderId, total: '450', currency: 'GBP', customer: { phone: '+447700900123' }, ereceipt: true, items: [{ name: 'Tea', quantity: 1, price: '450' }] },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
  await post(`/__admin/faults?workspace=${workspace.id}`, { path: '/rulrr/v1/nothing', status: 503, times: 3 }, 201);
  return { workspace, connection, pending, withToken };
}

/** What the workspace's API and admin calls answer, minus what a restore may legitimately change. */
async function observed(workspace: string, withToken: (path: string, extra?: Record<string, string>) => string) {
  return {
    store: await get(withToken('/rulrr/v1/stores')),
    order: await get(withToken('/rulrr/v1/orders', { orderId: 'S-1' })),
    customers: await get(`/__admin/rulrr/stores/${DEMO_STORE_ID}/customers?workspace=${workspace}`),
    // SMS only: connecting again after a restore records an event of its own.
    outbox: (await get<{ messages: Array<Record<string, unknown>> }>(`/__admin/outbox?workspace=${workspace}&channel=sms`)).messages.map(
      ({ id: _id, ...message }) => message,
    ),
    events: (await get<{ messages: Array<{ body: string; payload: Record<string, unknown> }> }>(`/__admin/outbox?workspace=${workspace}&channel=event`)).messages.map(
      ({ body, payload }) => ({ type: body, clientId: payload.clientId ?? null }),
    ),
    faults: (await get<{ faults: Array<Record<string, unknown>> }>(`/__admin/faults?workspace=${workspace}`)).faults.map(({ id: _id, workspace: _ws, ...fault }) => fault),
  };
}

describe('workspace snapshots', () => {
  it('exports every workspace table, found from the schema, with the clock offset and credentials', async () => {
    app = await buildTestApp();
    const { workspace } = await busyWorkspace();
    const snapshot = await snapshotOf(workspace.id);
    expect(snapshot).toMatchObject({
      format: 'pos-sandbox/workspace-snapshot',
      formatVersion: 1,
      schemaVersion: schemaVersion(app.db),
      workspace: { id: workspace.id, name: 'qa-bug-1234', credentials: { rulrr: workspace.rulrr } },
    });
    expect(snapshot.workspace.clockOffsetMs).toBeGreaterThanOrEqual((3 * 24 + 4) * 3600 * 1000 - 1000);
    const workspaceTables = (app.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'workspaces'").pluck().all() as string[]).filter(
      (table) => (app.db.pragma(`table_info(${table})`) as Array<{ name: string }>).some((column) => column.name === 'workspace_id'),
    );
    expect(Object.keys(snapshot.tables).sort()).toEqual(workspaceTables.sort());
    expect(snapshot.tables.rulrr_orders!.rows).toHaveLength(2);
    expect(snapshot.tables.rulrr_orders!.columns).not.toContain('workspace_id');
    expect(snapshot.tables.request_journal!.rows.length).toBeGreaterThan(5);
    expect((await snapshotOf(workspace.id, '?journal=false')).tables.request_journal).toBeUndefined();
  });

  it('restores under the same id and credentials once the original is gone: every answer the same, the old tokens working', async () => {
    app = await buildTestApp();
    const { workspace, connection, pending, withToken } = await busyWorkspace();
    const before = await observed(workspace.id, withToken);
    const snapshot = await snapshotOf(workspace.id);
    await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${workspace.id}` });
    expect((await app.inject({ method: 'GET', url: withToken('/rulrr/v1/stores') })).statusCode).toBe(403);
    // Reading a journal writes the queue: that refused call lands in demo now, not in the restored workspace.
    await get('/__admin/requests');

    const restored = await restore(snapshot);
    expect(restored).toMatchObject({ id: workspace.id, name: 'qa-bug-1234', rulrr: workspace.rulrr, restored: { from: workspace.id, sameId: true } });
    expect(Math.abs(restored.clock.offsetMs - workspace.clock.offsetMs - (3 * 24 + 4) * 3600 * 1000)).toBeLessThan(5_000);
    // Journal ids run across workspaces: one taken since is given a new number, the entry is the same.
    const journal = (await get<{ requests: Array<{ requestId: string }> }>(`/__admin/requests?workspace=${workspace.id}&limit=1000`)).requests;
    const requestIdAt = snapshot.tables.request_journal!.columns.indexOf('request_id');
    expect(journal.map((entry) => entry.requestId).sort()).toEqual(snapshot.tables.request_journal!.rows.map((row) => row[requestIdAt]).sort());
    expect(await observed(workspace.id, withToken)).toEqual(before);

    const refreshed = await post<{ accessToken: string }>(`/rulrr/v1/auth/token?${query({ ...connection.client, refresh_token: connection.refreshToken })}`);
    expect(refreshed.accessToken).toMatch(new RegExp(`^rat_${workspace.id}_`));
    const status = await get<{ status: string }>(`/rulrr/v1/auth/integration?${query({ ...connection.client, integration_token: pending })}`);
    expect(status.status).toBe('pending');
    const receiptUrl = (before.order as { order: { ereceipt: { url: string } } }).order.ereceipt.url;
    expect((await app.inject({ method: 'GET', url: new URL(receiptUrl).pathname })).statusCode).toBe(200);
  });

  it('restores under a new id with new client credentials while the original lives on, both answering the same', async () => {
    app = await buildTestApp();
    const { workspace, withToken } = await busyWorkspace();
    const snapshot = await snapshotOf(workspace.id);
    const before = await observed(workspace.id, withToken);

    const copy = await restore(snapshot);
    expect(copy.id).not.toBe(workspace.id);
    expect(copy.restored).toEqual({ from: workspace.id, sameId: false });
    expect(copy.rulrr.clientId).toBe(`pos-${copy.id}`);
    expect(copy.rulrr.clientSecret).not.toBe(workspace.rulrr.clientSecret);

    // The original is untouched, its token still its own.
    expect(await observed(workspace.id, withToken)).toEqual(before);
    // The copy carries no token of the original; its new client connects again and sees the same world.
    const connection = await connect(copy, { ereceipt: true });
    expect(connection.accessToken).toMatch(new RegExp(`^rat_${copy.id}_`));
    const withCopyToken = (path: string, extra: Record<string, string> = {}) => `${path}?${query({ access_token: connection.accessToken, ...extra })}`;
    const after = await observed(copy.id, withCopyToken);
    const receiptOf = (seen: typeof before) => (seen.order as { order: { ereceipt: { url: string } } }).order.ereceipt.url;
    expect(receiptOf(after)).toMatch(new RegExp(`/receipts/rcpt_${copy.id}_`));
    const withoutReceipts = ({ events: _events, ...seen }: typeof before) => JSON.parse(JSON.stringify(seen).replace(/rcpt_[A-Za-z0-9_-]+/g, 'rcpt'));
    expect(withoutReceipts(after)).toEqual(withoutReceipts(before));
    // The copy's events are the original's, naming the copy's client, then its own new connection's.
    const renamed = (events: typeof before.events) =>
      events.map((event) => ({ ...event, clientId: event.clientId === workspace.rulrr.clientId ? copy.rulrr.clientId : event.clientId }));
    expect(after.events.slice(0, before.events.length)).toEqual(renamed(before.events));
    expect(after.events.slice(before.events.length)).toEqual([{ type: 'rulrr.integration.finished', clientId: copy.rulrr.clientId }]);
    expect(JSON.stringify(after.outbox)).toContain(new URL(receiptOf(after)).pathname);
    expect((await app.inject({ method: 'GET', url: new URL(receiptOf(after)).pathname })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: new URL(receiptOf(before)).pathname })).statusCode).toBe(200);
    // The old client id is the original's alone.
    const oldClient = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: workspace.rulrr.clientId, client_secret: workspace.rulrr.clientSecret })}` });
    expect(oldClient.statusCode).toBe(200);
    expect((await get<{ requests: Array<{ workspace: string }> }>(`/__admin/requests?workspace=${workspace.id}&limit=1`)).requests[0]!.workspace).toBe(workspace.id);
  });

  it('restores demo under a new id: demo always exists', async () => {
    app = await buildTestApp();
    const snapshot = await snapshotOf('demo');
    const copy = await restore(snapshot, 201, { name: 'demo copy', ttl: 'PT1H' });
    expect(copy).toMatchObject({ name: 'demo copy', ttl: 'PT1H', restored: { from: 'demo', sameId: false } });
    expect(copy.rulrr.clientId).toBe(`pos-${copy.id}`);
    expect((await get<Workspace>('/__admin/workspaces/demo')).rulrr.clientId).toBe('pos-demo');
  });

  it('takes snapshots bigger than the admin API usually allows', async () => {
    app = await buildTestApp();
    const snapshot = await snapshotOf('demo', '?journal=false');
    const columns = snapshot.tables.outbox_messages!.columns;
    const message = (i: number) =>
      columns.map((column) => ({ id: i + 1, api: 'rulrr', channel: 'sms', recipient: '+447700900123', body: 'x'.repeat(600), payload: '{}', created_at: '2026-01-01T00:00:00.000Z' })[column] ?? null);
    snapshot.tables.outbox_messages!.rows = Array.from({ length: 3000 }, (_, i) => message(i));
    expect(JSON.stringify(snapshot).length).toBeGreaterThan(1024 * 1024);
    const copy = await restore(snapshot);
    expect((await get<{ messages: unknown[] }>(`/__admin/outbox?workspace=${copy.id}`)).messages).toHaveLength(1000);
  });

  it('answers 413 past 32 MiB, and keeps the usual 1 MiB on the other admin routes', async () => {
    app = await buildTestApp();
    const huge = await app.inject({
      method: 'POST',
      url: '/__admin/workspaces',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(33 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toEqual({ error: 'payload_too_large', message: expect.stringMatching(/32 MiB/) });
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/__admin/faults',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 500, path: `/${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    expect(elsewhere.statusCode).toBe(413);
    expect(elsewhere.json().message).toMatch(/1 MiB/);
  });

  it.each([
    ['a newer schema version', (s: Snapshot) => ({ ...s, schemaVersion: s.schemaVersion + 1 }), 400, /newer pos-sandbox/],
    ['a newer format version', (s: Snapshot) => ({ ...s, formatVersion: 2 }), 400, /format version 2/],
    ['another format', (s: Snapshot) => ({ ...s, format: 'something-else' }), 400, /format/],
    ['an unknown table', (s: Snapshot) => ({ ...s, tables: { ...s.tables, paypal_orders: { columns: ['id'], rows: [] } } }), 400, /paypal_orders/],
    [
      'an unknown column',
      (s: Snapshot) => ({ ...s, tables: { ...s.tables, rulrr_merchants: { ...s.tables.rulrr_merchants!, columns: [...s.tables.rulrr_merchants!.columns, 'shoe_size'] } } }),
      400,
      /shoe_size/,
    ],
    [
      'a row with a value missing',
      (s: Snapshot) => ({ ...s, tables: { ...s.tables, rulrr_merchants: { ...s.tables.rulrr_merchants!, rows: [s.tables.rulrr_merchants!.rows[0]!.slice(1)] } } }),
      400,
      /values for/,
    ],
    [
      'a value of the wrong type',
      (s: Snapshot) => ({ ...s, tables: { ...s.tables, rulrr_stores: { ...s.tables.rulrr_stores!, rows: s.tables.rulrr_stores!.rows.map((row) => row.map(() => 'x')) } } }),
      400,
      /do not fit/,
    ],
    ['a clock past 9999', (s: Snapshot) => ({ ...s, workspace: { ...s.workspace, clockOffsetMs: 9e15 } }), 400, /clock/],
    ['a bad ttl', (s: Snapshot) => ({ ...s, workspace: { ...s.workspace, ttl: 'PT1S' } }), 400, /ttl/],
    ['credentials of the wrong shape', (s: Snapshot) => ({ ...s, workspace: { ...s.workspace, credentials: { rulrr: 5 } } }), 400, /rulrr credentials/],
  ])('refuses %s', async (_case, change, status, message) => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { snapshot: change(await snapshotOf('demo')) } });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().message).toMatch(message);
    expect((await get<{ workspaces: unknown[] }>('/__admin/workspaces')).workspaces).toHaveLength(1);
  });

  it('answers 404 for the snapshot of an unknown workspace', async () => {
    app = await buildTestApp();
    expect((await app.inject({ method: 'GET', url: '/__admin/workspaces/ws0000000000/snapshot' })).statusCode).toBe(404);
  });
});
