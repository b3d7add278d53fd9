// pos-sandbox's benchmark (issue 12): the real server against a bare Fastify route doing the same
// work, over loopback, in one run.
//
//   npm run bench                          (builds dist/ if stale, then runs this file)
//   node bench/run.mjs --help              (the options; dist/ as it is)
//
// What runs where — three processes, so no two of them share an event loop:
//   - this process: autocannon (the client), and the timing of starts;
//   - the sandbox: `node dist/server.js` exactly as CI starts it, at the default log level (info:
//     a line per request received and per answer), its log going to a file; only the Kangaroo
//     rate limit is raised, or the load would measure 429s;
//   - the same-work baseline: bench/bare-server.mjs, a bare Fastify 5 app. Per scenario it answers
//     the same request at the same path with the same JSON the sandbox gave (reads), or inserts
//     the same body into better-sqlite3 and answers the same JSON (writes).
// Each read and write scenario runs on both servers in alternation, `rounds` times (bare then
// sandbox, then sandbox then bare, …), so a change of load on the machine hits both sides of a
// round alike: the ratio is taken per round, and its median and spread are reported.
//
// Everything listens on 127.0.0.1 and only 127.0.0.1 is contacted. The databases and the log live
// in a fresh temp folder, removed at the end. Results go to bench/results/<date>.json (gitignored).
//
// Exit code 0: every request answered its expected status, with no socket errors or timeouts
// (targets missed do not fail the run; the table says so). 1: anything else. 130: Ctrl-C.

import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER = join(ROOT, 'dist', 'server.js');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const HOST = '127.0.0.1';
/** Receipts in the workspace the filtered list reads (and the RSS target counts). */
const LIST_RECEIPTS = 100_000;
/** Beyond this change of the trivial route between the start and the end of the run, the run was disturbed. */
const DRIFT_WARNING = 0.15;
/** Extra node flags for the sandbox's process, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" to profile it. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const TARGETS = { ratio: 0.5, listMedianMs: 20, healthyMs: 500, rssMb: 150 };

const RULRR_CLIENT = { client_id: 'pos-demo', client_secret: 'pos-demo-secret' };
const WLL_DEMO_KEY = 'wll-demo-key';
const KANGAROO_DEMO = {
  client_id: 'kangaroo-demo-client',
  client_secret: 'kangaroo-demo-secret',
  username: 'owner@demo-business.test',
  password: 'demo1234',
  application_key: 'kangaroo-demo-app-key',
};
const KANGAROO_VIRTUAL_BRANCH = '11eaa5c938ec36cc9df9b42e99312ac8';
/** John, 1000 points in the fixtures. */
const KANGAROO_CUSTOMER = '11e69610400894b2bb02089e01cf89b5';

// ─────────────────────────────────────────── options ──

function usage() {
  return `Usage: node bench/run.mjs [--duration S] [--rounds N] [--warmup S] [--connections N] [--starts N]

  --duration      seconds per measurement (default 3; env BENCH_DURATION)
  --rounds        alternations of sandbox and same-work route per scenario (default 3; env BENCH_ROUNDS)
  --warmup        unmeasured seconds on each server before a scenario (default 1; env BENCH_WARMUP)
  --connections   concurrent keep-alive connections, pipelining 1 (default 10; env BENCH_CONNECTIONS)
  --starts        server starts timed per kind of database (default 7; env BENCH_STARTS)

Writes bench/results/<date>.json and prints the table docs/bench.md shows.`;
}

