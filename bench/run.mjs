// Throughput benchmark of pos-sandbox against a bare Fastify route, over real loopback sockets.
//
//   npm run bench                      (builds, then runs this file; 5 s per scenario)
//   npm run bench -- --duration 10     (or BENCH_DURATION=10 npm run bench)
//   node bench/run.mjs --help
//
// Kangaroo's scenarios each have a same-work baseline: a bare Fastify route that does what the
// sandbox's route does — the same credential lookups and SQL on the same database file, the same
// answer — without the sandbox's layers (zod validation and serialization, services, hooks).
//
// Topology: the two servers (the bare Fastify app and the sandbox from dist/) run in a worker
// thread of this process; autocannon runs on the main thread. Client and servers get an event
// loop each, so on a 2-core machine they do not queue behind one another on one thread.
// Everything listens on 127.0.0.1 and only 127.0.0.1 is contacted. The sandbox uses a SQLite
// file in a fresh temp folder (WAL, as in production), removed at the end.
//
// Exit code 0: every scenario answered only its expected status with no socket errors or
// timeouts. Exit code 1: anything else (unexpected status, error, failed setup). 130: Ctrl-C.

import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const DIST_APP = join(DIST, 'app.js');
const DIST_CONFIG = join(DIST, 'config.js');
const FIXTURES_DIR = join(ROOT, 'fixtures');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');
const HOST = '127.0.0.1';
const DEMO_CLIENT = { client_id: 'pos-demo', client_secret: 'pos-demo-secret' };
const WLL_DEMO_KEY = 'wll-demo-key';
/** Receipts in the workspace the filtered list scenario reads. */
const LIST_RECEIPTS = 100_000;

// ─────────────────────────────────────────── worker: the servers ──

async function serve({ dbPath }) {
  const { default: Fastify } = await import('fastify');
  const { buildApp } = await import(DIST_APP);
  const { configSchema } = await import(DIST_CONFIG);

  // (1) The baseline: a bare Fastify app, one trivial JSON route, no logger.
  const bare = Fastify({ logger: false });
  bare.get('/', async () => ({ hello: 'world' }));

  // (2) The sandbox as production builds it, on a SQLite file; logger off. Kangaroo's rate limit
  // stays on (its cost is part of every call) but far above what the run sends.
  const config = configSchema.parse({ dbPath, fixturesDir: FIXTURES_DIR, logLevel: 'silent', kangarooRateLimit: 1_000_000 });
  const sandbox = await buildApp(config, { logger: false });

  // (3) The same-work baselines, on a connection of their own to the same file.
  await sameWorkRoutes(bare, dbPath);
  // (3) WLL's same-work baselines: bare Fastify routes (no schemas, no hooks) calling the same
  // WLL services on the same database — what is left between them and the sandbox's routes is
  // the sandbox's HTTP layer (zod validation and serialization, the auth hook, error envelope).
  const wll = await sameWorkWllServices(sandbox);
  const authenticated = async (request) => {
    const workspaceId = wll.auth.workspaceForApiKey(request.headers['x-api-key']);
    const principal = await wll.auth.authenticate(request.headers.authorization, { workspaceId, now: wll.clocks.now(workspaceId) });
    return { workspaceId, principal };
  };
  bare.get('/wll/v1/receipts/:id', async (request) => {
    const { workspaceId } = await authenticated(request);
    return { status: 'success', data: wll.lookups.find(workspaceId, request.params.id) };
  });
  bare.get('/wll/v1/receipts', async (request) => {
    const { workspaceId } = await authenticated(request);
    return { status: 'success', data: wll.lookups.list(workspaceId, request.query) };
  });
  bare.post('/wll/v1/orders', async (request) => {
    const { workspaceId } = await authenticated(request);
    return { status: 'success', data: wll.orders.create(workspaceId, request.body) };
  });
  bare.post('/wll/v1/receipts', async (request) => {
    const { workspaceId, principal } = await authenticated(request);
    return { status: 'success', data: await wll.claims.claim(workspaceId, principal, request.body) };
  });
  const listWorkspace = await seedReceipts(sandbox, LIST_RECEIPTS);

  await bare.listen({ host: HOST, port: 0 });
  await sandbox.listen({ host: HOST, port: 0 });
  const urlOf = (app) => {
    const address = app.server.address();
    return `http://${HOST}:${address.port}`;
  };

  parentPort.on('message', async (message) => {
    if (message?.type !== 'close') return;
    const ordersStored = sandbox.db.prepare('SELECT count(*) FROM rulrr_orders').pluck().get();
    const wllStored = {
      receipts: sandbox.db.prepare('SELECT count(*) FROM wll_receipts').pluck().get(),
      orders: sandbox.db.prepare('SELECT count(*) FROM wll_orders').pluck().get(),
    };
    const kangarooTransactions = sandbox.db.prepare('SELECT count(*) FROM kangaroo_transactions').pluck().get();
    await bare.close();
    await sandbox.close(); // closes the database too (onClose hook)
    parentPort.postMessage({ type: 'closed', ordersStored, wllStored, kangarooTransactions });
    parentPort.close();
  });

  parentPort.postMessage({
    type: 'ready',
    bareUrl: urlOf(bare),
    sandboxUrl: urlOf(sandbox),
    journalMode: sandbox.db.pragma('journal_mode', { simple: true }),
    synchronous: sandbox.db.pragma('synchronous', { simple: true }),
    listWorkspace,
  });
}

