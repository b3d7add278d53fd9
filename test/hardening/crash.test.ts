import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, query } from '../helpers/build.js';
import { DEMO_KANGAROO, JOHN_ID, passwordGrantForm, VIRTUAL_BRANCH_ID } from '../helpers/kangaroo.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import { DEMO_KEY, USER } from '../helpers/wll.js';

/*
 * The sandbox killed outright (SIGKILL: no shutdown, no last flush) in the middle of a burst of
 * writes to all three APIs, then started again on the same file: the file is intact and every
 * write a client got a 2xx for is there. Committed transactions are in SQLite's write-ahead log
 * before the answer leaves, which is what this holds the sandbox to. (A power loss is another
 * matter: with synchronous=NORMAL, WAL may lose the last commits, never consistency.)
 */
const ENV = { SANDBOX_KANGAROO_RATE_LIMIT: 'off' };
/** Writers per API, each sending one write after another. */
const WRITERS = 4;
/** Acknowledged writes after which the process is killed, with the writers' next writes in flight. */
const KILL_AFTER = 120;

let dir: string;
let dbPath: string;
let sandbox: RunningSandbox | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-crash-'));
  dbPath = join(dir, 'sandbox.db');
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Credentials {
  rulrr: string;
  wll: Record<string, string>;
  kangaroo: Record<string, string>;
  branchLinkId: number;
}

