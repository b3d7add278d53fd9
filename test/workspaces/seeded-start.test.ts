import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { FIXTURES_DIR } from '../helpers/build.js';

/*
 * A start on a seeded database does not read the fixtures (CONTRACT §1a keeps what it holds): they
 * are read by the first workspace made, reset or restored, and checked just as strictly then.
 */
let dir: string;
let fixturesDir: string;
let dbPath: string;

async function start() {
  const config = configSchema.parse({ dbPath, fixturesDir, logLevel: 'silent', kangarooRateLimit: 'off' });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  return app;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-seeded-start-'));
  fixturesDir = join(dir, 'fixtures');
  cpSync(FIXTURES_DIR, fixturesDir, { recursive: true });
  dbPath = join(dir, 'sandbox.db');
  await (await start()).close();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a start on a seeded database', () => {
  it('the first workspace made after it is seeded from the fixtures as on a fresh start', async () => {
    const app = await start();
    try {
      const created = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: { name: 'after-restart' } });
      expect(created.statusCode).toBe(201);
      const workspace = created.json<{ id: string; rulrr: { clients: unknown[] } }>();
      expect(workspace.rulrr.clients.length).toBeGreaterThan(0);
      const stores = app.db.prepare('SELECT count(*) FROM rulrr_stores WHERE workspace_id = ?').pluck().get(workspace.id) as number;
      expect(stores).toBe(app.db.prepare("SELECT count(*) FROM rulrr_stores WHERE workspace_id = 'demo'").pluck().get());
      expect(stores).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('succeeds with a broken fixture, which the first workspace made then reports', async () => {
    writeFileSync(join(fixturesDir, 'rulrr', 'clients.json'), '[{"clientId": ""}]');
    const app = await start();
    try {
      expect(app.workspaces.seededAt()).toBeDefined();
      await expect(app.workspaces.create({ name: 'broken' })).rejects.toThrow(/fixture .*clients\.json is invalid/);
      // Not half-made: the failure came before anything was written.
      expect(app.db.prepare("SELECT count(*) FROM workspaces WHERE name = 'broken'").pluck().get()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
