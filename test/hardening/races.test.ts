import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KANGAROO, JOHN_ID, passwordGrantForm, VIRTUAL_BRANCH_ID } from '../helpers/kangaroo.js';
import { processCaller, startSandboxProcesses, type RunningSandbox } from '../helpers/server-process.js';

/*
 * The races the per-API process tests leave out, over real sockets, three sandbox processes on
 * one database file (in one process better-sqlite3 runs each handler to completion, so only
 * separate processes interleave a check and its write): workspace creations racing for the last
 * places under SANDBOX_MAX_WORKSPACES, and POST /transactions redeeming against one balance (the
 * per-API test races POST /redemptions). STEP 4 retrievals, async order de-duplication, refresh
 * tokens, redemptions and claims with one barcode race in test/multi-process.test.ts,
 * test/apis/wll/processes.test.ts and test/apis/kangaroo/races.test.ts.
 */
const MAX_WORKSPACES = 5;

let dir: string;
let sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-hardening-races-'));
  const dbPath = join(dir, 'shared.db');
  const env = { SANDBOX_MAX_WORKSPACES: String(MAX_WORKSPACES), SANDBOX_KANGAROO_RATE_LIMIT: 'off' };
  sandboxes = await startSandboxProcesses(3, dbPath, env);
}, 30_000);

afterAll(async () => {
  const exitCodes = await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  rmSync(dir, { recursive: true, force: true });
  expect(exitCodes, 'each process stops cleanly on SIGTERM').toEqual(sandboxes.map(() => 0));
});

const call = processCaller(() => sandboxes);

describe('races across three processes on one database file', () => {
  it(`makes exactly ${MAX_WORKSPACES} workspaces when creations race for the places SANDBOX_MAX_WORKSPACES leaves`, async () => {
    const answers = await Promise.all(Array.from({ length: 18 }, (_, i) => call(i, 'POST', '/__admin/workspaces', { json: { name: `racer-${i}` } })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(MAX_WORKSPACES).fill(201), ...Array(18 - MAX_WORKSPACES).fill(409)]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error).toBe('too_many_workspaces');
    const listed = (await call(2, 'GET', '/__admin/workspaces')).body.workspaces as unknown[];
    expect(listed).toHaveLength(MAX_WORKSPACES + 1);
  }, 30_000);

  it('never takes a balance below zero when POST /transactions redemptions race: as many succeed as the points pay for', async () => {
    const grant = await call(0, 'POST', '/kangaroo/oauth/token', { form: passwordGrantForm() });
    const headers = { authorization: `Bearer ${String(grant.body.access_token)}`, 'x-application-key': DEMO_KANGAROO.applicationKey, accept: 'application/json' };
    const api = (i: number, method: string, path: string, json?: unknown) => call(i, method, `/kangaroo/api/v1${path}`, { headers, json });
    const integration = await api(0, 'POST', '/integrations', { name: 'Redeem race', type: 1 });
    const link = await api(1, 'POST', '/branch-links', { account_id: 'a', shop_id: 'redeem-race', branch_id: VIRTUAL_BRANCH_ID, integration_id: integration.body.integration_id });
    // John starts with 1000 points: seven redemptions of 130 fit, 90 points are left.
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => api(i, 'POST', '/transactions', { branch_link_id: link.body.id, intent: 'redeem', customer: { id: JOHN_ID }, points: 130 })),
    );
    const succeeded = answers.filter((answer) => answer.status < 300);
    expect(succeeded, JSON.stringify(answers.map((answer) => answer.status))).toHaveLength(7);
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(17);
    const balances = succeeded.map((answer) => (answer.body.data as { customer: { balance: { points: number } } }).customer.balance.points);
    expect(balances.sort((a, b) => b - a)).toEqual(Array.from({ length: 7 }, (_, i) => 1000 - 130 * (i + 1)));
    expect(((await api(2, 'GET', `/customers/${JOHN_ID}`)).body.data as { balance: { points: number } }).balance.points).toBe(90);
  }, 30_000);
});
