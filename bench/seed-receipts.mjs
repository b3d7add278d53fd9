// Prepares the benchmark's database before the server starts on it: the app from dist/ builds it
// (migrations, the demo workspace), then one workspace gets `count` claimed receipts written
// through WLL's own repositories, and the planner statistics are refreshed as the sandbox does.
//
//   node bench/seed-receipts.mjs <database file> <count>
//
// Prints one JSON line: the workspace's id and WLL API key, the count, and how long writing took.
// A child process of bench/run.mjs, so the benchmark's client never loads the app.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const [dbPath, countText] = process.argv.slice(2);
const count = Number(countText);
if (!dbPath || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bench/seed-receipts.mjs <database file> <count>');
  process.exit(2);
}

const { buildApp } = await import(join(DIST, 'app.js'));
const { configSchema } = await import(join(DIST, 'config.js'));
const { ReceiptRepository } = await import(join(DIST, 'apis', 'wll', 'db', 'receipt-repository.js'));
const { ReviewRepository } = await import(join(DIST, 'apis', 'wll', 'db', 'review-repository.js'));
const { refreshPlannerStatistics, writeTransaction } = await import(join(DIST, 'db', 'database.js'));

const app = await buildApp(configSchema.parse({ dbPath, logLevel: 'silent' }), { logger: false });
const workspace = await app.workspaces.create({ name: `bench-${count}` });
const receipts = new ReceiptRepository(app.db);
const reviews = new ReviewRepository(app.db);
const VERDICTS = {
  AUTHORIZED: ['AUTHORIZE', 'VALID_DATA'],
  PENDING: ['ABSTAIN', 'INSUFFICIENT_DATA'],
  REJECTED: ['REJECT', 'INVALID_DATE'],
};

// 100 days of claims: 60% AUTHORIZED, 25% PENDING, 15% REJECTED, totals 1–500, twenty merchants.
const started = performance.now();
const now = Date.now();
writeTransaction(app.db, () => {
  for (let i = 0; i < count; i++) {
    const at = new Date(now - (count - i) * ((100 * 86_400_000) / count)).toISOString();
    const roll = i % 20;
    const status = roll < 12 ? 'AUTHORIZED' : roll < 17 ? 'PENDING' : 'REJECTED';
    const [verdict, reason] = VERDICTS[status];
    const total = 1 + ((i * 7919) % 50_000) / 100;
    const id = `bench-${i}`;
    const reviewId = `bench-review-${i}`;
    reviews.insert(workspace.id, {
      id: reviewId, receiptId: id, verdict, reason, comment: null, isAutomated: true, reviewer: null, createdAt: at,
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
const seededMs = Math.round(performance.now() - started);
refreshPlannerStatistics(app.db, true);
await app.close();
console.log(JSON.stringify({ id: workspace.id, apiKey: workspace.wll.apiKey, receipts: count, seededMs }));