/** WLL's services, built a second time from dist/ over the sandbox's own database and clocks. */
async function sameWorkWllServices(sandbox) {
  const { createWllServices } = await import(join(DIST, 'apis', 'wll', 'services.js'));
  const { OutboxTable } = await import(join(DIST, 'outbox', 'outbox-table.js'));
  const { PublicUrls } = await import(join(DIST, 'lib', 'public-url.js'));
  return createWllServices({
    db: sandbox.db,
    clocks: sandbox.clocks,
    outbox: new OutboxTable(sandbox.db),
    links: new PublicUrls(undefined, []),
    config: { fixturesDir: FIXTURES_DIR },
    onWorkspaceRemoved: () => {},
  });
}

/**
 * A workspace with `count` claimed receipts (each with its automated review), written through
 * WLL's own repositories in one transaction: 100 days of claims, 60% AUTHORIZED, 25% PENDING,
 * 15% REJECTED, totals 1–500, twenty merchants. Then the planner statistics are refreshed, as the
 * sandbox does at start and every ten minutes.
 */
async function seedReceipts(sandbox, count) {
  const { ReceiptRepository } = await import(join(DIST, 'apis', 'wll', 'db', 'receipt-repository.js'));
  const { ReviewRepository } = await import(join(DIST, 'apis', 'wll', 'db', 'review-repository.js'));
  const { refreshPlannerStatistics, writeTransaction } = await import(join(DIST, 'db', 'database.js'));
  const workspace = await sandbox.workspaces.create({ name: 'bench-100k' });
  const receipts = new ReceiptRepository(sandbox.db);
  const reviews = new ReviewRepository(sandbox.db);
  const started = performance.now();
  const now = Date.now();
  writeTransaction(sandbox.db, () => {
    for (let i = 0; i < count; i++) {
      const at = new Date(now - (count - i) * ((100 * 86_400_000) / count)).toISOString();
      const roll = i % 20;
      const status = roll < 12 ? 'AUTHORIZED' : roll < 17 ? 'PENDING' : 'REJECTED';
      const total = 1 + ((i * 7919) % 50_000) / 100;
      const id = `bench-${i}`;
      const reviewId = `bench-review-${i}`;
      reviews.insert(workspace.id, {
        id: reviewId,
        receiptId: id,
        verdict: { AUTHORIZED: 'AUTHORIZE', PENDING: 'ABSTAIN', REJECTED: 'REJECT' }[status],
        reason: { AUTHORIZED: 'VALID_DATA', PENDING: 'INSUFFICIENT_DATA', REJECTED: 'INVALID_DATE' }[status],
        comment: null,
        isAutomated: true,
        reviewer: null,
        createdAt: at,
      });
      receipts.insert(
        workspace.id,
        {
          id, status, createdAt: at, updatedAt: at, notionallyServedAt: at, servedAt: at,
          serviceDate: at.slice(0, 10), serviceTime: at.slice(11, 19), timeZone: 'UTC',
          total, subtotal: total, correctedTotal: total, barcode: `BENCH-${i}`, ocrConfidence: 0.5 + (i % 50) / 100,
          transactionId: `BENCH-${i}`, merchantName: `Merchant ${i % 20}`, locationIdentifier: String(1000 + (i % 40)),
          submitter: `user-${i % 5000}`, useParser: true, paramountReviewId: reviewId, document: { lineItems: [] },
        },
        null,
      );
    }
  });
  const seededMs = performance.now() - started;
  refreshPlannerStatistics(sandbox.db, true);
  return { id: workspace.id, apiKey: workspace.wll.apiKey, receipts: count, seededMs: Math.round(seededMs) };
}

/**
 * Bare routes doing the work of Kangaroo's GET /branches and POST /transactions (a reward of
 * points): the bearer token and application key looked up by SHA-256, the rows read and written
 * with the same SQL in one immediate transaction, the same answer. What they leave out is what the
 * sandbox adds: zod validation and response serialization, the services, the guard's hooks.
 */
