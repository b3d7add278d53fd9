// What the request journal costs a request, written two ways, against no journal at all.
//
//   npm run build && node bench/journal.mjs [--duration 5] [--rounds 2] [--connections 10]
//
// Three sandboxes from dist/, each on its own SQLite file (WAL, as in production), in a worker
// thread; autocannon on the main thread, 127.0.0.1 only:
//   off        SANDBOX_JOURNAL_LIMIT=0: no journal
//   batched    the shipped journal: calls queued in onResponse, written together on setImmediate
//   per-call   the same journal, but every call written at once in its own transaction, from
//              onResponse (the alternative: an instance patch here, not an option of the sandbox)
// Each scenario runs every mode in turn, `rounds` times, so drift on the machine hits all alike.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const MODES = ['off', 'batched', 'per-call'];
const DEMO_CLIENT = { client_id: 'pos-demo', client_secret: 'pos-demo-secret' };

async function serve({ dir }) {
  const { buildApp } = await import(join(ROOT, 'dist', 'app.js'));
  const { configSchema } = await import(join(ROOT, 'dist', 'config.js'));
  const urls = {};
  const apps = [];
  for (const mode of MODES) {
    const config = configSchema.parse({
      dbPath: join(dir, `${mode}.db`),
      fixturesDir: join(ROOT, 'fixtures'),
      logLevel: 'silent',
      journalLimit: mode === 'off' ? 0 : 1000,
    });
    const app = await buildApp(config, { logger: false });
    if (mode === 'per-call') {
      const record = app.journal.record.bind(app.journal);
      app.journal.record = (call) => {
        record(call);
        app.journal.flush();
      };
    }
    await app.listen({ host: HOST, port: 0 });
    urls[mode] = `http://${HOST}:${app.server.address().port}`;
    apps.push(app);
  }
  parentPort.on('message', async (message) => {
    if (message !== 'close') return;
    const journaled = Object.fromEntries(
      apps.map((app, i) => [MODES[i], app.db.prepare('SELECT count(*) FROM request_journal').pluck().get()]),
    );
    for (const app of apps) await app.close();
    parentPort.postMessage({ type: 'closed', journaled });
  });
  parentPort.postMessage({ type: 'ready', urls });
}

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** A pending integration to poll and an access token to post orders with, on one sandbox. */
async function prepare(base) {
  const qs = (params) => new URLSearchParams(params).toString();
  const polling = await call('POST', `${base}/rulrr/v1/auth/integration?${qs(DEMO_CLIENT)}`);
  const connecting = await call('POST', `${base}/rulrr/v1/auth/integration?${qs(DEMO_CLIENT)}`);
  await call('POST', `${base}/__admin/rulrr/integrations/${connecting.integrationToken}/complete`, { ereceipt: false });
  const tokens = await call('GET', `${base}/rulrr/v1/auth/integration/token?${qs({ ...DEMO_CLIENT, integration_token: connecting.integrationToken })}`);
  return {
    poll: `/rulrr/v1/auth/integration?${qs({ ...DEMO_CLIENT, integration_token: polling.integrationToken })}`,
    orders: `/rulrr/v1/orders?${qs({ access_token: tokens.accessToken })}`,
  };
}

async function measure(autocannon, url, request, seconds, connections) {
  const result = await autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: 10, requests: [request] });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${request.method} ${request.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  const { values } = parseArgs({
    options: { duration: { type: 'string', default: '5' }, rounds: { type: 'string', default: '2' }, connections: { type: 'string', default: '10' } },
  });
  const seconds = Number(values.duration);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  const { default: autocannon } = await import('autocannon');
  const dir = mkdtempSync(join(os.tmpdir(), 'pos-sandbox-journal-bench-'));
  const worker = new Worker(new URL(import.meta.url), { workerData: { dir } });
  const next = (type) => new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', function listener(message) {
      if (message.type !== type) return;
      worker.off('message', listener);
      resolve(message);
    });
  });
  try {
    const { urls } = await next('ready');
    const paths = Object.fromEntries(await Promise.all(MODES.map(async (mode) => [mode, await prepare(urls[mode])])));
    let sequence = 0;
    const scenarios = [
      { name: 'STEP 2 status poll (read)', request: (mode) => ({ method: 'GET', path: paths[mode].poll }) },
      {
        name: 'POST order, new id (write)',
        request: (mode) => ({
          method: 'POST',
          path: paths[mode].orders,
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ orderId: `j-${mode}-${++sequence}`, total: '1250', currency: 'USD', items: [{ name: 'Latte', quantity: 1, price: '1250' }] }),
          }),
        }),
      },
    ];
    console.log(`journal cost — node ${process.version}, ${os.cpus()[0]?.model?.trim()} × ${os.availableParallelism?.() ?? os.cpus().length}, ` +
      `${seconds} s × ${rounds} rounds per mode, ${connections} connections\n`);
    for (const scenario of scenarios) {
      const totals = Object.fromEntries(MODES.map((mode) => [mode, []]));
      for (const mode of MODES) await measure(autocannon, urls[mode], scenario.request(mode), 1, connections);
      for (let round = 0; round < rounds; round++) {
        for (const mode of MODES) totals[mode].push(await measure(autocannon, urls[mode], scenario.request(mode), seconds, connections));
      }
      console.log(scenario.name);
      const off = mean(totals.off.map((r) => r.rps));
      for (const mode of MODES) {
        const rps = mean(totals[mode].map((r) => r.rps));
        const p50 = mean(totals[mode].map((r) => r.p50));
        const p99 = mean(totals[mode].map((r) => r.p99));
        const change = mode === 'off' ? '' : `  ${(((rps / off) - 1) * 100).toFixed(1)}% vs off`;
        console.log(`  ${mode.padEnd(9)} ${Math.round(rps).toString().padStart(6)} req/s   p50 ${p50.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms${change}`);
      }
      console.log('');
    }
    worker.postMessage('close');
    const { journaled } = await next('closed');
    console.log(`entries in each journal at the end (bounded to 1000 per workspace): ${JSON.stringify(journaled)}`);
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

if (isMainThread) {
  main().catch((error) => {
    console.error(`bench: ${error.stack ?? error}`);
    process.exitCode = 1;
  });
} else {
  await serve(workerData);
}
