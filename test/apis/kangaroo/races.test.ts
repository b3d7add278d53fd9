import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCaller, startSandboxProcesses, type RunningSandbox } from '../../helpers/server-process.js';
import { JOHN_ID, passwordGrantForm, VIRTUAL_BRANCH_ID, type KangarooCredentials } from '../../helpers/kangaroo.js';

/*
 * Kangaroo's races over real sockets, three sandbox processes on one database file: only separate
 * processes can interleave a read and a write (in one process better-sqlite3 runs each handler to
 * completion), so this is where a check-then-act that is not atomic shows.
 */
let dir: string;
let sandboxes: RunningSandbox[] = [];
let workspace: { id: string; kangaroo: KangarooCredentials };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-kangaroo-races-'));
  const dbPath = join(dir, 'shared.db');
  sandboxes = await startSandboxProcesses(3, dbPath);
  workspace = (await call(0, 'POST', '/__admin/workspaces', { json: {} })).body as typeof workspace;
  // Many calls with one token: the limit would only add 429s to the count.
  await call(1, 'PUT', `/__admin/kangaroo/rate-limit?workspace=${workspace.id}`, { json: { enabled: false } });
}, 30_000);

afterAll(async () => {
  const exitCodes = await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  rmSync(dir, { recursive: true, force: true });
  expect(exitCodes, 'each process stops cleanly on SIGTERM').toEqual(sandboxes.map(() => 0));
});

const call = processCaller(() => sandboxes);

async function passwordGrant(i: number) {
  const answer = await call(i, 'POST', '/kangaroo/oauth/token', { form: passwordGrantForm(workspace.kangaroo) });
  expect(answer.status).toBe(200);
  return answer.body as { access_token: string; refresh_token: string };
}

function api(accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}`, 'x-application-key': workspace.kangaroo.applicationKey, accept: 'application/json' };
  return (i: number, method: string, path: string, json?: unknown) => call(i, method, `/kangaroo/api/v1${path}`, { headers, json });
}

describe('Kangaroo across three sandbox processes on one database file', () => {
  it('uses each refresh token once when refreshes race: one new pair, every other attempt 401 "Token has been revoked"', async () => {
    const { clientId, clientSecret } = workspace.kangaroo;
    const grants = await Promise.all(Array.from({ length: 24 }, (_, i) => passwordGrant(i)));
    const answers = await Promise.all(
      grants.flatMap(({ refresh_token }) =>
        Array.from({ length: 6 }, (_, i) =>
          call(i, 'POST', '/kangaroo/oauth/token', {
            form: { grant_type: 'refresh_token', refresh_token, client_id: clientId, client_secret: clientSecret, scope: 'admin' },
          }).then((answer) => ({ refresh_token, ...answer })),
        ),
      ),
    );
    for (const { refresh_token } of grants) {
      const attempts = answers.filter((answer) => answer.refresh_token === refresh_token);
      expect(attempts.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
      for (const refused of attempts.filter((answer) => answer.status === 401)) expect(refused.body.hint).toBe('Token has been revoked');
    }
    // Each winner's new access token works; each old one was revoked with its refresh token.
    const winners = answers.filter((answer) => answer.status === 200);
    for (const [i, winner] of winners.entries()) {
      expect((await api(winner.body.access_token as string)(i, 'GET', '/branches')).status).toBe(200);
    }
    expect((await api(grants[0]!.access_token)(0, 'GET', '/branches')).status).toBe(401);
  }, 30_000);

  it('never takes a balance below zero when redemptions race: exactly as many succeed as the points pay for', async () => {
    const { access_token } = await passwordGrant(0);
    const call = api(access_token);
    const integration = await call(0, 'POST', '/integrations', { name: 'Race', type: 1 });
    const link = await call(1, 'POST', '/branch-links', { account_id: 'a', shop_id: 'race', branch_id: VIRTUAL_BRANCH_ID, integration_id: integration.body.integration_id });
    const branchLinkId = link.body.id as number;
    // John starts with 1000 points; a muffin costs 80: twelve fit, 40 points are left.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(i, 'POST', '/redemptions', { branch_link_id: branchLinkId, customer: { id: JOHN_ID }, catalog_items: [{ id: 2 }] })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(12);
    expect(statuses.filter((status) => status === 422)).toHaveLength(18);
    const balances = answers.filter((answer) => answer.status === 200).map((answer) => (answer.body.data as { customer: { balance: { points: number } } }).customer.balance.points);
    expect(balances.sort((a, b) => b - a)).toEqual(Array.from({ length: 12 }, (_, i) => 1000 - 80 * (i + 1)));
    expect(((await call(2, 'GET', `/customers/${JOHN_ID}`)).body.data as { balance: { points: number } }).balance.points).toBe(40);
    const history = (await call(0, 'GET', `/customers/${JOHN_ID}/transactions?per_page=100`)).body.data as unknown[];
    expect(history).toHaveLength(12);
  }, 30_000);

  it('cancels a transaction once when cancellations race', async () => {
    const { access_token } = await passwordGrant(1);
    const call = api(access_token);
    const integration = await call(0, 'POST', '/integrations', { name: 'Cancel race', type: 1 });
    const link = await call(1, 'POST', '/branch-links', { account_id: 'a', shop_id: 'cancel-race', branch_id: VIRTUAL_BRANCH_ID, integration_id: integration.body.integration_id });
    const customer = { email: `cancel-race-${Date.now()}@example.com` };
    const sale = await call(2, 'POST', '/sales', { branch_link_id: link.body.id, customer, amount: 50, transaction_details: { external_order_id: 'cr-1' } });
    const id = (sale.body.data as { id: number }).id;
    const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => call(i, 'DELETE', `/transactions/${id}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 400, 400, 400, 400, 400, 400, 400, 400]);
    const customerId = (sale.body.data as { customer: { id: string } }).customer.id;
    expect(((await call(0, 'GET', `/customers/${customerId}`)).body.data as { balance: { points: number } }).balance.points).toBe(0);
  }, 30_000);
});