async function sameWorkRoutes(bare, dbPath) {
  const { createHash } = await import('node:crypto');
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  bare.addHook('onClose', async () => db.close());
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
  const token = db.prepare(
    "SELECT workspace_id FROM kangaroo_access_tokens WHERE workspace_id = 'demo' AND token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
  ).pluck();
  const key = db.prepare("SELECT 1 FROM kangaroo_application_keys WHERE workspace_id = 'demo' AND key_hash = ?").pluck();
  const branches = db.prepare(
    `SELECT id, name, web_site, virtual_branch_flag, is_ecom, address_formatted, address_street, address_city, address_region,
       address_country, address_lat, address_long FROM kangaroo_branches WHERE workspace_id = 'demo' ORDER BY position LIMIT 15 OFFSET 0`,
  );
  const branchCount = db.prepare("SELECT count(*) FROM kangaroo_branches WHERE workspace_id = 'demo'").pluck();
  const link = db.prepare("SELECT id, enabled FROM kangaroo_branch_links WHERE workspace_id = 'demo' AND id = ?");
  const customer = db.prepare(
    "SELECT id, email, phone, country_code, first_name, last_name, points, created_at FROM kangaroo_customers WHERE workspace_id = 'demo' AND id = ?",
  );
  const insert = db.prepare(
    `INSERT INTO kangaroo_transactions (workspace_id, id, branch_link_id, customer_id, intent, type_id, name, amount_cents, points,
       details, is_sale, created_at)
     SELECT 'demo', coalesce(max(id), 0) + 1, ?, ?, 'reward', 4, 'Reward', 0, ?, '{}', 0, ? FROM kangaroo_transactions WHERE workspace_id = 'demo'
     RETURNING id`,
  ).pluck();
  const addPoints = db.prepare(
    "UPDATE kangaroo_customers SET points = points + ?, updated_at = ? WHERE workspace_id = 'demo' AND id = ? AND points + ? BETWEEN 0 AND 1000000000000 RETURNING points",
  ).pluck();
  const ledger = db.prepare(
    `INSERT INTO kangaroo_points_ledger (workspace_id, id, customer_id, transaction_id, delta, balance_after, created_at)
     SELECT 'demo', coalesce(max(id), 0) + 1, ?, ?, ?, ?, ? FROM kangaroo_points_ledger WHERE workspace_id = 'demo'`,
  );
  const outbox = db.prepare(
    "INSERT INTO outbox_messages (workspace_id, api, channel, recipient, body, payload, created_at) VALUES ('demo', 'kangaroo', 'event', NULL, ?, ?, ?)",
  );
  const authenticate = (request, reply) => {
    const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const known = bearer && token.get(sha256(bearer), new Date().toISOString()) && key.get(sha256(request.headers['x-application-key'] ?? ''));
    if (!known) reply.code(401).send({ error: { status_code: 401, message: 'Unauthenticated.', description: 'Unauthenticated.' } });
    return Boolean(known);
  };

  bare.get('/kangaroo/branches', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const data = branches.all().map((b) => ({
      id: b.id,
      name: b.name,
      web_site: b.web_site,
      virtual_branch_flag: b.virtual_branch_flag === 1,
      is_ecom: b.is_ecom === 1,
      address: { formatted: b.address_formatted, street: b.address_street, city: b.address_city, region: b.address_region, country: b.address_country, lat: b.address_lat, long: b.address_long },
    }));
    return { data, cursor: { count: data.length, next: null, next_uri: null }, meta: { total: branchCount.get() } };
  });

  bare.post('/kangaroo/transactions', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const { branch_link_id: linkId, points, customer: { id } } = request.body;
    const answer = db.transaction(() => {
      const now = new Date().toISOString();
      const found = link.get(linkId);
      const person = customer.get(id);
      if (!found?.enabled || !person) return undefined;
      const transactionId = insert.get(linkId, id, points, now);
      const balance = addPoints.get(points, now, id, points);
      ledger.run(id, transactionId, points, balance, now);
      const created = now.replace(/\.\d{3}Z$/, '+00:00');
      const data = {
        id: transactionId, created_at: created, amount: 0, points, name: 'Reward', branch_link_id: linkId, receipt: null, transaction_details: null,
        customer: { id, email: person.email, phone: person.phone, country_code: person.country_code, first_name: person.first_name, last_name: person.last_name, member_since: person.created_at, balance: { points: balance } },
      };
      outbox.run('kangaroo.transaction.created', JSON.stringify({ type: 'kangaroo.transaction.created', transaction: data }), now);
      return { data };
    }).immediate();
    return answer ?? reply.code(422).send({ branch_link_id: ['The selected branch link id is invalid.'] });
  });
}

// ─────────────────────────────────────────── main thread: the client ──

function usage() {
  return `Usage: node bench/run.mjs [--duration SECONDS] [--warmup SECONDS] [--connections N]

  --duration      measured seconds per scenario (default 5; env BENCH_DURATION)
  --warmup        unmeasured seconds before each scenario (default 1; env BENCH_WARMUP; 0 = none)
  --connections   concurrent connections (default 10; env BENCH_CONNECTIONS)

Writes bench/results/latest.json. Exit code 1 if any request answered an unexpected status.`;
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    return null;
  }
  const number = (flag, env, fallback, { integer = false, min = 0 } = {}) => {
    const raw = values[flag] ?? (process.env[env] || undefined);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`--${flag} (${env}) must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`);
    }
    return value;
  };
  return {
    duration: number('duration', 'BENCH_DURATION', 5, { min: 1, integer: true }),
    warmup: number('warmup', 'BENCH_WARMUP', 1, { min: 0, integer: true }),
    connections: number('connections', 'BENCH_CONNECTIONS', 10, { min: 1, integer: true }),
  };
}