function readOptions() {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['duration', 'rounds', 'warmup', 'connections', 'starts'].map((name) => [name, { type: 'string' }]).concat([['help', { type: 'boolean', short: 'h' }]]),
    ),
    strict: true,
  });
  if (values.help) return null;
  const number = (flag, fallback, min) => {
    const raw = values[flag] ?? (process.env[`BENCH_${flag.toUpperCase()}`] || undefined);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${flag} must be a whole number ≥ ${min}, got "${raw}"`);
    return value;
  };
  return {
    duration: number('duration', 3, 1),
    rounds: number('rounds', 3, 1),
    warmup: number('warmup', 1, 0),
    connections: number('connections', 10, 1),
    starts: number('starts', 7, 1),
  };
}

// ─────────────────────────────────────────── processes ──

/** A port nobody listens on now; the server is told to take it. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The environment `node dist/server.js` would see from a clean shell: no sandbox settings, no npm. */
function serverEnvironment(extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('SANDBOX_') || name.startsWith('npm_') || ['LOG_LEVEL', 'PORT', 'HOST', 'NODE_OPTIONS'].includes(name)) delete env[name];
  }
  return { ...env, ...extra };
}

function get(url) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * Starts `node dist/server.js` on `dbPath` and polls GET /__admin/health every 2 ms until it
 * answers 200. The time runs from just before the spawn to that answer.
 */
async function startSandbox({ dbPath, logPath, env = {} }) {
  const port = await freePort();
  const log = openSync(logPath, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, SERVER, '--port', String(port), '--db', dbPath], {
    stdio: ['ignore', log, 'pipe'],
    env: serverEnvironment(env),
  });
  closeSync(log);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let gone = false;
  exited.then(() => (gone = true));
  const url = `http://${HOST}:${port}`;
  for (;;) {
    if (gone) throw new Error(`the sandbox exited before it was healthy: ${stderr.trim().slice(0, 500)}`);
    try {
      if ((await get(`${url}/__admin/health`)) === 200) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > 30_000) throw new Error('the sandbox was not healthy within 30 s');
    await sleep(2);
  }
  const healthyMs = performance.now() - started;
  const cpuSeconds = cpuSecondsOf(child.pid);
  return {
    url,
    pid: child.pid,
    healthyMs,
    cpuMs: cpuSeconds === null ? null : cpuSeconds * 1000,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The bare Fastify app of bench/bare-server.mjs, given its routes. */
async function startBare(dbPath, routes) {
  const child = fork(join(ROOT, 'bench', 'bare-server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('error', reject);
    exited.then((code) => reject(new Error(`the bare server exited (code ${code})`)));
    child.send({ dbPath, routes });
  });
  return {
    url: `http://${HOST}:${port}`,
    pid: child.pid,
    stop: async () => {
      child.disconnect();
      return exited;
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident and peak resident memory of a process, in MB (Linux /proc; null elsewhere). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: round(kb('VmRSS') / 1024, 1), peakMb: round(kb('VmHWM') / 1024, 1) };
  } catch {
    return { rssMb: null, peakMb: null };
  }
}

/** CPU seconds a process has used so far (Linux /proc, user + system; null elsewhere). */
const CLOCK_TICKS = 100;
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

// ─────────────────────────────────────────── HTTP setup calls ──

async function call(method, url, body, headers = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

function expectCall(label, response, status, check = () => true) {
  if (response.status !== status || !check(response.json)) {
    throw new Error(`setup: ${label} answered ${response.status} ${response.text.slice(0, 300)} (expected ${status})`);
  }
  return response.json;
}

const qs = (params) => new URLSearchParams(params).toString();

// ─────────────────────────────────────────── scenarios ──

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const rulrrOrder = (orderId) => ({ orderId, total: '1250', currency: 'USD', items: [{ name: 'Latte', quantity: 1, price: '1250' }] });

const wllOrder = {
  submitter: { authIdentifier: 'bench-user' },
  lineItems: [{ quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98 }],
  paymentTenders: [{ type: 'CASH', value: 3.98 }],
  total: 3.98,
  locationIdentifier: '1235',
};

/** A preparsed claim that reaches the rule engine: ten line items of the bench products, at the Corn Exchange. */
const claim = (barcode) => ({
  useParser: false,
  submitter: { authIdentifier: 'bench-user' },
  ocrConfidence: 0.9,
  serviceDate: { value: yesterday(), confidence: 1 },
  serviceTime: { value: '12:00', confidence: 1 },
  total: { value: 25, confidence: 1 },
  barcode: { value: barcode, confidence: 1 },
  locationIdentifier: { value: '1235', confidence: 1 },
  lineItems: Array.from({ length: 10 }, (_, i) => ({ quantity: 1, description: `Item ${i}`, identifier: `BENCH-SKU-${i}`, unitPrice: 2.5, totalPrice: 2.5 })),
});

/** 45 BASKET rules over 45 catalogue products, a venue rule, and 4 rules chained on their params. */
function fiftyRules() {
  const custom = (name, priority, conditions, success = [], failure = []) => ({
    type: 'CUSTOM', name, priority, ruleProperties: { conditions, event: { type: name }, priority }, resultParams: { success, failure },
  });
  return [
    ...Array.from({ length: 45 }, (_, i) => ({
      type: 'BASKET',
      name: `bench-product-${i}-present`,
      priority: 10 + (i % 5),
      configuration: { productId: `bench-product-${i}`, isUnitPriceCheckNeeded: true },
      resultParams: { success: [{ key: `has${i}`, value: true }], failure: [{ key: `has${i}`, value: false }] },
    })),
    custom('venue', 5, { all: [{ fact: 'request', operator: 'venueMatches', value: 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf' }] }, [{ key: 'inVenue', value: true }], [{ key: 'inVenue', value: false }]),
    ...[1, 2, 3, 4].map((n) => custom(`chain-${n}`, n, { all: [{ fact: 'inVenue', operator: 'equal', value: true }, { fact: 'has0', operator: 'equal', value: true }] }, [{ key: `chain${n}`, value: true }])),
  ];
}

/**
 * Drives each API over HTTP to the state its scenarios need, sends one request of each scenario by
 * hand with its answer checked, and returns the scenarios: `pairs` (measured against the same-work
 * route, whose answer is the sandbox's own from here) and the single figures.
 */
async function prepare(sandboxUrl, listWorkspace) {
  const runId = Date.now().toString(36);
  const json = { 'content-type': 'application/json' };

  // Rulrr: the whole handshake once, for an access token.
  const rulrr = `${sandboxUrl}/rulrr/v1`;
  const connecting = expectCall('Rulrr STEP 1', await call('POST', `${rulrr}/auth/integration?${qs(RULRR_CLIENT)}`), 200);
  expectCall('Rulrr complete', await call('POST', `${sandboxUrl}/__admin/rulrr/integrations/${connecting.integrationToken}/complete`, { ereceipt: true }), 200,
    (body) => body.status === 'finished');
  const tokens = expectCall('Rulrr STEP 4',
    await call('GET', `${rulrr}/auth/integration/token?${qs({ ...RULRR_CLIENT, integration_token: connecting.integrationToken })}`), 200,
    (body) => typeof body.accessToken === 'string');
  const storesPath = `/rulrr/v1/stores?${qs({ access_token: tokens.accessToken })}`;
  const ordersPath = `/rulrr/v1/orders?${qs({ access_token: tokens.accessToken })}`;
  const stores = expectCall('Rulrr stores', await call('GET', `${sandboxUrl}${storesPath}`), 200, (body) => typeof body.store?.storeId === 'string');
  const order = expectCall('Rulrr order', await call('POST', `${sandboxUrl}${ordersPath}`, rulrrOrder(`bench-${runId}-first`)), 201,
    (body) => body.order?.orderId === `bench-${runId}-first`);

  // WLL: admin tokens for the demo tenant and the 100k workspace, 45 products, a receipt to read, the 50-rule set.
  const wllToken = async (apiKey) =>
    expectCall('WLL token', await call('POST', `${sandboxUrl}/__admin/wll/tokens`, { apiKey, type: 'admin', authIdentifier: 'bench-admin' }), 200).token;
  const demo = { 'x-api-key': WLL_DEMO_KEY, authorization: `Bearer ${await wllToken(WLL_DEMO_KEY)}` };
  const big = { 'x-api-key': listWorkspace.apiKey, authorization: `Bearer ${await wllToken(listWorkspace.apiKey)}` };
  const wll = `${sandboxUrl}/wll/v1`;
  for (let i = 0; i < 45; i++) {
    const product = { name: `Bench product ${i}`, identifiers: [`BENCH-SKU-${i}`], unitPrice: 2.5 };
    expectCall('WLL product', await call('PUT', `${sandboxUrl}/__admin/wll/products/bench-product-${i}`, product), 201);
  }
  const receiptId = expectCall('WLL claim', await call('POST', `${wll}/receipts`, claim(`bench-${runId}-read`), demo), 200).data.id;
  const ruleSet = expectCall('WLL rule set', await call('POST', `${wll}/transactions-rule-engine/rule-sets`,
    { name: 'Bench: 50 rules', isActive: true, ruleDefinitions: fiftyRules() }, demo), 200);
  if (ruleSet.data.rules.length !== 50) throw new Error(`setup: the rule set has ${ruleSet.data.rules.length} rules, not 50`);
  const receipt = expectCall('WLL receipt', await call('GET', `${wll}/receipts/${receiptId}`, undefined, demo), 200, (body) => body.data.id === receiptId);
  const wllPlaced = expectCall('WLL order', await call('POST', `${wll}/orders`, wllOrder, demo), 200, (body) => body.data.status === 'AUTHORIZED');
  const listPath = `/wll/v1/receipts?${qs({ filter: 'status:(eq:AUTHORIZED),total:(gt:100)', sort: 'createdAt', order: 'DESC', limit: '20' })}`;
  expectCall('WLL list', await call('GET', `${sandboxUrl}${listPath}`, undefined, big), 200,
    (body) => body.data.length === 20 && body.data.every((item) => item.status === 'AUTHORIZED' && item.total > 100));
  expectCall('WLL claim, 50 rules', await call('POST', `${wll}/receipts`, claim(`bench-${runId}-check`), demo), 200,
    (body) => body.data.status === 'AUTHORIZED' && body.data.paramountReview.comment.includes('"chain4":true'));

  // Kangaroo: a password-grant token, an integration and a branch link.
  const kangaroo = `${sandboxUrl}/kangaroo`;
  const grant = expectCall('Kangaroo token', await call('POST', `${kangaroo}/oauth/token`, { grant_type: 'password', scope: 'admin', ...KANGAROO_DEMO }), 200,
    (body) => typeof body.access_token === 'string');
  const kangarooHeaders = { authorization: `Bearer ${grant.access_token}`, 'x-application-key': KANGAROO_DEMO.application_key, accept: 'application/json' };
  const integration = expectCall('Kangaroo integration', await call('POST', `${kangaroo}/api/v1/integrations`, { name: 'Bench', type: 1 }, kangarooHeaders), 201);
  const link = expectCall('Kangaroo branch link', await call('POST', `${kangaroo}/api/v1/branch-links`,
    { account_id: 'bench', shop_id: 'bench', branch_id: KANGAROO_VIRTUAL_BRANCH, integration_id: integration.integration_id }, kangarooHeaders), 201);
  const branches = expectCall('Kangaroo branches', await call('GET', `${kangaroo}/api/v1/branches`, undefined, kangarooHeaders), 200,
    (body) => body.data?.length === 2 && body.meta?.total === 2);
  const reward = { branch_link_id: link.id, intent: 'reward', points: 1, customer: { id: KANGAROO_CUSTOMER } };
  const rewarded = expectCall('Kangaroo transaction', await call('POST', `${kangaroo}/api/v1/transactions`, reward, kangarooHeaders), 200,
    (body) => body.data?.name === 'Reward' && body.data.customer.balance.points === 1001);

  let orders = 0;
  let claims = 0;
  const pairs = [
    { key: 'rulrr-stores', kind: 'read', label: 'Rulrr GET /v1/stores', method: 'GET', path: storesPath, status: 200, answer: stores },
    { key: 'wll-receipt', kind: 'read', label: 'WLL GET /receipts/{id} (key + JWT)', method: 'GET', path: `/wll/v1/receipts/${receiptId}`, headers: demo, status: 200, answer: receipt },
    { key: 'kangaroo-branches', kind: 'read', label: 'Kangaroo GET /branches', method: 'GET', path: '/kangaroo/api/v1/branches', headers: kangarooHeaders, status: 200, answer: branches },
    {
      key: 'rulrr-order', kind: 'write', label: 'Rulrr POST /v1/orders (new id)', method: 'POST', path: ordersPath, headers: json, status: 201, answer: order,
      setupRequest: (request) => ({ ...request, body: JSON.stringify(rulrrOrder(`bench-${runId}-${++orders}`)) }),
    },
    { key: 'wll-order', kind: 'write', label: 'WLL POST /orders', method: 'POST', path: '/wll/v1/orders', headers: { ...demo, ...json }, body: JSON.stringify(wllOrder), status: 200, answer: wllPlaced },
    {
      key: 'kangaroo-transaction', kind: 'write', label: 'Kangaroo POST /transactions (reward)', method: 'POST', path: '/kangaroo/api/v1/transactions',
      headers: { ...kangarooHeaders, ...json }, body: JSON.stringify(reward), status: 200, answer: rewarded,
    },
  ];
  const list = { key: 'wll-list-100k', label: `WLL GET /receipts filtered and sorted over ${LIST_RECEIPTS.toLocaleString('en-US')} receipts`, method: 'GET', path: listPath, headers: big, status: 200 };
  const claims50 = {
    key: 'wll-claim-50-rules', label: 'WLL POST /receipts against a 50-rule set', method: 'POST', path: '/wll/v1/receipts', headers: { ...demo, ...json }, status: 200,
    setupRequest: (request) => ({ ...request, body: JSON.stringify(claim(`bench-${runId}-claim-${++claims}`)) }),
  };
  return { pairs, list, claims: claims50 };
}

/**
 * The Rulrr handshake as autocannon's request sequence: STEP 1, the merchant's consent through the
 * admin API, STEP 4. Each connection runs it over and over; a handshake counts when STEP 4 answered
 * 200 with an access token.
 */
function handshakeRequests(counter) {
  const integrationQuery = (context) => qs({ ...RULRR_CLIENT, integration_token: context.token });
  return [
    {
      method: 'POST',
      path: `/rulrr/v1/auth/integration?${qs(RULRR_CLIENT)}`,
      onResponse: (status, body, context) => {
        if (status === 200) context.token = JSON.parse(body).integrationToken;
      },
    },
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ereceipt: true }),
      setupRequest: (request, context) => context.token && { ...request, path: `/__admin/rulrr/integrations/${context.token}/complete` },
    },
    {
      method: 'GET',
      setupRequest: (request, context) => context.token && { ...request, path: `/rulrr/v1/auth/integration/token?${integrationQuery(context)}` },
      onResponse: (status, body) => {
        if (status === 200 && typeof JSON.parse(body).accessToken === 'string') counter.done++;
      },
    },
  ];
}

// ─────────────────────────────────────────── measuring ──

/** The autocannon run under way, so Ctrl-C can stop it. */
let running;
let interrupted = false;

/**
 * One autocannon run. Latency is recorded per response (autocannon's own histogram rounds to whole
 * milliseconds); the server's CPU time over the window gives its CPU per request, a figure that
 * waiting behind other processes on the machine does not inflate the way it inflates latency.
 */
async function load(autocannon, url, spec, { seconds, connections, serverPid, expected = [spec.status] }) {
  const requests = spec.requests ?? [
    Object.fromEntries(Object.entries({ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body, setupRequest: spec.setupRequest })
      .filter(([, value]) => value !== undefined)),
  ];
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: 10, requests });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const cpuBefore = cpuSecondsOf(serverPid);
  const clientBefore = process.cpuUsage();
  running = instance;
  const raw = await instance;
  running = undefined;
  const cpuAfter = cpuSecondsOf(serverPid);
  const client = process.cpuUsage(clientBefore);
  const memory = memoryOf(serverPid);

  const sorted = latencies.subarray(0, count).sort();
  const percentile = (p) => (count === 0 ? null : round(sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)], 3));
  const statusCodes = Object.fromEntries(Object.entries(raw.statusCodeStats ?? {}).map(([code, { count: n }]) => [code, n]));
  const responses = Object.values(statusCodes).reduce((sum, n) => sum + n, 0);
  const unexpected = Object.entries(statusCodes).filter(([code]) => !expected.includes(Number(code))).reduce((sum, [, n]) => sum + n, 0);
  const serverCpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return {
    ok: unexpected === 0 && raw.errors === 0 && raw.timeouts === 0 && responses > 0,
    seconds: raw.duration,
    responses,
    rps: responses / raw.duration,
    latencyMs: { p50: percentile(50), p90: percentile(90), p99: percentile(99), max: percentile(100) },
    serverCpuUsPerRequest: serverCpu === null || responses === 0 ? null : round((serverCpu * 1e6) / responses, 1),
    serverCpuShare: serverCpu === null ? null : round(serverCpu / raw.duration, 2),
    clientCpuShare: round((client.user + client.system) / 1e6 / raw.duration, 2),
    serverMemoryAfterMb: memory,
    statusCodes,
    errors: raw.errors,
    timeouts: raw.timeouts,
  };
}

