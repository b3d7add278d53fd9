import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecorder } from '../../src/scenarios/recorder.js';
import { parseScenarioText } from '../../src/scenarios/scenario-file.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import { CLI, closedPort, ROOT, runCli } from './cli-process.js';

const DEMO = 'client_id=pos-demo&client_secret=pos-demo-secret';
let dir: string;
/** A replays what was recorded against B: two sandboxes that share nothing. */
let a: RunningSandbox;
let b: RunningSandbox;

const replay = (args: string[]) => runCli(['replay', ...args]);

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-record-'));
  [a, b] = await Promise.all([startSandboxProcess(join(dir, 'a.db')), startSandboxProcess(join(dir, 'b.db'))]);
}, 30_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('record against one sandbox, replay against another', { timeout: 30_000 }, () => {
  const out = () => join(dir, 'recorded-rulrr.json');
  let accessToken = '';
  let refreshToken = '';

  it('the recorder forwards a POS\'s Rulrr flow and passes every answer back unchanged', async () => {
    const recorder = await startRecorder({ api: 'rulrr', upstream: `${b.baseUrl}/rulrr`, out: out(), name: 'Recorded Rulrr flow' });
    const pos = recorder.url;
    try {
      const step1 = await fetch(`${pos}/v1/auth/integration?${DEMO}`, { method: 'POST' });
      const { integrationToken } = (await json(step1)) as { integrationToken: string };
      expect(integrationToken).toMatch(/^rit_/);
      await fetch(`${pos}/v1/auth/integration?${DEMO}&integration_token=${integrationToken}`);
      // The upstream's admin API, through the recorder: recorded as an admin step, its ?workspace= left out.
      const completed = await fetch(`${pos}/__admin/rulrr/integrations/${integrationToken}/complete?workspace=demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ereceipt: true }),
      });
      expect(completed.status).toBe(200);
      const tokens = (await json(await fetch(`${pos}/v1/auth/integration/token?${DEMO}&integration_token=${integrationToken}`))) as Record<string, string>;
      accessToken = tokens.accessToken!;
      refreshToken = tokens.refreshToken!;

      const viaRecorder = await fetch(`${pos}/v1/stores`, { headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'same-id' } });
      const direct = await fetch(`${b.baseUrl}/rulrr/v1/stores`, { headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'same-id' } });
      expect(viaRecorder.status).toBe(direct.status);
      expect(viaRecorder.headers.get('content-type')).toBe(direct.headers.get('content-type'));
      expect(viaRecorder.headers.get('x-request-id')).toBe('same-id');
      expect(await viaRecorder.text()).toBe(await direct.text());

      const order = { orderId: 'rec-1', total: '1250', items: [{ name: 'Latte', quantity: 1, price: '1250' }], customer: { phone: '+14155550123' }, ereceipt: true };
      const created = await fetch(`${pos}/v1/orders?access_token=${accessToken}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
      expect(created.status).toBe(201);
      await fetch(`${pos}/v1/orders?access_token=${accessToken}&orderId=rec-1`);
      const refreshed = await fetch(`${pos}/v1/auth/token?${DEMO}&refresh_token=${refreshToken}`, { method: 'POST' });
      expect(refreshed.status).toBe(200);
    } finally {
      await recorder.close();
    }
  });

  it('the file has every call as a step, secrets as variables and volatile values captured', () => {
    const text = readFileSync(out(), 'utf8');
    for (const secret of ['pos-demo-secret', accessToken, refreshToken, 'rit_']) expect(text).not.toContain(secret);
    const { scenario } = parseScenarioText(out(), text)[0]!;
    expect(scenario.name).toBe('Recorded Rulrr flow');
    expect(scenario.steps.map((step) => step.name)).toEqual([
      'POST /v1/auth/integration',
      'GET /v1/auth/integration',
      'admin POST /rulrr/integrations/${integrationToken}/complete',
      'GET /v1/auth/integration/token',
      'GET /v1/stores',
      'POST /v1/orders',
      'GET /v1/orders',
      'POST /v1/auth/token',
    ]);
    const [step1, , admin, step4, stores, orders, , refresh] = scenario.steps;
    expect(step1).toMatchObject({ query: { client_id: '${rulrr.clientId}', client_secret: '${rulrr.clientSecret}' }, capture: { integrationToken: '$.integrationToken' } });
    expect(admin).toMatchObject({ kind: 'admin', admin: { path: '/rulrr/integrations/${integrationToken}/complete', body: { ereceipt: true } } });
    expect(admin!.kind === 'admin' && admin!.admin.query).toBeUndefined();
    expect(step4).toMatchObject({ capture: { accessToken: '$.accessToken', refreshToken: '$.refreshToken' } });
    expect(stores).toMatchObject({ headers: { authorization: 'Bearer ${accessToken}' }, expect: { body: { store: { storeName: 'Demo Coffee — Downtown', updatedAt: { $isoDate: true } } } } });
    // The POS's own order id comes back as it was sent; the sandbox's ids are matched by type, and
    // one seen before (the store's) is expected to be that same one.
    expect(admin).toMatchObject({ expect: { body: { storeId: { $any: 'string' } } }, capture: { storeId: '$.storeId' } });
    expect(stores).toMatchObject({ expect: { body: { store: { storeId: '${storeId}' } } } });
    expect(orders).toMatchObject({ expect: { status: 201, body: { order: { orderId: 'rec-1', storeId: '${storeId}', receivedAt: { $isoDate: true } } } } });
    // A refresh answers the same refresh token: expected to be the one captured, not any string.
    expect(refresh).toMatchObject({ query: { refresh_token: '${refreshToken}' }, expect: { body: { refreshToken: '${refreshToken}', accessToken: { $any: 'string' } } } });
  });

  it('replaying the recording against the other sandbox is green', async () => {
    const { code, stdout } = await replay([out(), '--base-url', a.baseUrl]);
    expect(stdout).toContain('PASS  Recorded Rulrr flow');
    expect(code).toBe(0);
  });

  it('a recording that differs from the emulator: --compare names the field of each step and goes on', async () => {
    const recorded = JSON.parse(readFileSync(out(), 'utf8')) as { steps: Array<{ expect: { body: Record<string, Record<string, unknown>> } }> };
    recorded.steps[4]!.expect.body.store!.storeName = 'Demo Coffee — Uptown';
    recorded.steps[5]!.expect.body.order!.total = '1300';
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(recorded));
    const { code, stdout } = await replay([tampered, '--base-url', a.baseUrl, '--compare']);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL step 5 "GET /v1/stores" — GET /rulrr/v1/stores → 200');
    expect(stdout).toContain('$.store.storeName: expected "Demo Coffee — Uptown", got "Demo Coffee — Downtown"');
    expect(stdout).toContain('FAIL step 6 "POST /v1/orders" — POST /rulrr/v1/orders → 201');
    expect(stdout).toContain('$.order.total: expected "1300", got "1250"');
    expect(stdout).toContain('ok   step 8 "POST /v1/auth/token"');
  });

  it('an upstream that does not answer gets 502 from the recorder, and nothing is recorded', async () => {
    const file = join(dir, 'nothing.json');
    const recorder = await startRecorder({ api: 'rulrr', upstream: `http://127.0.0.1:${await closedPort()}/rulrr`, out: file });
    const answer = await fetch(`${recorder.url}/v1/auth/integration?${DEMO}`, { method: 'POST' });
    expect(answer.status).toBe(502);
    expect(await answer.text()).toContain('did not answer');
    expect((await recorder.close()).steps).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('pos-sandbox record runs until SIGTERM, one line per call, and leaves the file', async () => {
    const file = join(dir, 'cli-recorded.json');
    const child = spawn(process.execPath, [CLI, 'record', '--api', 'rulrr', '--upstream', `${b.baseUrl}/rulrr`, '--port', '0', '--out', file], { cwd: ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (let i = 0; i < 100 && !/point the POS at (\S+)/.test(stdout); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const url = /point the POS at (\S+)/.exec(stdout)![1]!;
      expect((await fetch(`${url}/v1/auth/integration?${DEMO}`, { method: 'POST' })).status).toBe(200);
      expect((await fetch(`${url}/v1/auth/integration?client_id=pos-demo&client_secret=wrong`, { method: 'POST' })).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('POST /v1/auth/integration → 200');
    expect(stdout).toContain(`wrote ${file} (2 steps)`);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('pos-demo-secret');
    // The second client_secret is not the workspace's: a declared variable, its value not written.
    expect(text).not.toContain('"wrong"');
    expect(JSON.parse(text).variables).toEqual({ client_secret: expect.stringContaining('recorded secret removed') });
  });

  it('pos-sandbox record refuses bad flags with exit code 2', async () => {
    const bad = await runCli(['record', '--api', 'stripe', '--upstream', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--api must be one of rulrr, wll, kangaroo; --upstream must be an http(s) URL');
  });
});
