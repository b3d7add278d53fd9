import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, query } from '../helpers/build.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import { Receiver, unusedPort, verifySignature } from './receiver.js';

/*
 * The sandbox as shipped (dist/server.js), in processes of its own on one database file:
 * deliveries live in the file, so a process started later picks up what an earlier one left, and
 * processes sharing the file share the deliveries without doubling any.
 */
const FAST = { SANDBOX_WEBHOOK_BACKOFF_MS: '200', SANDBOX_WEBHOOK_ATTEMPTS: '20', SANDBOX_WEBHOOK_TIMEOUT_MS: '2000' };

let dir: string;
let dbPath: string;
const running: RunningSandbox[] = [];
let receiver: Receiver;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-webhook-processes-'));
  dbPath = join(dir, 'sandbox.db');
  receiver = new Receiver();
});

afterEach(async () => {
  const codes = await Promise.all(running.splice(0).map((sandbox) => sandbox.stop()));
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
  expect(codes.every((code) => code === 0), 'each process stops cleanly').toBe(true);
});

async function start(): Promise<RunningSandbox> {
  const sandbox = await startSandboxProcess(dbPath, FAST);
  running.push(sandbox);
  return sandbox;
}

async function call(sandbox: RunningSandbox, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** STEP 1 on one process, the admin's complete on another: one rulrr.integration.finished event. */
async function finishIntegration(first: RunningSandbox, second = first): Promise<void> {
  const created = await call(first, 'POST', `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}`);
  const completed = await call(second, 'POST', `/__admin/rulrr/integrations/${created.body.integrationToken as string}/complete`, {});
  expect(completed.status).toBe(200);
}

interface Logged {
  status: string;
  attempts: number;
  log: Array<{ statusCode: number | null; error: string | null }>;
}

async function deliveries(sandbox: RunningSandbox, webhookId: string): Promise<Logged[]> {
  return (await call(sandbox, 'GET', `/__admin/webhooks/${webhookId}/deliveries`)).body.deliveries as Logged[];
}

describe('webhook deliveries across processes', () => {
  it('survive a restart: an event recorded while the receiver is down is delivered once by the next process', async () => {
    const port = await unusedPort();
    const first = await start();
    const registered = await call(first, 'POST', '/__admin/webhooks', { url: `http://127.0.0.1:${port}/hooks`, events: ['*'] });
    const { id, secret } = registered.body as { id: string; secret: string };
    await finishIntegration(first);

    // The receiver is down: the first attempts fail, and the delivery waits for its next one.
    for (;;) {
      const [delivery] = await deliveries(first, id);
      if (delivery && delivery.attempts >= 2 && delivery.status === 'pending') break;
      await sleep(50);
    }
    expect(await running.shift()!.stop()).toBe(0);

    const second = await start();
    await receiver.start(port);
    const [received] = await receiver.waitFor(1, 15_000);
    expect(received!.event.type).toBe('rulrr.integration.finished');
    expect(verifySignature(received!.raw, received!.headers['pos-sandbox-signature'] as string, secret)).toBe(true);

    await sleep(800);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveries(second, id);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.log.at(-1)).toMatchObject({ statusCode: 200, error: null });
    expect(delivery!.log.slice(0, -1).every((attempt) => attempt.error?.startsWith('could not reach the receiver'))).toBe(true);
  }, 40_000);

  it('are made exactly once when two processes share the file', async () => {
    await receiver.start(0);
    const [a, b] = await Promise.all([start(), start()]);
    const registered = await call(a, 'POST', '/__admin/webhooks', { url: receiver.url, events: ['rulrr.integration.finished'] });
    const { id } = registered.body as { id: string };

    const events = 16;
    await Promise.all(Array.from({ length: events }, (_, i) => (i % 2 ? finishIntegration(a, b) : finishIntegration(b, a))));

    await receiver.waitFor(events, 15_000);
    await sleep(800);
    const ids = receiver.received.map((r) => r.event.id);
    expect(ids).toHaveLength(events);
    expect(new Set(ids).size).toBe(events);
    const logged = await deliveries(b, id);
    expect(logged).toHaveLength(events);
    expect(logged.every((delivery) => delivery.status === 'succeeded' && delivery.attempts === 1)).toBe(true);
  }, 40_000);
});