function failureOf(result) {
  const parts = [];
  if (Object.keys(result.statusCodes).length > 0) parts.push(`status ${JSON.stringify(result.statusCodes)}`);
  if (result.errors > 0) parts.push(`${result.errors} errors`);
  if (result.timeouts > 0) parts.push(`${result.timeouts} timeouts`);
  return parts.join(', ');
}

const median = (values) => {
  const sorted = values.filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values) => {
  const present = values.filter((value) => value !== null);
  return present.length === 0 ? null : { min: Math.min(...present), max: Math.max(...present) };
};
const round = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));
const loadAverage = () => os.loadavg().map((value) => round(value, 2));

// ─────────────────────────────────────────── the run ──

async function main() {
  let options;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`bench: ${error.message}\n\n${usage()}`);
    return 1;
  }
  if (!options) {
    console.log(usage());
    return 0;
  }
  if (!statSync(SERVER, { throwIfNoEntry: false })) {
    console.error('bench: dist/server.js is missing — run `npm run bench`, which builds first');
    return 1;
  }
  process.stdout.on('error', () => {});
  process.once('SIGINT', () => {
    interrupted = true;
    running?.stop();
  });

  const { default: autocannon } = await import('autocannon');
  const temp = mkdtempSync(join(os.tmpdir(), 'pos-sandbox-bench-'));
  const logPath = join(temp, 'server.log');
  const cpus = os.cpus();
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpu: cpus[0]?.model?.trim() ?? 'unknown', cores: os.availableParallelism?.() ?? cpus.length, memoryGb: round(os.totalmem() / 2 ** 30, 1), os: `${os.platform()} ${os.release()} ${os.arch()}` },
    options,
    server: 'node dist/server.js, default log level (info), log to a file; SANDBOX_KANGAROO_RATE_LIMIT=1000000 for the load',
    baseline: 'bench/bare-server.mjs: bare Fastify 5 (logger off), same path, same JSON; writes insert the body into better-sqlite3 (WAL, synchronous=NORMAL)',
    loadAverage: { start: loadAverage(), end: null },
    targets: TARGETS,
  };
  const stops = [];
  let ok = true;
  const fail = (message) => {
    ok = false;
    console.error(`  FAILED: ${message}`);
  };

  try {
    console.log(`pos-sandbox bench — ${report.date}\nnode ${report.node} · ${report.machine.cpu} × ${report.machine.cores} · ${report.machine.os}`);
    console.log(`load average at start (1/5/15 min): ${report.loadAverage.start.join(' / ')}\n`);

    // 1. Start to healthy, and memory at rest: fresh files and the demo-seeded file, in alternation.
    console.log(`start to healthy, ${options.starts} runs each …`);
    const seededPath = join(temp, 'seeded.db');
    await (await startSandbox({ dbPath: seededPath, logPath })).stop();
    const starts = { fresh: [], seeded: [] };
    for (let i = 0; i < options.starts && !interrupted; i++) {
      for (const kind of ['fresh', 'seeded']) {
        const server = await startSandbox({ dbPath: kind === 'fresh' ? join(temp, `fresh-${i}.db`) : seededPath, logPath });
        const run = { healthyMs: round(server.healthyMs, 1), cpuMs: round(server.cpuMs, 0) };
        await sleep(1000);
        starts[kind].push({ ...run, idle: memoryOf(server.pid) });
        await server.stop();
      }
    }

    // 2. The load database: the demo workspace and 100,000 receipts in a workspace of their own.
    const dbPath = join(temp, 'sandbox.db');
    console.log(`seeding ${LIST_RECEIPTS.toLocaleString('en-US')} receipts …`);
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bench', 'seed-receipts.mjs'), dbPath, String(LIST_RECEIPTS)], { env: serverEnvironment() });
    const listWorkspace = JSON.parse(stdout.trim().split('\n').at(-1));
    report.listWorkspace = { receipts: listWorkspace.receipts, seededMs: listWorkspace.seededMs };

    const sandbox = await startSandbox({ dbPath, logPath, env: { SANDBOX_KANGAROO_RATE_LIMIT: '1000000' } });
    stops.push(sandbox.stop);
    const withReceipts = { healthyMs: round(sandbox.healthyMs, 1), cpuMs: round(sandbox.cpuMs, 0) };
    await sleep(1000);
    withReceipts.idle = memoryOf(sandbox.pid);
    const plan = await prepare(sandbox.url, listWorkspace);
    const bare = await startBare(join(temp, 'bare.db'), plan.pairs.map(({ method, path, status, answer }) => ({ method, path: path.split('?')[0], status, answer })));
    stops.push(bare.stop);
    // The same-work routes answer as the sandbox did: checked once before any load.
    for (const pair of plan.pairs) {
      const body = pair.method === 'GET' ? undefined : pair.body === undefined ? {} : JSON.parse(pair.body);
      const answer = await call(pair.method, `${bare.url}${pair.path}`, body, pair.headers);
      expectCall(`same-work ${pair.key}`, answer, pair.status, (body) => JSON.stringify(body) === JSON.stringify(pair.answer));
    }

    const at = (server) => ({ seconds: options.duration, connections: options.connections, serverPid: server.pid });
    const trivial = { method: 'GET', path: '/', status: 200 };
    console.log('trivial bare route (drift reference) …');
    await load(autocannon, bare.url, trivial, { ...at(bare), seconds: Math.max(1, options.warmup) });
    const trivialFirst = await load(autocannon, bare.url, trivial, at(bare));

    // 3. The filtered list over 100,000 receipts, first: latency at the run's concurrency and one at a
    // time, and the memory of a server that has served lists over them and nothing else yet.
    report.list = {};
    for (const connections of [options.connections, 1]) {
      if (interrupted) break;
      await load(autocannon, sandbox.url, plan.list, { ...at(sandbox), connections, seconds: Math.max(1, options.warmup) });
      const result = await load(autocannon, sandbox.url, plan.list, { ...at(sandbox), connections, seconds: options.duration * 2 });
      if (!result.ok) fail(`wll-list-100k: ${failureOf(result)}`);
      report.list[connections === 1 ? 'oneConnection' : 'connections'] = { connections, ...result };
      console.log(`  list over 100k, ${connections} connection(s): p50 ${fmtMs(result.latencyMs.p50)} ms, p99 ${fmtMs(result.latencyMs.p99)} ms, ${fmtRate(result.rps)} req/s`);
    }
    withReceipts.afterList = memoryOf(sandbox.pid);

    // 4. Reads and writes, each against its same-work route, in alternation.
    report.pairs = [];
    for (const pair of plan.pairs) {
      if (interrupted) break;
      process.stdout.write(`  ${pair.label.padEnd(44)} `);
      if (options.warmup > 0) {
        for (const server of [sandbox, bare]) {
          const warm = await load(autocannon, server.url, pair, { ...at(server), seconds: options.warmup });
          if (!warm.ok) fail(`${pair.key} warm-up on ${server === bare ? 'the bare route' : 'the sandbox'}: ${failureOf(warm)}`);
        }
      }
      const rounds = [];
      for (let r = 0; r < options.rounds && !interrupted; r++) {
        const order = r % 2 === 0 ? ['bare', 'sandbox'] : ['sandbox', 'bare'];
        const measured = {};
        for (const side of order) {
          measured[side] = await load(autocannon, (side === 'bare' ? bare : sandbox).url, pair, at(side === 'bare' ? bare : sandbox));
          if (!measured[side].ok) fail(`${pair.key} on ${side}: ${failureOf(measured[side])}`);
        }
        rounds.push({
          ...measured,
          ratio: round(measured.sandbox.rps / measured.bare.rps, 3),
          cpuRatio: measured.sandbox.serverCpuUsPerRequest && measured.bare.serverCpuUsPerRequest
            ? round(measured.bare.serverCpuUsPerRequest / measured.sandbox.serverCpuUsPerRequest, 3) : null,
        });
      }
      const summary = summarisePair(pair, rounds);
      report.pairs.push(summary);
      console.log(`${fmtRate(summary.sandboxRps)} vs ${fmtRate(summary.bareRps)} req/s: ${summary.ratio.toFixed(2)}× (${summary.ratioSpread.min.toFixed(2)}–${summary.ratioSpread.max.toFixed(2)})`);
    }

    // 5. Full Rulrr handshakes, and claims reviewed by the 50-rule set.
    if (!interrupted) {
      const counter = { done: 0 };
      const result = await load(autocannon, sandbox.url, { requests: handshakeRequests(counter), status: 200 }, { ...at(sandbox), seconds: options.duration * 2 });
      if (!result.ok) fail(`rulrr-handshake: ${failureOf(result)}`);
      report.handshakes = { ...result, handshakes: counter.done, perSecond: round(counter.done / result.seconds, 1) };
      console.log(`  Rulrr handshakes: ${fmtRate(report.handshakes.perSecond)}/s (${counter.done} in ${result.seconds} s)`);
    }
    withReceipts.beforeClaims = memoryOf(sandbox.pid);
    if (!interrupted) {
      await load(autocannon, sandbox.url, plan.claims, { ...at(sandbox), seconds: Math.max(1, options.warmup) });
      const result = await load(autocannon, sandbox.url, plan.claims, { ...at(sandbox), seconds: options.duration * 2 });
      if (!result.ok) fail(`wll-claim-50-rules: ${failureOf(result)}`);
      report.claims = result;
      console.log(`  WLL claims against 50 rules: ${fmtRate(result.rps)}/s`);
    }

    // 6. The trivial route again, and memory after all of it.
    const trivialLast = await load(autocannon, bare.url, trivial, at(bare));
    report.drift = {
      firstRps: round(trivialFirst.rps, 0),
      lastRps: round(trivialLast.rps, 0),
      change: round(trivialLast.rps / trivialFirst.rps - 1, 3),
    };
    withReceipts.afterLoad = memoryOf(sandbox.pid);
    report.starts = {
      fresh: summariseStarts(starts.fresh),
      seeded: summariseStarts(starts.seeded),
      withReceipts,
    };
    report.loadAverage.end = loadAverage();
    report.serverLogMb = round(statSync(logPath).size / 2 ** 20, 1);
    report.ok = ok && !interrupted;

    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${markdown(report)}\n\nresults written to ${file.slice(ROOT.length)}`);
    if (interrupted) console.error('bench: interrupted — the results are partial');
    return interrupted ? 130 : ok ? 0 : 1;
  } catch (error) {
    console.error(`\nbench: ${error.stack ?? error}`);
    return 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(temp, { recursive: true, force: true });
  }
}

function summarisePair(pair, rounds) {
  const ratios = rounds.map((r) => r.ratio);
  const cpuRatios = rounds.map((r) => r.cpuRatio);
  return {
    key: pair.key,
    kind: pair.kind,
    label: pair.label,
    request: `${pair.method} ${pair.path.replace(/(access_token=)[^&]+/, '$1…')}`,
    sandboxRps: median(rounds.map((r) => r.sandbox.rps)),
    bareRps: median(rounds.map((r) => r.bare.rps)),
    ratio: median(ratios),
    ratioSpread: spread(ratios),
    cpuRatio: median(cpuRatios),
    sandboxCpuUs: median(rounds.map((r) => r.sandbox.serverCpuUsPerRequest)),
    bareCpuUs: median(rounds.map((r) => r.bare.serverCpuUsPerRequest)),
    sandboxLatencyMs: { p50: median(rounds.map((r) => r.sandbox.latencyMs.p50)), p99: median(rounds.map((r) => r.sandbox.latencyMs.p99)) },
    met: median(ratios) >= TARGETS.ratio,
    rounds,
  };
}

function summariseStarts(runs) {
  const times = runs.map((run) => run.healthyMs);
  return {
    healthyMs: round(median(times), 0),
    spread: spread(times),
    cpuMs: round(median(runs.map((run) => run.cpuMs)), 0),
    idleRssMb: median(runs.map((run) => run.idle.rssMb)),
    runs,
  };
}

// ─────────────────────────────────────────── output ──

const fmtRate = (value) => (value === null || value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));
const fmtMs = (value) => (value === null || value === undefined ? '—' : value.toFixed(2));
const yesNo = (met) => (met ? 'met' : '**missed**');

/** The table docs/bench.md shows, in Markdown. */
function markdown(report) {
  const lines = [
    `Run of ${report.date.slice(0, 16).replace('T', ' ')} UTC — ${report.machine.cpu} × ${report.machine.cores}, ${report.machine.memoryGb} GB, ${report.machine.os}, Node ${report.node}.`,
    `Load average (1/5/15 min) ${report.loadAverage.start.join(' / ')} at the start, ${report.loadAverage.end?.join(' / ')} at the end. ` +
      `Baseline drift (trivial bare route, end ÷ start − 1): ${report.drift ? `${(report.drift.change * 100).toFixed(1)}%` : '—'}` +
      `${report.drift && Math.abs(report.drift.change) > DRIFT_WARNING ? ' — more than 15%: the machine was disturbed during the run' : ''}.`,
    `${report.options.connections} connections, ${report.options.duration} s per measurement, ${report.options.rounds} rounds per pair, ${report.options.starts} starts per kind.`,
    '',
    '| scenario | sandbox req/s | same-work req/s | ratio, median (min–max) | CPU ratio | sandbox µs CPU/req | p50 / p99 ms | target ≥ 0.5× |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...(report.pairs ?? []).map((p) =>
      `| ${p.label} | ${fmtRate(p.sandboxRps)} | ${fmtRate(p.bareRps)} | ${p.ratio.toFixed(2)}× (${p.ratioSpread.min.toFixed(2)}–${p.ratioSpread.max.toFixed(2)}) | ` +
      `${p.cpuRatio === null ? '—' : `${p.cpuRatio.toFixed(2)}×`} | ${p.sandboxCpuUs ?? '—'} | ${fmtMs(p.sandboxLatencyMs.p50)} / ${fmtMs(p.sandboxLatencyMs.p99)} | ${yesNo(p.met)} |`),
    '',
    '| figure | value | target |',
    '|---|---|---|',
  ];
  const list = report.list?.connections;
  if (list) {
    lines.push(`| WLL filtered, sorted list over ${LIST_RECEIPTS.toLocaleString('en-US')} receipts, ${list.connections} connections | p50 ${fmtMs(list.latencyMs.p50)} ms, p99 ${fmtMs(list.latencyMs.p99)} ms (${fmtRate(list.rps)} req/s) | < ${TARGETS.listMedianMs} ms median: ${yesNo(list.latencyMs.p50 < TARGETS.listMedianMs)} |`);
  }
  const single = report.list?.oneConnection;
  if (single) lines.push(`| the same, 1 connection | p50 ${fmtMs(single.latencyMs.p50)} ms, p99 ${fmtMs(single.latencyMs.p99)} ms | |`);
  if (report.handshakes) lines.push(`| Rulrr full handshakes (STEP 1 → admin complete → STEP 4) | ${fmtRate(report.handshakes.perSecond)}/s | |`);
  if (report.claims) lines.push(`| WLL receipt claims against a 50-rule set | ${fmtRate(report.claims.rps)}/s (p50 ${fmtMs(report.claims.latencyMs.p50)} ms) | |`);
  const starts = report.starts;
  if (starts) {
    const startLine = (label, s) =>
      `| start to healthy, ${label} | ${s.healthyMs} ms median (${Math.round(s.spread.min)}–${Math.round(s.spread.max)}, ${s.runs.length} runs; ${s.cpuMs ?? '—'} ms CPU) | < ${TARGETS.healthyMs} ms: ${yesNo(s.healthyMs < TARGETS.healthyMs)} |`;
    lines.push(startLine('fresh database', starts.fresh), startLine('seeded database', starts.seeded));
    lines.push(`| start to healthy, ${LIST_RECEIPTS.toLocaleString('en-US')} receipts | ${Math.round(starts.withReceipts.healthyMs)} ms (1 run) | |`);
    const n = LIST_RECEIPTS.toLocaleString('en-US');
    const memory = starts.withReceipts;
    const rssRow = (label, m, target = '') => (m ? `| ${label} | ${m.rssMb} MB | ${target} |` : null);
    const within = (m) => `< ${TARGETS.rssMb} MB: ${yesNo(m.rssMb < TARGETS.rssMb)}`;
    lines.push(
      ...[
        rssRow('RSS idle, demo database (1 s after healthy, median)', { rssMb: starts.seeded.idleRssMb }),
        rssRow(`RSS idle, ${n} receipts`, memory.idle),
        rssRow(`RSS with ${n} receipts, after the list load`, memory.afterList, memory.afterList && within(memory.afterList)),
        rssRow('RSS after the reads, writes and handshakes', memory.beforeClaims, memory.beforeClaims && within(memory.beforeClaims)),
        memory.afterLoad && `| RSS after the claims too (end of the run) | ${memory.afterLoad.rssMb} MB (peak ${memory.afterLoad.peakMb} MB) | ${within(memory.afterLoad)} |`,
      ].filter(Boolean),
    );
  }
  return lines.join('\n');
}

process.exitCode = await main();
