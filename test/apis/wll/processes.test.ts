import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcesses, type RunningSandbox } from '../../helpers/server-process.js';
import { DEMO_KEY, USER } from '../../helpers/wll.js';

/*
 * Three sandbox processes on one database file, WLL requests racing over real sockets. In one
 * process better-sqlite3 runs each handler's writes to completion; only separate processes can
 * interleave a claim's early duplicate look with another claim's write, or two async orders'
 * dedupe checks. These are the races CONTRACT §5 says must hold.
 */
let dir: string;
let sandboxes: RunningSandbox[] = [];
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-wll-processes-'));
  const dbPath = join(dir, 'shared.db');
  sandboxes = await startSandboxProcesses(3, dbPath);
  const minted = await fetch(`${sandboxes[0]!.baseUrl}/__admin/wll/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: DEMO_KEY, type: 'admin', authIdentifier: 'racer' }),
  });
  admin = ((await minted.json()) as { token: string }).token;
}, 30_000);

afterAll(async () => {
  const exitCodes = await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  rmSync(dir, { recursive: true, force: true });
  expect(exitCodes, 'each process stops cleanly on SIGTERM').toEqual(sandboxes.map(() => 0));
});

/** A WLL call to the i-th process (round robin). */
async function call(i: number, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandboxes[i % sandboxes.length]!.baseUrl}/wll/v1${path}`, {
    method,
    headers: { 'x-api-key': DEMO_KEY, authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as { status: string; data: unknown } };
}

const ROUNDS = 4;
const RACERS = 12;

describe('three processes sharing one database file (WLL)', () => {
  it('accepts tokens minted by any of them in every one', async () => {
    const answers = await Promise.all(sandboxes.map((_, i) => call(i, 'GET', '/receipts?limit=1')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it('lets exactly one of identical claims racing across the processes through; the rest are DUPLICATEs', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (let round = 0; round < ROUNDS; round++) {
      const claim = {
        useParser: false,
        submitter: { authIdentifier: USER },
        ocrConfidence: 0.9,
        serviceDate: { value: yesterday, confidence: 1 },
        total: { value: 10, confidence: 1 },
        barcode: { value: `RACE-${Date.now()}-${round}`, confidence: 1 },
        lineItems: [],
      };
      const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => call(i, 'POST', '/receipts', claim)));
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      const decisions = answers.map((answer) => {
        const data = answer.body.data as { status: string; paramountReview: { reason: string } };
        return `${data.status}/${data.paramountReview.reason}`;
      });
      expect(decisions.filter((decision) => decision === 'AUTHORIZED/VALID_DATA'), `round ${round}: ${decisions.join(' ')}`).toHaveLength(1);
      expect(decisions.filter((decision) => decision === 'REJECTED/DUPLICATE')).toHaveLength(RACERS - 1);
    }
  }, 60_000);

  it('makes one order of identical async orders racing across the processes', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const transactionId = `ASYNC-RACE-${Date.now()}-${round}`;
      const order = { submitter: { authIdentifier: USER }, transactionId, total: 5, lineItems: [] };
      const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => call(i, 'POST', '/orders/asyncly', order)));
      expect(answers.map((answer) => answer.body)).toEqual(answers.map(() => ({ status: 'success', data: 'Success:Accepted' })));
      const filter = encodeURIComponent(`transactionId:(eq:'${transactionId}')`);
      let made: unknown[] = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        made = (await call(attempt, 'GET', `/orders?limit=100&filter=${filter}`)).body.data as unknown[];
        if (made.length > 0 && attempt >= 4) break;
      }
      expect(made, `round ${round}`).toHaveLength(1);
    }
  }, 60_000);
});
