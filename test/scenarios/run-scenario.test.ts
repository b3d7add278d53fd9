import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenarios/run-scenario.js';
import { parseScenarioText } from '../../src/scenarios/scenario-file.js';
import type { Scenario } from '../../src/scenarios/scenario-schema.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import { closedPort } from './cli-process.js';

let dir: string;
let sandbox: RunningSandbox;
let guarded: RunningSandbox;
const ADMIN_TOKEN = 'scenario-admin-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-run-'));
  [sandbox, guarded] = await Promise.all([
    startSandboxProcess(join(dir, 'a.db')),
    startSandboxProcess(join(dir, 'b.db'), { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN }),
  ]);
}, 30_000);
afterAll(async () => {
  await Promise.all([sandbox?.stop(), guarded?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

function scenario(steps: unknown[]): Scenario {
  return parseScenarioText('t.json', JSON.stringify({ name: 'test', api: 'rulrr', steps }))[0]!.scenario;
}

const STEP1 = {
  name: 'STEP 1',
  method: 'POST',
  path: '/v1/auth/integration',
  query: { client_id: '${rulrr.clientId}', client_secret: '${rulrr.clientSecret}' },
  expect: { status: 200 },
  capture: { token: '$.integrationToken' },
};
const POLL_STEP2 = {
  method: 'GET',
  path: '/v1/auth/integration',
  query: { client_id: '${rulrr.clientId}', client_secret: '${rulrr.clientSecret}', integration_token: '${token}' },
  expect: { status: 200, body: { status: 'pending' } },
};
const STEP2 = { name: 'STEP 2', ...POLL_STEP2 };

async function workspaceCount(base: string, token?: string): Promise<number> {
  const response = await fetch(`${base}/__admin/workspaces`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return ((await response.json()) as { workspaces: unknown[] }).workspaces.length;
}

describe('runScenario over a real socket', { timeout: 20_000 }, () => {
  it('runs in a fresh workspace of its own, with its credentials, and deletes it afterwards', async () => {
    const before = await workspaceCount(sandbox.baseUrl);
    const result = await runScenario(
      scenario([
        { ...STEP1, expect: { status: 200, body: { integrationToken: { $regex: '^rit_ws[0-9a-z]{10}_' } } } },
        { name: 'the workspace is the one made for the run', admin: { method: 'GET', path: '/workspaces/${workspace.id}' }, expect: { status: 200, body: { rulrr: { clientId: 'pos-${workspace.id}' } } } },
      ]),
      { baseUrl: sandbox.baseUrl },
    );
    expect(result.passed).toBe(true);
    expect(result.workspaceId).toMatch(/^ws[0-9a-z]{10}$/);
    expect(await workspaceCount(sandbox.baseUrl)).toBe(before);
  });

  it('captures a value for later steps, and the admin call gets ?workspace= by itself', async () => {
    const result = await runScenario(
      scenario([STEP1, STEP2, { name: 'complete', admin: { method: 'POST', path: '/rulrr/integrations/${token}/complete' }, expect: { status: 200, body: { status: 'finished' } } }]),
      { baseUrl: sandbox.baseUrl },
    );
    expect(result.steps.map((step) => [step.outcome, step.call, step.status])).toEqual([
      ['passed', 'POST /rulrr/v1/auth/integration', 200],
      ['passed', 'GET /rulrr/v1/auth/integration', 200],
      ['passed', 'POST /__admin/rulrr/integrations/${token}/complete', 200],
    ]);
  });

  it('stops at the first failing step, with the first difference and its JSON path; the rest are skipped', async () => {
    const result = await runScenario(
      scenario([STEP1, { ...STEP2, expect: { status: 200, body: { success: true, status: 'finished' } } }, STEP2]),
      { baseUrl: sandbox.baseUrl },
    );
    expect(result.passed).toBe(false);
    expect(result.steps.map((step) => step.outcome)).toEqual(['passed', 'failed', 'skipped']);
    expect(result.steps[1]!.differences).toEqual([{ path: '$.status', message: 'expected "finished", got "pending"' }]);
  });

  it('compare mode runs every step and keeps every difference; a failed capture fails the steps that need it', async () => {
    const result = await runScenario(
      scenario([
        { ...STEP1, expect: { status: 201, body: { success: false, integrationToken: { $any: 'number' } } }, capture: { token: '$.nothing' } },
        STEP2,
        { name: 'still runs', method: 'GET', path: '/v1/stores', expect: { status: 403 } },
      ]),
      { baseUrl: sandbox.baseUrl, compare: true },
    );
    const [first, second, third] = result.steps;
    expect(first!.differences.map((d) => d.path)).toEqual(['status', '$.success', '$.integrationToken', 'capture token']);
    expect(second!.outcome).toBe('failed');
    expect(second!.error).toMatch(/unknown variable \$\{token\}/);
    expect(third!.outcome).toBe('passed');
  });

  it('header matchers, text bodies and the clock', async () => {
    const result = await runScenario(
      scenario([
        { ...STEP1, expect: { status: 200, headers: { 'Content-Type': { $regex: '^application/json' }, 'x-request-id': { $any: 'string' }, 'x-powered-by': { $absent: true } } } },
        { name: 'malformed JSON as text', method: 'POST', path: '/v1/orders', headers: { 'content-type': 'application/json' }, text: '{', expect: { status: 403 } },
        { name: 'sixteen minutes later', clock: { advanceBy: 'PT16M' } },
        { ...STEP2, expect: { status: 200, body: { status: 'cancelled' } } },
        { name: 'back to real time', clock: 'real' },
        { name: 'the clock is real again', admin: { method: 'GET', path: '/clock' }, expect: { status: 200, body: { real: true } } },
      ]),
      { baseUrl: sandbox.baseUrl },
    );
    expect(result.steps.filter((step) => step.outcome !== 'passed')).toEqual([]);
  });

  it('waits: a fixed time, a condition that holds, and one that never does within its timeout', async () => {
    const started = Date.now();
    const result = await runScenario(
      scenario([
        STEP1,
        { name: 'a moment', wait: 'PT0.2S' },
        { name: 'until pending', wait: { until: POLL_STEP2, timeout: 'PT2S' } },
        { name: 'until finished (never)', wait: { until: { ...POLL_STEP2, expect: { status: 200, body: { status: 'finished' } } }, timeout: 'PT0.6S', interval: 'PT0.2S' } },
      ]),
      { baseUrl: sandbox.baseUrl },
    );
    // 0.2 s fixed, then tries at 0, 0.2 and 0.4 s of the 0.6 s condition.
    expect(Date.now() - started).toBeGreaterThanOrEqual(580);
    expect(result.steps.map((step) => step.outcome)).toEqual(['passed', 'passed', 'passed', 'failed']);
    expect(result.steps[3]!.error).toMatch(/did not hold within PT0\.6S \(\d attempts\)/);
    expect(result.steps[3]!.differences).toEqual([{ path: '$.status', message: 'expected "finished", got "pending"' }]);
  });

  it('sends SANDBOX_ADMIN_TOKEN, and says why when it is missing', async () => {
    const withToken = await runScenario(scenario([STEP1, STEP2]), { baseUrl: guarded.baseUrl, adminToken: ADMIN_TOKEN });
    expect(withToken.passed).toBe(true);
    expect(await workspaceCount(guarded.baseUrl, ADMIN_TOKEN)).toBe(1);
    const without = await runScenario(scenario([STEP1]), { baseUrl: guarded.baseUrl });
    expect(without.passed).toBe(false);
    expect(without.error).toMatch(/could not create a workspace: POST \/__admin\/workspaces answered 401/);
    expect(without.steps.map((step) => step.outcome)).toEqual(['skipped']);
  });

  it('a sandbox that is not there is a scenario error, not an exception', async () => {
    const result = await runScenario(scenario([STEP1]), { baseUrl: `http://127.0.0.1:${await closedPort()}`, requestTimeoutMs: 2000 });
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED|no answer/);
  });
});