async function main() {
  let options;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`bench: ${error.message}\n\n${usage()}`);
    return 1;
  }
  if (!options) return 0;
  try {
    statSync(DIST_APP);
  } catch {
    console.error('bench: dist/app.js is missing — run `npm run bench`, which builds first');
    return 1;
  }

  // A closed stdout (`| head`) must not kill the run before it cleans up after itself.
  process.stdout.on('error', () => {});
  // Ctrl-C stops the scenario under way, then the servers close and the temp folder goes as usual.
  process.once('SIGINT', () => {
    interrupted = true;
    running?.stop();
  });
  const { default: autocannon } = await import('autocannon');
  const tempDir = mkdtempSync(join(os.tmpdir(), 'pos-sandbox-bench-'));
  const dbPath = join(tempDir, 'sandbox.db');

  // A hard stop in case something hangs: every scenario is bounded, so this never fires normally.
  const perScenario = options.duration + options.warmup + 15;
  const watchdog = setTimeout(() => {
    console.error('bench: watchdog — the run took far longer than its scenarios allow; aborting');
    process.exit(1);
  }, (SCENARIO_COUNT * perScenario + 60) * 1000);
  watchdog.unref();

  const worker = new Worker(new URL(import.meta.url), { workerData: { dbPath } });
  let workerExited = false;
  const exited = new Promise((resolve) => worker.once('exit', (code) => { workerExited = true; resolve(code); }));
  const messages = [];
  const waiters = [];
  worker.on('message', (message) => {
    const waiter = waiters.findIndex((w) => w.type === message.type);
    if (waiter === -1) messages.push(message);
    else waiters.splice(waiter, 1)[0].resolve(message);
  });
  const workerFailure = new Promise((_resolve, reject) => {
    worker.once('error', reject);
    exited.then((code) => reject(new Error(`the server worker exited early (code ${code})`)));
  });
  workerFailure.catch(() => {});
  const nextMessage = (type, timeoutMs) => {
    const queued = messages.findIndex((m) => m.type === type);
    if (queued !== -1) return Promise.resolve(messages.splice(queued, 1)[0]);
    let timer;
    return Promise.race([
      new Promise((resolve) => waiters.push({ type, resolve })),
      workerFailure,
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no "${type}" from the server worker within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  };

  let exitCode;
  let ordersStored;
  let kangarooTransactions;
  try {
    // Seeding the list scenario's 100,000 receipts takes a while before the worker is ready.
    const ready = await nextMessage('ready', 300_000);
    const env = environment(options, ready);
    console.log(
      `pos-sandbox bench — ${env.date}\n` +
        `node ${env.node} · ${env.cpu.model} × ${env.cpu.count} · ${env.os}\n` +
        `${options.duration} s measured per scenario (+${options.warmup} s warm-up), ` +
        `${options.connections} connections, pipelining 1, 127.0.0.1 only\n` +
        `sandbox on a SQLite file (journal_mode=${ready.journalMode}, synchronous=${SYNCHRONOUS[ready.synchronous] ?? ready.synchronous}), logger off\n` +
        `load average at start (1/5/15 min): ${env.loadAverage.start.join(' / ')} — other work on the machine skews every number\n` +
        `WLL list workspace: ${ready.listWorkspace.receipts.toLocaleString('en-US')} receipts seeded in ${ready.listWorkspace.seededMs} ms\n`,
    );

    const scenarios = await prepareScenarios(ready);
    const results = [];
    for (const scenario of scenarios) {
      if (interrupted) break;
      process.stdout.write(`  ${scenario.name.padEnd(NAME_WIDTH)} … `);
      if (options.warmup > 0) {
        const warm = await measure(autocannon, scenario, options, 'warmup', worker);
        if (warm.unexpected > 0 || warm.errors > 0 || warm.timeouts > 0) {
          console.log(`warm-up failed: ${describeFailure(warm)}`);
          results.push(warm);
          break;
        }
        if (interrupted) break;
      }
      const result = await measure(autocannon, scenario, options, 'measured', worker);
      results.push(result);
      console.log(result.ok ? `${fmtRate(result.requestsPerSecond)} req/s` : `FAILED: ${describeFailure(result)}`);
    }

    const bare = results.find((r) => r.name === 'bare fastify');
    for (const result of results) {
      result.ratioToBare = bare && bare.requestsPerSecond > 0 ? result.requestsPerSecond / bare.requestsPerSecond : null;
      const sameWork = results.find((r) => r.name === scenarios.find((s) => s.name === result.name)?.sameWorkAs);
      result.ratioToSameWork = sameWork && sameWork.requestsPerSecond > 0 ? result.requestsPerSecond / sameWork.requestsPerSecond : null;
    }
    const complete = results.length === scenarios.length && results.every((r) => r.phase === 'measured');
    const ok = !interrupted && complete && results.every((r) => r.ok);

    console.log(`\n${table(results)}\n`);
    const again = results.find((r) => r.name === 'bare fastify (again)');
    const drift = bare && again ? again.requestsPerSecond / bare.requestsPerSecond - 1 : null;
    if (drift !== null) {
      const note = Math.abs(drift) > DRIFT_WARNING ? ' — more than 15%: other work on the machine (or too short a warm-up) moved the baseline, so the ratios are unreliable' : '';
      console.log(`baseline drift (bare again ÷ bare first − 1): ${(drift * 100).toFixed(1)}%${note}`);
    }

    const closed = await closeWorker();
    ordersStored = closed.ordersStored;
    env.wllStoredAtEnd = closed.wllStored;
    kangarooTransactions = closed.kangarooTransactions;
    env.loadAverage.end = loadAverage();

    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify({ ...env, ok, interrupted, baselineDrift: drift === null ? null : round(drift), ordersStoredAtEnd: ordersStored, kangarooTransactionsAtEnd: kangarooTransactions, scenarios: results }, null, 2)}\n`,
    );
    console.log(
      `orders stored in the sandbox at the end: ${ordersStored} (Rulrr); WLL: ${closed.wllStored.orders} orders, ${closed.wllStored.receipts} receipts; Kangaroo transactions: ${kangarooTransactions}`,
    );
    console.log(`load average at the end (1/5/15 min): ${env.loadAverage.end.join(' / ')}`);
    console.log(`results written to ${RESULTS_FILE.slice(ROOT.length)}`);
    if (interrupted) {
      console.error('\nbench: interrupted — the results above and in latest.json are partial');
    } else if (!ok) {
      console.error('\nbench: FAILED — at least one scenario answered an unexpected status or had socket errors/timeouts');
    }
    exitCode = interrupted ? 130 : ok ? 0 : 1;
  } catch (error) {
    console.error(`\nbench: ${error.stack ?? error}`);
    exitCode = 1;
  } finally {
    if (!workerExited) {
      try {
        await closeWorker();
      } catch {
        await worker.terminate();
      }
    }
    rmSync(tempDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  return exitCode;

  async function closeWorker() {
    if (workerExited) throw new Error('the server worker is gone');
    worker.postMessage({ type: 'close' });
    const closed = await nextMessage('closed', 15_000);
    await exited;
    return closed;
  }
}

const SCENARIO_COUNT = 19;
/** Beyond this difference between the two baseline runs, the ratios are called unreliable. */
const DRIFT_WARNING = 0.15;
/** The autocannon run under way, so Ctrl-C can stop it. */
let running;
let interrupted = false;
const NAME_WIDTH = 30;
const SYNCHRONOUS = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

function environment(options, ready) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: { model: cpus[0]?.model?.trim() ?? 'unknown', count: os.availableParallelism?.() ?? cpus.length },
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    durationSeconds: options.duration,
    warmupSeconds: options.warmup,
    connections: options.connections,
    pipelining: 1,
    topology: 'servers in a worker thread, autocannon on the main thread, 127.0.0.1',
    database: { kind: 'SQLite file in a temp folder', journalMode: ready.journalMode, synchronous: ready.synchronous },
    loadAverage: { start: loadAverage(), end: null },
  };
}

const loadAverage = () => os.loadavg().map((value) => Number(value.toFixed(2)));

// ─────────────────────────────────────────── scenarios ──

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

const orderBody = (orderId) => ({
  orderId,
  total: '1250',
  currency: 'USD',
  items: [{ name: 'Latte', quantity: 1, price: '1250' }],
});

/**
 * Drives the flow once over HTTP to get a live integration token (left pending: what a POS
 * polls) and an access token, checks each scenario's request answers what it should, and
 * returns the scenarios to load.
 */
async function prepareScenarios({ bareUrl, sandboxUrl, listWorkspace }) {
  const rulrr = `${sandboxUrl}/rulrr/v1`;

  // STEP 1 for the polling scenario: this integration stays pending (15 minutes to live).
  const polling = expectCall('STEP 1', await call('POST', `${rulrr}/auth/integration?${qs(DEMO_CLIENT)}`), 200);
  const pollingToken = polling.integrationToken;

  // The whole flow for the partner scenarios: STEP 1, finish it (admin API), STEP 4.
  const connecting = expectCall('STEP 1', await call('POST', `${rulrr}/auth/integration?${qs(DEMO_CLIENT)}`), 200);
  expectCall(
    'complete',
    await call('POST', `${sandboxUrl}/__admin/rulrr/integrations/${connecting.integrationToken}/complete`, { ereceipt: true }),
    200,
    (json) => json.status === 'finished',
  );
  const tokens = expectCall(
    'STEP 4',
    await call('GET', `${rulrr}/auth/integration/token?${qs({ ...DEMO_CLIENT, integration_token: connecting.integrationToken })}`),
    200,
    (json) => typeof json.accessToken === 'string',
  );
  const accessToken = tokens.accessToken;

  const statusPath = `/rulrr/v1/auth/integration?${qs({ ...DEMO_CLIENT, integration_token: pollingToken })}`;
  const storesPath = `/rulrr/v1/stores?${qs({ access_token: accessToken })}`;
  const ordersPath = `/rulrr/v1/orders?${qs({ access_token: accessToken })}`;

  // One request of each scenario by hand, with its body checked, before any load.
  expectCall('bare route', await call('GET', `${bareUrl}/`), 200, (json) => json.hello === 'world');
  expectCall('health', await call('GET', `${sandboxUrl}/__admin/health`), 200, (json) => json.status === 'ok');
  expectCall('STEP 2', await call('GET', `${sandboxUrl}${statusPath}`), 200, (json) => json.status === 'pending');
  expectCall('stores', await call('GET', `${sandboxUrl}${storesPath}`), 200, (json) => typeof json.store?.storeId === 'string');
  expectCall('new order', await call('POST', `${sandboxUrl}${ordersPath}`, orderBody('bench-preflight')), 201,
    (json) => json.order?.orderId === 'bench-preflight');
  // The replayed order exists before its scenario starts, so every request there is a repeat.
  const replayId = 'bench-replay';
  const first = expectCall('replay order (first)', await call('POST', `${sandboxUrl}${ordersPath}`, orderBody(replayId)), 201);
  expectCall('replay order (repeat)', await call('POST', `${sandboxUrl}${ordersPath}`, orderBody(replayId)), 200,
    (json) => JSON.stringify(json.order) === JSON.stringify(first.order));

  // Kangaroo: a password-grant token, an integration and a branch link, then one call of each scenario.
  const kangaroo = `${sandboxUrl}/kangaroo`;
  const kangarooTokens = expectCall(
    'Kangaroo token',
    await call('POST', `${kangaroo}/oauth/token`, { grant_type: 'password', scope: 'admin', ...KANGAROO_DEMO }),
    200,
    (json) => typeof json.access_token === 'string',
  );
  const kangarooHeaders = { authorization: `Bearer ${kangarooTokens.access_token}`, 'x-application-key': KANGAROO_DEMO.application_key, accept: 'application/json' };
  const integration = expectCall('Kangaroo integration', await call('POST', `${kangaroo}/api/v1/integrations`, { name: 'Bench', type: 1 }, kangarooHeaders), 201);
  const link = expectCall(
    'Kangaroo branch link',
    await call('POST', `${kangaroo}/api/v1/branch-links`, { account_id: 'bench', shop_id: 'bench', branch_id: KANGAROO_VIRTUAL_BRANCH, integration_id: integration.integration_id }, kangarooHeaders),
    201,
  );
  const reward = { branch_link_id: link.id, intent: 'reward', points: 1, customer: { id: KANGAROO_CUSTOMER } };
  const branchesCheck = (json) => json.data?.length === 2 && json.data[0].virtual_branch_flag === true && json.meta?.total === 2;
  expectCall('Kangaroo branches', await call('GET', `${kangaroo}/api/v1/branches`, undefined, kangarooHeaders), 200, branchesCheck);
  expectCall('same-work branches', await call('GET', `${bareUrl}/kangaroo/branches`, undefined, kangarooHeaders), 200, branchesCheck);
  const rewarded = (points) => (json) => json.data?.name === 'Reward' && json.data.customer.balance.points === points;
  expectCall('Kangaroo transaction', await call('POST', `${kangaroo}/api/v1/transactions`, reward, kangarooHeaders), 200, rewarded(1001));
  expectCall('same-work transaction', await call('POST', `${bareUrl}/kangaroo/transactions`, reward, kangarooHeaders), 200, rewarded(1002));

  const json = { 'content-type': 'application/json' };
  const runId = Date.now().toString(36);
  let sequence = 0;
  const wll = await prepareWll(sandboxUrl, bareUrl, listWorkspace, runId);

  const bare = {
    name: 'bare fastify',
    description: 'GET / on a bare Fastify app returning {"hello":"world"}: the ceiling for this machine',
    url: bareUrl,
    method: 'GET',
    path: '/',
    expectedStatus: 200,
  };
  return [
    bare,
    {
      name: 'admin health',
      description: 'GET /__admin/health: routing, zod serialization and two tiny SQLite reads',
      url: sandboxUrl,
      method: 'GET',
      path: '/__admin/health',
      expectedStatus: 200,
    },
    {
      name: 'STEP 2 status poll',
      description: 'GET /rulrr/v1/auth/integration with a pending integration token: client lookup + hash check + integration lookup',
      url: sandboxUrl,
      method: 'GET',
      path: statusPath,
      pathShown: '/rulrr/v1/auth/integration?client_id=…&client_secret=…&integration_token=…',
      expectedStatus: 200,
    },
    {
      name: 'GET stores',
      description: 'GET /rulrr/v1/stores with an access token: token lookup (join) + store read',
      url: sandboxUrl,
      method: 'GET',
      path: storesPath,
      pathShown: '/rulrr/v1/stores?access_token=…',
      expectedStatus: 200,
    },
    {
      name: 'POST order (new)',
      description: 'POST /rulrr/v1/orders, a new orderId on every request: validation, hash, one write transaction (INSERT) per request',
      url: sandboxUrl,
      method: 'POST',
      path: ordersPath,
      pathShown: '/rulrr/v1/orders?access_token=…',
      headers: json,
      expectedStatus: 201,
      setupRequest: (request) => {
        request.body = JSON.stringify(orderBody(`bench-${runId}-${++sequence}`));
        return request;
      },
    },
    {
      name: 'POST order (replay)',
      description: 'POST /rulrr/v1/orders, the same orderId and body every time: the idempotent repeat (read, compare hash, 200)',
      url: sandboxUrl,
      method: 'POST',
      path: ordersPath,
      pathShown: '/rulrr/v1/orders?access_token=…',
      headers: json,
      body: JSON.stringify(orderBody(replayId)),
      expectedStatus: 200,
    },
    ...wll,
    {
      name: 'Kangaroo GET branches',
      description: 'GET /kangaroo/api/v1/branches: the guard (token and application-key lookups, rate limit, Accept), a page of branches, zod serialization',
      url: sandboxUrl,
      method: 'GET',
      path: '/kangaroo/api/v1/branches',
      headers: kangarooHeaders,
      expectedStatus: 200,
      sameWorkAs: 'same-work branches (bare)',
    },
    {
      name: 'same-work branches (bare)',
      description: 'The same lookups, SQL and answer on a bare Fastify route: what the sandbox\'s layers cost on top',
      url: bareUrl,
      method: 'GET',
      path: '/kangaroo/branches',
      headers: kangarooHeaders,
      expectedStatus: 200,
    },
    {
      name: 'Kangaroo POST transaction',
      description: 'POST /kangaroo/api/v1/transactions, a reward of 1 point: the guard, zod validation, one write transaction (transaction, balance, ledger, outbox event)',
      url: sandboxUrl,
      method: 'POST',
      path: '/kangaroo/api/v1/transactions',
      headers: { ...kangarooHeaders, ...json },
      body: JSON.stringify(reward),
      expectedStatus: 200,
      sameWorkAs: 'same-work transaction (bare)',
    },
    {
      name: 'same-work transaction (bare)',
      description: 'The same lookups, the same four writes in one immediate transaction and the same answer on a bare Fastify route',
      url: bareUrl,
      method: 'POST',
      path: '/kangaroo/transactions',
      headers: { ...kangarooHeaders, ...json },
      body: JSON.stringify(reward),
      expectedStatus: 200,
    },
    {
      ...bare,
      name: 'bare fastify (again)',
      description: 'The baseline once more, last: how far the machine drifted during the run (ratios use the first)',
    },
  ];
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** A preparsed claim that reaches the rule engine: ten line items of the bench products, at the Corn Exchange. */
const claimBody = (barcode) => ({
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

const wllOrderBody = {
  submitter: { authIdentifier: 'bench-user' },
  lineItems: [{ quantity: 2, description: 'Banana', identifier: 'SKU123', unit: 'Bunch', unitPrice: 1.99, totalPrice: 3.98 }],
  paymentTenders: [{ type: 'CASH', value: 3.98 }],
  total: 3.98,
  locationIdentifier: '1235',
};

/** 45 BASKET rules over 45 catalogue products, the Corn Exchange venue, and 4 rules chained on them. */
function fiftyRules() {
  const rule = (name, priority, conditions, success = [], failure = []) => ({
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
    rule('venue', 5, { all: [{ fact: 'request', operator: 'venueMatches', value: 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf' }] }, [{ key: 'inVenue', value: true }], [{ key: 'inVenue', value: false }]),
    ...[1, 2, 3, 4].map((n) => rule(`chain-${n}`, n, { all: [{ fact: 'inVenue', operator: 'equal', value: true }, { fact: 'has0', operator: 'equal', value: true }] }, [{ key: `chain${n}`, value: true }])),
  ];
}

/**
 * WLL setup over HTTP: tokens for the demo tenant and the 100k workspace, a receipt to read, 45
 * products and a 50-rule set in demo; then one request of each WLL scenario, its body checked,
 * on the sandbox and on its same-work baseline.
 */
async function prepareWll(sandboxUrl, bareUrl, listWorkspace, runId) {
  const token = async (apiKey) =>
    expectCall('mint a WLL token', await call('POST', `${sandboxUrl}/__admin/wll/tokens`, { apiKey, type: 'admin', authIdentifier: 'bench-admin' }), 200).token;
  const demo = { 'x-api-key': WLL_DEMO_KEY, authorization: `Bearer ${await token(WLL_DEMO_KEY)}` };
  const list = { 'x-api-key': listWorkspace.apiKey, authorization: `Bearer ${await token(listWorkspace.apiKey)}` };
  const wll = `${sandboxUrl}/wll/v1`;

  for (let i = 0; i < 45; i++) {
    const product = { name: `Bench product ${i}`, identifiers: [`BENCH-SKU-${i}`], unitPrice: 2.5 };
    expectCall('put a product', await call('PUT', `${sandboxUrl}/__admin/wll/products/bench-product-${i}`, product), 201);
  }
  const receiptId = expectCall('claim', await call('POST', `${wll}/receipts`, claimBody(`bench-${runId}-read`), demo), 200).data.id;
  const ruleSet = { name: 'Bench: 50 rules', isActive: true, ruleDefinitions: fiftyRules() };
  const created = expectCall('50-rule set', await call('POST', `${wll}/transactions-rule-engine/rule-sets`, ruleSet, demo), 200);
  if (created.data.rules.length !== 50) throw new Error(`setup: the rule set has ${created.data.rules.length} rules, not 50`);

  const listPath = `/wll/v1/receipts?${qs({ filter: 'status:(eq:AUTHORIZED),total:(gt:100)', sort: 'createdAt', order: 'DESC', limit: '20' })}`;
  for (const url of [sandboxUrl, bareUrl]) {
    expectCall('GET receipt', await call('GET', `${url}/wll/v1/receipts/${receiptId}`, undefined, demo), 200, (body) => body.data.id === receiptId);
    expectCall('POST order', await call('POST', `${url}/wll/v1/orders`, wllOrderBody, demo), 200, (body) => body.data.status === 'AUTHORIZED');
    expectCall('list', await call('GET', `${url}${listPath}`, undefined, list), 200,
      (body) => body.data.length === 20 && body.data.every((receipt) => receipt.status === 'AUTHORIZED' && receipt.total > 100));
    expectCall('claim, 50 rules', await call('POST', `${url}/wll/v1/receipts`, claimBody(`bench-${runId}-${url.length}-${Math.random()}`), demo), 200,
      (body) => body.data.status === 'AUTHORIZED' && body.data.paramountReview.comment.includes('"chain4":true'));
  }

  let claims = 0;
  const pair = (scenario) => [
    { ...scenario, url: sandboxUrl, sameWorkAs: `${scenario.name} (same work)` },
    { ...scenario, url: bareUrl, name: `${scenario.name} (same work)`, description: `${scenario.description} — bare Fastify routes calling the same WLL services` },
  ];
  return [
    ...pair({
      name: 'WLL GET receipt',
      description: 'GET /wll/v1/receipts/{id}: API key hash lookup, cached JWT (expiry and key re-checked), receipt ⋈ paramount review',
      method: 'GET',
      path: `/wll/v1/receipts/${receiptId}`,
      headers: demo,
      expectedStatus: 200,
    }),
    ...pair({
      name: 'WLL POST order',
      description: 'POST /wll/v1/orders: validation, catalogue match per line item, one write transaction (order + wll.order.placed event)',
      method: 'POST',
      path: '/wll/v1/orders',
      headers: { ...demo, 'content-type': 'application/json' },
      body: JSON.stringify(wllOrderBody),
      expectedStatus: 200,
    }),
    ...pair({
      name: 'WLL list 100k',
      description: `GET /wll/v1/receipts?filter=status:(eq:AUTHORIZED),total:(gt:100)&sort=createdAt&order=DESC&limit=20 over ${LIST_RECEIPTS.toLocaleString('en-US')} receipts`,
      method: 'GET',
      path: listPath,
      pathShown: '/wll/v1/receipts?filter=status:(eq:AUTHORIZED),total:(gt:100)&sort=createdAt&order=DESC&limit=20',
      headers: list,
      expectedStatus: 200,
    }),
    ...pair({
      name: 'WLL claim, 50 rules',
      description: 'POST /wll/v1/receipts (preparsed, a new barcode each time) reviewed by a 50-rule set: 10 catalogue matches, the rule engine, one write transaction',
      method: 'POST',
      path: '/wll/v1/receipts',
      headers: { ...demo, 'content-type': 'application/json' },
      setupRequest: (request) => {
        request.body = JSON.stringify(claimBody(`bench-${runId}-claim-${++claims}`));
        return request;
      },
      expectedStatus: 200,
    }),
  ];
}

// ─────────────────────────────────────────── measuring ──

async function measure(autocannon, scenario, options, phase, worker) {
  const seconds = phase === 'warmup' ? options.warmup : options.duration;
  const request = { method: scenario.method, path: scenario.path };
  if (scenario.headers) request.headers = scenario.headers;
  if (scenario.body) request.body = scenario.body;
  if (scenario.setupRequest) request.setupRequest = scenario.setupRequest;

  // Our own latency record: autocannon's histogram has 1 ms resolution, too coarse here.
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({
    url: scenario.url,
    connections: options.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    requests: [request],
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  // How busy each event loop was: the servers' (worker thread) and autocannon's (this thread).
  // A server loop well below 100% means something else (the client, the machine) set the pace.
  const serverBefore = worker.performance.eventLoopUtilization();
  const clientBefore = performance.eventLoopUtilization();
  running = instance;
  const raw = await instance;
  running = undefined;
  const serverLoop = worker.performance.eventLoopUtilization(serverBefore).utilization;
  const clientLoop = performance.eventLoopUtilization(clientBefore).utilization;

  const sorted = latencies.subarray(0, count).sort();
  const percentile = (p) => (count === 0 ? null : sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)]);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i];

  const statusCodes = Object.fromEntries(Object.entries(raw.statusCodeStats ?? {}).map(([code, { count: n }]) => [code, n]));
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => Number(code) !== scenario.expectedStatus)
    .reduce((total, [, n]) => total + n, 0);
  const responses = Object.values(statusCodes).reduce((total, n) => total + n, 0);
  const ok = unexpected === 0 && raw.errors === 0 && raw.timeouts === 0 && responses > 0;

  return {
    name: scenario.name,
    phase,
    description: scenario.description,
    request: `${scenario.method} ${scenario.pathShown ?? scenario.path}`,
    expectedStatus: scenario.expectedStatus,
    ok,
    durationSeconds: raw.duration,
    responses,
    requestsPerSecond: responses / raw.duration,
    latencyMs: {
      p50: round(percentile(50)),
      p90: round(percentile(90)),
      p99: round(percentile(99)),
      mean: count === 0 ? null : round(sum / count),
      max: round(percentile(100)),
    },
    autocannon: {
      requestsPerSecondAverage: raw.requests.average,
      requestsPerSecondStddev: raw.requests.stddev,
      latencyMs: { p50: raw.latency.p50, p99: raw.latency.p99 },
      throughputBytesPerSecond: raw.throughput.average,
    },
    eventLoopBusy: { server: round(serverLoop), client: round(clientLoop) },
    statusCodes,
    unexpected,
    non2xx: raw.non2xx,
    errors: raw.errors,
    timeouts: raw.timeouts,
  };
}

function describeFailure(result) {
  const parts = [];
  if (result.unexpected > 0) parts.push(`${result.unexpected} unexpected status (${JSON.stringify(result.statusCodes)}, expected ${result.expectedStatus})`);
  if (result.errors > 0) parts.push(`${result.errors} errors`);
  if (result.timeouts > 0) parts.push(`${result.timeouts} timeouts`);
  if (result.responses === 0) parts.push('no responses');
  return parts.join(', ') || 'unknown';
}

// ─────────────────────────────────────────── output ──

const round = (value, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));
const fmtRate = (value) => Math.round(value).toLocaleString('en-US');
const fmtMs = (value) => (value === null ? '—' : value.toFixed(2));

function table(results) {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'vs same work', 'server loop', 'client loop', 'status', 'non-2xx', 'errors'];
  const rows = results.map((r) => [
    r.phase === 'warmup' ? `${r.name} (warm-up)` : r.name,
    fmtRate(r.requestsPerSecond),
    fmtMs(r.latencyMs.p50),
    fmtMs(r.latencyMs.p99),
    r.ratioToBare === null ? '—' : `${r.ratioToBare.toFixed(2)}×`,
    r.ratioToSameWork === null ? '—' : `${r.ratioToSameWork.toFixed(2)}×`,
    `${Math.round(r.eventLoopBusy.server * 100)}%`,
    `${Math.round(r.eventLoopBusy.client * 100)}%`,
    r.ok ? `${r.expectedStatus} ok` : `FAIL`,
    String(r.non2xx),
    String(r.errors + r.timeouts),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 || i === 8 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// Last, so every constant above is initialised before main() or serve() runs.
if (isMainThread) {
  process.exitCode = await main();
} else {
  await serve(workerData);
}