async function json(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox!.baseUrl}${path}`, init);
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, `${path}: ${JSON.stringify(body)}`).toBeLessThan(300);
  return body;
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

async function credentials(): Promise<Credentials> {
  const { integrationToken } = await json(`/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}`, { method: 'POST' });
  await json(`/__admin/rulrr/integrations/${String(integrationToken)}/complete`, post({ ereceipt: true }));
  const rulrr = await json(`/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: String(integrationToken) })}`);
  const wll = await json('/__admin/wll/tokens', post({ apiKey: DEMO_KEY, type: 'admin', authIdentifier: 'crash' }));
  const grant = await json('/kangaroo/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(passwordGrantForm()).toString(),
  });
  const kangaroo = { authorization: `Bearer ${String(grant.access_token)}`, 'x-application-key': DEMO_KANGAROO.applicationKey, accept: 'application/json' };
  const integration = await json('/kangaroo/api/v1/integrations', post({ name: 'Crash', type: 1 }, kangaroo));
  const link = await json(
    '/kangaroo/api/v1/branch-links',
    post({ account_id: 'a', shop_id: `crash-${Date.now()}`, branch_id: VIRTUAL_BRANCH_ID, integration_id: integration.integration_id }, kangaroo),
  );
  return { rulrr: String(rulrr.accessToken), wll: { 'x-api-key': DEMO_KEY, authorization: `Bearer ${String(wll.token)}` }, kangaroo, branchLinkId: link.id as number };
}

/** What the clients were told was written: ids by API. */
interface Acknowledged {
  orders: string[];
  receipts: string[];
  transactions: number[];
  /** WLL orders accepted to be made shortly after (`Success:Accepted`), by transactionId. */
  asyncOrders: string[];
}

/**
 * Writers for each API send writes one after another until the process dies; after `KILL_AFTER`
 * acknowledgements it is SIGKILLed with the writers' next requests in flight.
 */
async function burstUntilKilled(round: number, access: Credentials, acked: Acknowledged): Promise<void> {
  const base = sandbox!.baseUrl;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  let count = 0;
  let killing: Promise<unknown> | undefined;
  const writes: Array<(n: string) => Promise<void>> = [
    async (n) => {
      const orderId = `crash-${n}`;
      const body = { orderId, total: '450', customer: { phone: '+14155550123' }, ereceipt: true };
      const response = await fetch(`${base}/rulrr/v1/orders?access_token=${access.rulrr}`, post(body));
      if (response.status === 201) acked.orders.push(orderId);
    },
    async (n) => {
      const claim = {
        useParser: false,
        submitter: { authIdentifier: USER },
        ocrConfidence: 0.9,
        serviceDate: { value: yesterday, confidence: 1 },
        total: { value: 12.5, confidence: 1 },
        barcode: { value: `CRASH-${n}`, confidence: 1 },
        lineItems: [],
      };
      const response = await fetch(`${base}/wll/v1/receipts`, post(claim, access.wll));
      if (response.status === 200) acked.receipts.push(((await response.json()) as { data: { id: string } }).data.id);
    },
    async (n) => {
      const transactionId = `CRASH-ASYNC-${n}`;
      const order = { submitter: { authIdentifier: USER }, transactionId, total: 5, lineItems: [] };
      const response = await fetch(`${base}/wll/v1/orders/asyncly`, post(order, access.wll));
      if (response.status === 200 && ((await response.json()) as { data: unknown }).data === 'Success:Accepted') acked.asyncOrders.push(transactionId);
    },
    async () => {
      const body = { branch_link_id: access.branchLinkId, intent: 'adjust_points_balance', customer: { id: JOHN_ID }, points: 3 };
      const response = await fetch(`${base}/kangaroo/api/v1/transactions`, post(body, access.kangaroo));
      if (response.status < 300) acked.transactions.push(((await response.json()) as { data: { id: number } }).data.id);
    },
  ];
  const writer = async (write: (n: string) => Promise<void>, w: number) => {
    for (let i = 0; ; i++) {
      try {
        await write(`${round}-${w}-${i}`);
      } catch {
        return; // the process is gone: this write was never acknowledged
      }
      count += 1;
      // Killed as an async order was just accepted: the likeliest moment for one to be still unmade.
      if (count >= KILL_AFTER && write === writes[2]) killing ??= sandbox!.kill('SIGKILL');
    }
  };
  await Promise.all(writes.flatMap((write, api) => Array.from({ length: WRITERS }, (_, w) => writer(write, api * WRITERS + w))));
  expect(await killing).toBe('SIGKILL');
}

function checkFile(): void {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // A balance and its ledger move in one transaction: no kill can leave one without the other.
    const drift = db
      .prepare(
        `SELECT c.id FROM kangaroo_customers c
         WHERE c.points <> (SELECT coalesce(sum(l.delta), 0) FROM kangaroo_points_ledger l WHERE l.workspace_id = c.workspace_id AND l.customer_id = c.id)`,
      )
      .all();
    expect(drift).toEqual([]);
  } finally {
    db.close();
  }
}

async function expectAcknowledged(access: Credentials, acked: Acknowledged): Promise<void> {
  const orders = await Promise.all(acked.orders.map((orderId) => fetch(`${sandbox!.baseUrl}/rulrr/v1/orders?orderId=${orderId}&access_token=${access.rulrr}`)));
  expect(orders.map((response) => response.status)).toEqual(acked.orders.map(() => 200));
  const receipts = await Promise.all(acked.receipts.map((id) => fetch(`${sandbox!.baseUrl}/wll/v1/receipts/${id}`, { headers: access.wll })));
  expect(receipts.map((response) => response.status)).toEqual(acked.receipts.map(() => 200));
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const stored = new Set(db.prepare("SELECT id FROM kangaroo_transactions WHERE workspace_id = 'demo'").pluck().all() as number[]);
    expect(acked.transactions.filter((id) => !stored.has(id))).toEqual([]);
    // An accepted async order left unmade by the killed process is made by the new one as it starts.
    const made = db.prepare("SELECT count(*) FROM wll_orders WHERE workspace_id = 'demo' AND transaction_id = ?").pluck();
    const missing = () => acked.asyncOrders.filter((transactionId) => made.get(transactionId) !== 1);
    for (let attempt = 0; attempt < 40 && missing().length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(missing()).toEqual([]);
  } finally {
    db.close();
  }
}

describe('a sandbox killed in the middle of a write burst', () => {
  it('restarts on the same file with an intact database and every acknowledged order, claim, async order and transaction', async () => {
    sandbox = await startSandboxProcess(dbPath, ENV);
    const access = await credentials();
    const acked: Acknowledged = { orders: [], receipts: [], transactions: [], asyncOrders: [] };
    for (let round = 0; round < 2; round++) {
      await burstUntilKilled(round, access, acked);
      checkFile();
      sandbox = await startSandboxProcess(dbPath, ENV);
      await expectAcknowledged(access, acked);
    }
    expect(acked.orders.length).toBeGreaterThan(10);
    expect(acked.receipts.length).toBeGreaterThan(10);
    expect(acked.transactions.length).toBeGreaterThan(10);
    expect(acked.asyncOrders.length).toBeGreaterThan(10);
  }, 60_000);
});
