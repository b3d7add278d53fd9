import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawAt } from '../src/lib/seeded-random.js';
import { DEMO_CLIENT, query } from './helpers/build.js';
import { startSandboxProcesses, type RunningSandbox } from './helpers/server-process.js';

/*
 * Several sandbox processes on one database file, requests racing over real sockets. In one
 * process better-sqlite3 runs each handler to completion, so only separate processes can
 * interleave a read and a write; this is where a claim that is not atomic, or a transaction
 * that cannot wait for the write lock, shows.
 */
let dir: string;
let sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-processes-'));
  const dbPath = join(dir, 'shared.db');
  sandboxes = await startSandboxProcesses(3, dbPath);
}, 30_000);

afterAll(async () => {
  const exitCodes = await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  rmSync(dir, { recursive: true, force: true });
  expect(exitCodes, 'each process stops cleanly on SIGTERM').toEqual(sandboxes.map(() => 0));
});

const on = (i: number) => sandboxes[i % sandboxes.length]!.baseUrl;

async function call(i: number, method: string, path: string, body?: unknown) {
  const response = await fetch(`${on(i)}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function finishedIntegration(i: number): Promise<string> {
  const created = await call(i, 'POST', `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}`);
  const token = created.body.integrationToken as string;
  expect((await call(i + 1, 'POST', `/__admin/rulrr/integrations/${token}/complete`, { ereceipt: true })).status).toBe(200);
  return token;
}

describe('three sandbox processes sharing one database file', () => {
  it('seeded the file once', async () => {
    const clients = await Promise.all(sandboxes.map((_, i) => call(i, 'GET', '/__admin/health')));
    expect(new Set(clients.map((health) => health.body.seededAt)).size).toBe(1);
  });

  it('hands each integration its tokens exactly once when retrievals race across the processes', async () => {
    const tokens = await Promise.all(Array.from({ length: 12 }, (_, i) => finishedIntegration(i)));
    const answers = await Promise.all(
      tokens.flatMap((token) =>
        Array.from({ length: 6 }, (_, i) =>
          call(i, 'GET', `/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: token })}`).then(
            (answer) => ({ token, status: answer.status }),
          ),
        ),
      ),
    );
    for (const token of tokens) {
      const statuses = answers.filter((answer) => answer.token === token).map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 410, 410, 410, 410, 410]);
    }
  }, 30_000);

  it('stores a racing order once and sends its e-receipt once', async () => {
    const token = await finishedIntegration(0);
    const tokens = await call(1, 'GET', `/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: token })}`);
    const accessToken = tokens.body.accessToken as string;
    const order = { orderId: `race-${Date.now()}`, total: '450', customer: { phone: '+14155550199' }, ereceipt: true };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(i, 'POST', `/rulrr/v1/orders?access_token=${accessToken}`, order)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const sms = await call(2, 'GET', '/__admin/outbox?recipient=%2B14155550199');
    expect(sms.body.messages).toHaveLength(1);
  }, 30_000);

  it("shares a fault's count and its seeded sequence between the processes, and journals every call", async () => {
    const token = await finishedIntegration(0);
    const tokens = await call(1, 'GET', `/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: token })}`);
    const stores = `/rulrr/v1/stores?access_token=${tokens.body.accessToken as string}`;

    const counted = await call(0, 'POST', '/__admin/faults', { path: '/rulrr/v1/stores', status: 503, times: 5 });
    const racing = await Promise.all(Array.from({ length: 15 }, (_, i) => call(i, 'GET', stores)));
    expect(racing.filter((answer) => answer.status === 503)).toHaveLength(5);
    expect((await call(2, 'GET', '/__admin/faults')).body.faults).toMatchObject([{ id: counted.body.id, hits: 5, remaining: 0, draws: 5 }]);
    await call(1, 'DELETE', '/__admin/faults');

    await call(2, 'POST', '/__admin/faults', { path: '/rulrr/v1/stores', status: 500, probability: 0.5, seed: 7 });
    const hits: boolean[] = [];
    for (let n = 0; n < 18; n++) hits.push((await call(n, 'GET', stores)).status === 500);
    expect(hits).toEqual(Array.from({ length: 18 }, (_, n) => drawAt(7, n) < 0.5));
    await call(0, 'DELETE', '/__admin/faults');

    // Each process writes its journal within milliseconds; any of them counts every process's calls.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const verified = await call(1, 'POST', '/__admin/requests/count', { method: 'GET', path: '/rulrr/v1/stores', status: '5xx' });
    expect(verified.body.count).toBe(5 + hits.filter(Boolean).length);
  }, 30_000);
});
