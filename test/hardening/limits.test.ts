import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, query } from '../helpers/build.js';
import { deliveriesOf, eventually, finishedIntegration, listeningApp, registerWebhook } from '../webhooks/helpers.js';
import { Receiver, unusedPort } from '../webhooks/receiver.js';

/*
 * What a flood leaves behind is bounded by configuration: the outbox and the request journal per
 * workspace (the oldest go first), and the number of workspaces.
 */
let app: FastifyInstance | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await app?.close();
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

const rowsIn = (table: 'outbox_messages' | 'request_journal', workspace = 'demo') =>
  app!.db.prepare(`SELECT count(*) FROM ${table} WHERE workspace_id = ?`).pluck().get(workspace) as number;

async function outboxIds(workspace = 'demo'): Promise<number[]> {
  const response = await app!.inject({ method: 'GET', url: `/__admin/outbox?workspace=${workspace}` });
  expect(response.statusCode).toBe(200);
  return response.json<{ messages: Array<{ id: number }> }>().messages.map((message) => message.id);
}

describe('the outbox', () => {
  it('keeps the newest SANDBOX_OUTBOX_LIMIT messages of a workspace, and stays near the limit unread', async () => {
    app = await buildTestApp({ outboxLimit: 20 });
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} })).json<{ id: string; rulrr: { clientId: string; clientSecret: string } }>();
    await finishedIntegration(app, { client_id: other.rulrr.clientId, client_secret: other.rulrr.clientSecret }, other.id);
    for (let i = 0; i < 150; i++) await finishedIntegration(app, DEMO_CLIENT);
    // Unread, a workspace holds at most a tenth of its limit more (it is trimmed every 2 messages here).
    expect(rowsIn('outbox_messages')).toBeLessThanOrEqual(21);

    const ids = await outboxIds();
    expect(ids).toHaveLength(20);
    expect(ids.at(-1)! - ids[0]!).toBe(19);
    // The newest message is the last integration's; another workspace's message was not trimmed by demo's flood.
    expect(ids.at(-1)).toBe(app.db.prepare("SELECT max(id) FROM outbox_messages WHERE workspace_id = 'demo'").pluck().get());
    expect(await outboxIds(other.id)).toHaveLength(1);
  });

  it('still delivers every event to webhooks after the messages are trimmed', async () => {
    const port = await unusedPort();
    app = await listeningApp({ outboxLimit: 3, webhookAttempts: 20, webhookBackoffMs: 50 });
    // The receiver is down at first: every delivery is still pending when the outbox is trimmed.
    await registerWebhook(app, { url: `http://127.0.0.1:${port}/hooks`, events: ['rulrr.integration.finished'] });
    for (let i = 0; i < 10; i++) await finishedIntegration(app, DEMO_CLIENT);
    expect(await outboxIds()).toHaveLength(3);

    receiver = await new Receiver().start(port);
    const received = await receiver.waitFor(10);
    expect(new Set(received.map((delivery) => delivery.event.id)).size).toBe(10);
    const webhooks = (await app.inject({ method: 'GET', url: '/__admin/webhooks' })).json<{ webhooks: Array<{ id: string }> }>().webhooks;
    // The last outcome is recorded a moment after the receiver answered.
    const succeeded = async () => (await deliveriesOf(app!, webhooks[0]!.id)).filter((delivery) => delivery.status === 'succeeded');
    expect(await eventually(succeeded, (done) => done.length === 10)).toHaveLength(10);
  });

  it('refuses a limit below 1', async () => {
    await expect(buildTestApp({ outboxLimit: 0 })).rejects.toThrow(/outboxLimit/);
  });
});

describe('the request journal', () => {
  it('stays near SANDBOX_JOURNAL_LIMIT under a flood nobody reads, and shows exactly the limit', async () => {
    app = await buildTestApp({ journalLimit: 30 });
    for (let i = 0; i < 400; i++) {
      await app.inject({ method: 'GET', url: `/rulrr/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: `t-${i}` })}` });
    }
    // Written in batches a few milliseconds later, and trimmed every 3 entries here: never more
    // than 2 over the limit, whenever it is looked at.
    for (let waited = 0; waited < 3000 && rowsIn('request_journal') < 30; waited += 20) {
      expect(rowsIn('request_journal')).toBeLessThanOrEqual(30 + 2);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rowsIn('request_journal')).toBeGreaterThanOrEqual(30);
    expect(rowsIn('request_journal')).toBeLessThanOrEqual(30 + 2);
    const listed = await app.inject({ method: 'GET', url: '/__admin/requests?limit=1000' });
    expect(listed.json<{ requests: unknown[] }>().requests).toHaveLength(30);
  });
});

describe('workspaces', () => {
  it('answers 409 too_many_workspaces past SANDBOX_MAX_WORKSPACES, for a new one and a restored snapshot alike', async () => {
    app = await buildTestApp({ maxWorkspaces: 3 });
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { name: `job-${i}` } });
      expect(created.statusCode).toBe(201);
      made.push(created.json<{ id: string }>().id);
    }
    const before = app.db.prepare('SELECT count(*) FROM rulrr_clients').pluck().get();

    const refused = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ error: 'too_many_workspaces', message: expect.stringContaining('SANDBOX_MAX_WORKSPACES') });
    const snapshot = (await app.inject({ method: 'GET', url: `/__admin/workspaces/${made[0]}/snapshot` })).json();
    const restore = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { snapshot } });
    expect(restore.statusCode).toBe(409);
    expect(restore.json().error).toBe('too_many_workspaces');
    // Nothing of the refused workspaces was written; demo does not count and can still be reset.
    expect(app.db.prepare('SELECT count(*) FROM rulrr_clients').pluck().get()).toBe(before);
    expect((await app.inject({ method: 'POST', url: '/__admin/workspaces/demo/reset' })).statusCode).toBe(200);

    expect((await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${made[0]}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { snapshot } })).statusCode).toBe(201);
  });

  it('lets SANDBOX_MAX_WORKSPACES=0 keep only demo', async () => {
    app = await buildTestApp({ maxWorkspaces: 0 });
    expect((await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}` })).statusCode).toBe(200);
  });
});
