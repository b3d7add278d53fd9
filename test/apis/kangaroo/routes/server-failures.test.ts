import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../../src/app.js';
import { configSchema } from '../../../../src/config.js';
import { openDatabase, SERVING_BUSY_TIMEOUT_MS } from '../../../../src/db/database.js';
import { buildTestApp, FIXTURES_DIR } from '../../../helpers/build.js';
import { DEMO_KANGAROO, envelope, JOHN_ID, kangarooClient, linkShop, tokenByJson } from '../../../helpers/kangaroo.js';

/* The 500 and 503 every Kangaroo call documents, forced once: in Kangaroo's envelope, and OAuth2's on the token endpoint. */
const magento = { grant_type: 'client_credentials', client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret, scope: 'admin' };

describe('an unexpected error', () => {
  it('answers 500 without internals, and is logged with the request id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const broken = await buildApp(configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR, kangarooRateLimit: 'off' }), { logger: { level: 'error', stream } });
    try {
      const client = await kangarooClient(broken);
      const linkId = await linkShop(client);
      // Break the store underneath the API to force failures the code did not expect.
      broken.db.exec('DROP TABLE kangaroo_points_ledger');
      const response = await client.call('POST', '/transactions', { branch_link_id: linkId, intent: 'reward', points: 5, customer: { id: JOHN_ID } }, { 'x-request-id': 'req-kangaroo-boom' });
      expect({ status: response.statusCode, body: response.json() }).toEqual({
        status: 500,
        body: envelope(500, 'Internal Server Error', 'An unexpected error occurred'),
      });
      expect(response.body).not.toMatch(/kangaroo_points_ledger|SqliteError/);
      const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((log) => log.reqId === 'req-kangaroo-boom');
      expect(entry).toMatchObject({ level: 50, err: { message: expect.stringContaining('kangaroo_points_ledger') } });

      broken.db.exec('DROP TABLE kangaroo_refresh_tokens');
      const token = await broken.inject({
        method: 'POST',
        url: '/kangaroo/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...magento, grant_type: 'password', username: DEMO_KANGAROO.username, password: DEMO_KANGAROO.password, application_key: DEMO_KANGAROO.applicationKey }).toString(),
      });
      expect(token.statusCode).toBe(500);
      expect(token.json()).toEqual({
        error: 'server_error',
        error_description: 'The authorization server encountered an unexpected condition which prevented it from fulfilling the request.',
        message: 'The authorization server encountered an unexpected condition which prevented it from fulfilling the request.',
      });
    } finally {
      await broken.close();
    }
  });
});

describe('a database held by another process', () => {
  it('answers 503 with Retry-After once the short serving busy timeout runs out, then serves again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-kangaroo-busy-'));
    const dbPath = join(dir, 'sandbox.db');
    const busy = await buildTestApp({ dbPath });
    const other = openDatabase(dbPath);
    try {
      const client = await kangarooClient(busy);
      expect(busy.db.pragma('busy_timeout', { simple: true })).toBe(SERVING_BUSY_TIMEOUT_MS);
      other.exec('BEGIN IMMEDIATE');
      const api = await client.call('POST', '/integrations', { name: 'Busy', type: 1 });
      expect({ status: api.statusCode, body: api.json(), retry: api.headers['retry-after'] }).toEqual({
        status: 503,
        body: envelope(503, 'Service Unavailable', 'The sandbox database is busy; retry the request'),
        retry: '1',
      });
      const token = await tokenByJson(busy, magento);
      expect({ status: token.statusCode, error: token.json().error, retry: token.headers['retry-after'] }).toEqual({ status: 503, error: 'temporarily_unavailable', retry: '1' });
      other.exec('ROLLBACK');
      expect((await client.call('POST', '/integrations', { name: 'Busy', type: 1 })).statusCode).toBe(201);
    } finally {
      other.close();
      await busy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
