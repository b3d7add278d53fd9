import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxTable } from '../../src/outbox/outbox-table.js';
import { DEMO_CLIENT, DEMO_STORE_ID } from '../helpers/build.js';
import { connectedStore } from '../helpers/rulrr.js';
import { baseUrl, deliveriesOf, eventually, finishedIntegration, listeningApp, registerWebhook } from './helpers.js';
import { Receiver, verifySignature } from './receiver.js';

let app: FastifyInstance;
const receivers: Receiver[] = [];
const receiver = async () => {
  const started = await new Receiver().start();
  receivers.push(started);
  return started;
};
afterEach(async () => {
  await app?.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const settled = (id: string, workspace = 'demo') =>
  eventually(
    () => deliveriesOf(app, id, workspace),
    (deliveries) => deliveries.length > 0 && deliveries.every((d) => d.status === 'succeeded' || d.status === 'failed'),
  );

describe('webhook delivery over a real socket', () => {
  it('POSTs the event, signed with the secret shown at registration, and logs the 2xx', async () => {
    app = await listeningApp();
    const hooks = await receiver();
    const { id, secret } = await registerWebhook(app, { url: hooks.url, events: ['rulrr.integration.finished'] });
    await finishedIntegration(app, DEMO_CLIENT);

    const [delivery] = await hooks.waitFor(1);
    expect(verifySignature(delivery!.raw, delivery!.headers['pos-sandbox-signature'] as string, secret)).toBe(true);
    expect(verifySignature(delivery!.raw, delivery!.headers['pos-sandbox-signature'] as string, 'whsec_wrong')).toBe(false);
    expect(verifySignature(`${delivery!.raw} `, delivery!.headers['pos-sandbox-signature'] as string, secret)).toBe(false);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.event).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{24}$/),
      type: 'rulrr.integration.finished',
      createdAt: expect.any(String),
      workspace: 'demo',
      api: 'rulrr',
      data: { clientId: 'pos-demo', storeId: DEMO_STORE_ID, ereceipt: true },
    });
    expect(delivery!.headers['pos-sandbox-event-id']).toBe(delivery!.event.id);

    const [logged] = await settled(id);
    expect(logged).toMatchObject({
      event: { id: delivery!.event.id, type: 'rulrr.integration.finished', createdAt: delivery!.event.createdAt },
      status: 'succeeded',
      attempts: 1,
      nextAttemptAt: null,
      lastStatusCode: 200,
      lastError: null,
      completedAt: expect.any(String),
      log: [{ attempt: 1, statusCode: 200, error: null, response: '{"received":true}', durationMs: expect.any(Number) }],
    });
  });

  it('stamps the event with the workspace clock, and signs with real time', async () => {
    app = await listeningApp();
    const hooks = await receiver();
    const { secret } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '2031-05-01T12:00:00Z' } });
    await finishedIntegration(app, DEMO_CLIENT);
    const [delivery] = await hooks.waitFor(1);
    expect(delivery!.event.createdAt.startsWith('2031-05-01T12:00')).toBe(true);
    expect(verifySignature(delivery!.raw, delivery!.headers['pos-sandbox-signature'] as string, secret)).toBe(true);
  });

  it('retries after two 500s with a growing wait, and logs three attempts of the same event', async () => {
    app = await listeningApp({ webhookBackoffMs: 100 });
    const hooks = await receiver();
    hooks.answerWith(500, { status: 500, body: 'try later' });
    const { id, secret } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    await finishedIntegration(app, DEMO_CLIENT);

    const attempts = await hooks.waitFor(3);
    expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
    for (const attempt of attempts) expect(verifySignature(attempt.raw, attempt.headers['pos-sandbox-signature'] as string, secret)).toBe(true);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(100);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(200);

    const [logged] = await settled(id);
    expect(logged!.status).toBe('succeeded');
    expect(logged!.attempts).toBe(3);
    expect(logged!.log.map(({ attempt, statusCode, error, response }) => ({ attempt, statusCode, error, response }))).toEqual([
      { attempt: 1, statusCode: 500, error: 'the receiver answered 500', response: '{"received":true}' },
      { attempt: 2, statusCode: 500, error: 'the receiver answered 500', response: 'try later' },
      { attempt: 3, statusCode: 200, error: null, response: '{"received":true}' },
    ]);
    await sleep(300);
    expect(hooks.received).toHaveLength(3);
  });

  it('shows the next attempt while waiting, and gives up after the last one', async () => {
    app = await listeningApp({ webhookAttempts: 3, webhookBackoffMs: 300 });
    const hooks = await receiver();
    hooks.answerWith(503, 503, 503);
    const { id } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    await finishedIntegration(app, DEMO_CLIENT);

    await hooks.waitFor(1);
    const [waiting] = await eventually(
      () => deliveriesOf(app, id),
      ([d]) => d?.status === 'pending' && d.attempts === 1,
    );
    expect(Date.parse(waiting!.nextAttemptAt!)).toBeGreaterThan(Date.parse(waiting!.log[0]!.startedAt));
    expect(waiting!.lastStatusCode).toBe(503);

    const [failed] = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, lastStatusCode: 503, lastError: 'the receiver answered 503' });
    await sleep(700);
    expect(hooks.received).toHaveLength(3);
  });

  it('answers the request that caused an event at once while the receiver hangs, and times the attempt out behind it', async () => {
    app = await listeningApp({ webhookTimeoutMs: 3000, webhookAttempts: 1 });
    const hooks = await receiver();
    hooks.answerWith('hang', 'hang');
    const { id } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    const { accessToken } = await connectedStore(app, { ereceipt: true });
    await hooks.waitFor(1);

    const started = Date.now();
    const response = await fetch(`${baseUrl(app)}/rulrr/v1/orders?access_token=${accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'slow-receiver', total: '100', customer: { phone: '+14155550123' }, ereceipt: true }),
    });
    expect(response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);

    const deliveries = await settled(id);
    expect(deliveries.map((d) => d.event.type).sort()).toEqual(['rulrr.ereceipt.sent', 'rulrr.integration.finished']);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: 'no answer within 3000 ms' });
      expect(delivery.log[0]!.durationMs).toBeGreaterThanOrEqual(2900);
    }
  });

  it('does not follow a redirect, and keeps only the first 1 KiB of an answer', async () => {
    app = await listeningApp({ webhookAttempts: 2 });
    const hooks = await receiver();
    const other = await receiver();
    hooks.answerWith({ status: 307, headers: { location: other.url }, body: '' }, { status: 200, body: 'x'.repeat(100_000) });
    const { id } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    await finishedIntegration(app, DEMO_CLIENT);

    const [delivery] = await settled(id);
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([307, 200]);
    expect(delivery!.log[0]!.error).toBe('the receiver answered 307');
    expect(delivery!.log[1]!.response).toBe('x'.repeat(1024));
    expect(other.received).toEqual([]);
  });

  it('logs why a receiver could not be reached', async () => {
    app = await listeningApp({ webhookAttempts: 1 });
    const hooks = await receiver();
    const url = hooks.url;
    await hooks.close();
    const { id } = await registerWebhook(app, { url, events: ['*'] });
    await finishedIntegration(app, DEMO_CLIENT);
    const [delivery] = await settled(id);
    expect(delivery!.lastError).toMatch(/^could not reach the receiver: .*ECONNREFUSED/);
  });
});

describe('which webhooks get an event', () => {
  it('sends each webhook only the types it registered for; * gets them all', async () => {
    app = await listeningApp();
    const [cancelled, everything] = [await receiver(), await receiver()];
    await registerWebhook(app, { url: cancelled.url, events: ['rulrr.integration.cancelled', 'rulrr.integration.revoked'] });
    await registerWebhook(app, { url: everything.url, events: ['*'] });

    await finishedIntegration(app, DEMO_CLIENT);
    const pending = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret` });
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${pending.json().integrationToken}/cancel` });

    await everything.waitFor(2);
    await cancelled.waitFor(1);
    await sleep(300);
    expect(everything.received.map((r) => r.event.type)).toEqual(['rulrr.integration.finished', 'rulrr.integration.cancelled']);
    expect(cancelled.received.map((r) => r.event.type)).toEqual(['rulrr.integration.cancelled']);
    expect(cancelled.received[0]!.event.id).toBe(everything.received[1]!.event.id);
  });

  it("delivers any API's events written to the outbox, whatever their type", async () => {
    app = await listeningApp();
    const hooks = await receiver();
    await registerWebhook(app, { url: hooks.url, events: ['wll.receipt.reviewed', 'kangaroo.transaction.created'] });
    const outbox = new OutboxTable(app.db);
    const now = new Date('2030-01-02T03:04:05.000Z');
    outbox.add('demo', { api: 'wll', channel: 'event', recipient: null, body: 'wll.receipt.reviewed', payload: { type: 'wll.receipt.reviewed', receiptId: 'r1', status: 'AUTHORIZED' } }, now);
    outbox.add('demo', { api: 'wll', channel: 'event', recipient: null, body: 'wll.order.placed', payload: { type: 'wll.order.placed' } }, now);
    outbox.add('demo', { api: 'kangaroo', channel: 'event', recipient: null, body: 'kangaroo.transaction.created', payload: { type: 'kangaroo.transaction.created', points: 5 } }, now);
    outbox.add('demo', { api: 'rulrr', channel: 'sms', recipient: '+14155550123', body: 'hello', payload: { type: 'wll.receipt.reviewed' } }, now);

    await hooks.waitFor(2);
    await sleep(300);
    expect(hooks.received.map((r) => r.event)).toEqual([
      { id: expect.any(String), type: 'wll.receipt.reviewed', createdAt: now.toISOString(), workspace: 'demo', api: 'wll', data: { receiptId: 'r1', status: 'AUTHORIZED' } },
      { id: expect.any(String), type: 'kangaroo.transaction.created', createdAt: now.toISOString(), workspace: 'demo', api: 'kangaroo', data: { points: 5 } },
    ]);
  });

  it("never sends a workspace's webhook another workspace's events", async () => {
    app = await listeningApp();
    const [ofDemo, ofOther] = [await receiver(), await receiver()];
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { name: 'other' } })).json();
    const demoHook = await registerWebhook(app, { url: ofDemo.url, events: ['*'] });
    const otherHook = await registerWebhook(app, { url: ofOther.url, events: ['*'] }, other.id);

    await finishedIntegration(app, { client_id: other.rulrr.clientId, client_secret: other.rulrr.clientSecret }, other.id);
    await finishedIntegration(app, DEMO_CLIENT);
    await finishedIntegration(app, DEMO_CLIENT);

    await ofDemo.waitFor(2);
    await ofOther.waitFor(1);
    await sleep(300);
    expect(ofDemo.received.map((r) => r.event.workspace)).toEqual(['demo', 'demo']);
    expect(ofOther.received.map((r) => [r.event.workspace, r.event.data.clientId])).toEqual([[other.id, other.rulrr.clientId]]);

    const across = await app.inject({ method: 'GET', url: `/__admin/webhooks/${otherHook.id}/deliveries?workspace=demo` });
    expect(across.statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/__admin/webhooks/${demoHook.id}?workspace=${other.id}` })).statusCode).toBe(404);
    const listed = (await app.inject({ method: 'GET', url: `/__admin/webhooks?workspace=${other.id}` })).json().webhooks;
    expect(listed.map((w: { id: string }) => w.id)).toEqual([otherHook.id]);
  });

  it('sends nothing more once a webhook is deleted, pending retries included', async () => {
    app = await listeningApp({ webhookBackoffMs: 200, webhookAttempts: 10 });
    const hooks = await receiver();
    hooks.answerWith(500);
    const { id } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
    await finishedIntegration(app, DEMO_CLIENT);
    await hooks.waitFor(1);
    expect((await app.inject({ method: 'DELETE', url: `/__admin/webhooks/${id}` })).json()).toEqual({ id, deleted: true });
    await finishedIntegration(app, DEMO_CLIENT);
    await sleep(600);
    expect(hooks.received).toHaveLength(1);
    expect(app.db.prepare('SELECT (SELECT count(*) FROM webhook_deliveries) + (SELECT count(*) FROM webhook_events)').pluck().get()).toBe(0);
  });
});

describe('stopping the sandbox during an attempt', () => {
  it('records the attempt as cut short and leaves the delivery due for the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-webhooks-'));
    try {
      const dbPath = join(dir, 'sandbox.db');
      app = await listeningApp({ dbPath, webhookTimeoutMs: 30_000 });
      const hooks = await receiver();
      hooks.answerWith('hang');
      const { id } = await registerWebhook(app, { url: hooks.url, events: ['*'] });
      await finishedIntegration(app, DEMO_CLIENT);
      await hooks.waitFor(1);
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(2000);

      app = await listeningApp({ dbPath });
      const [delivery] = await settled(id);
      expect(delivery!.status).toBe('succeeded');
      expect(delivery!.log.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
        [1, null, 'the sandbox stopped during the attempt'],
        [2, 200, null],
      ]);
      expect(hooks.received).toHaveLength(2);
      expect(hooks.received[1]!.event.id).toBe(hooks.received[0]!.event.id);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
