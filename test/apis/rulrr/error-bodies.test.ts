import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../../src/app.js';
import { configSchema } from '../../../src/config.js';
import { openDatabase, SERVING_BUSY_TIMEOUT_MS } from '../../../src/db/database.js';
import { buildTestApp, FIXTURES_DIR } from '../../helpers/build.js';
import { connectedStore } from '../../helpers/rulrr.js';

let app: FastifyInstance;
let accessToken: string;
beforeEach(async () => {
  app = await buildTestApp();
  ({ accessToken } = await connectedStore(app));
});
afterEach(() => app.close());

const expectRulrrError = (response: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }, status: number, error: string) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual({ success: false, error, message: expect.any(String) });
};

/** POST /v1/orders with a raw body and Content-Type, as a misbehaving client would send it. */
const postOrderRaw = (contentType: string, payload: string) =>
  app.inject({
    method: 'POST',
    url: `/rulrr/v1/orders?access_token=${accessToken}`,
    headers: { 'content-type': contentType },
    payload,
  });

describe('every Rulrr failure answers in the Rulrr error body', () => {
  it('malformed JSON → 400', async () => {
    const response = await postOrderRaw('application/json', '{"orderId": "x", "total": ');
    expectRulrrError(response, 400, 'invalid_request_body');
    expect((response.json() as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('a JSON body that is not an object → 400', async () => {
    const response = await postOrderRaw('application/json', '[1,2]');
    expectRulrrError(response, 400, 'invalid_request_body');
  });

  it('a body over 1 MiB → 413', async () => {
    const response = await postOrderRaw('application/json', JSON.stringify({ orderId: 'big', total: '1', padding: 'x'.repeat(1024 * 1024) }));
    expectRulrrError(response, 413, 'payload_too_large');
    expect((response.json() as { message: string }).message).toBe('The request body is larger than the 1 MiB limit');
  });

  it('an unsupported Content-Type → 415', async () => {
    const response = await postOrderRaw('application/xml', '<order/>');
    expectRulrrError(response, 415, 'unsupported_media_type');
    expect((response.json() as { message: string }).message).toBe(
      'Unsupported Content-Type "application/xml": send application/json (or text/csv to an upload URL)',
    );
  });

  it('an unknown route or method → 404', async () => {
    expectRulrrError(await app.inject({ method: 'GET', url: '/rulrr/v2/stores' }), 404, 'not_found');
    expectRulrrError(await app.inject({ method: 'DELETE', url: '/rulrr/v1/orders' }), 404, 'not_found');
    const routed = await app.inject({ method: 'GET', url: '/v2/stores?x=1', headers: { host: 'api.rulrr.com' } });
    expect((routed.json() as { message: string }).message).toBe('No Rulrr endpoint GET /v2/stores');
  });

  it('a prototype-poisoning body is refused, not merged', async () => {
    const response = await postOrderRaw('application/json', '{"orderId":"p","total":"1","__proto__":{"polluted":true}}');
    expectRulrrError(response, 400, 'invalid_request_body');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an unexpected error → 500 without internals, logged with the request id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR });
    const broken = await buildApp(config, { logger: { level: 'error', stream } });
    try {
      const { accessToken: token } = await connectedStore(broken);
      // Break the store underneath the API to force a failure the code did not expect.
      broken.db.exec('DROP TABLE rulrr_orders');
      const response = await broken.inject({
        method: 'POST',
        url: `/rulrr/v1/orders?access_token=${token}`,
        headers: { 'x-request-id': 'req-boom-1' },
        payload: { orderId: 'boom', total: '1' },
      });
      expectRulrrError(response, 500, 'internal_error');
      expect(response.headers['x-request-id']).toBe('req-boom-1');
      expect(response.body).not.toMatch(/rulrr_orders|SqliteError|at .*\.ts/);
      const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((log) => log.reqId === 'req-boom-1');
      expect(entry).toMatchObject({ level: 50, err: { message: expect.stringContaining('rulrr_orders') } });
    } finally {
      await broken.close();
    }
  });
});

describe('a database held by another process', () => {
  it('answers 503 with Retry-After in the Rulrr error body once the short serving busy timeout runs out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-busy-'));
    const dbPath = join(dir, 'sandbox.db');
    const busy = await buildTestApp({ dbPath });
    const other = openDatabase(dbPath);
    try {
      // The event loop stands still while better-sqlite3 waits: never longer than this while serving.
      expect(busy.db.pragma('busy_timeout', { simple: true })).toBe(SERVING_BUSY_TIMEOUT_MS);
      other.exec('BEGIN IMMEDIATE');
      const response = await busy.inject({ method: 'POST', url: '/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret' });
      expectRulrrError(response, 503, 'service_unavailable');
      expect(response.headers['retry-after']).toBe('1');
      other.exec('ROLLBACK');
      const retried = await busy.inject({ method: 'POST', url: '/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret' });
      expect(retried.statusCode).toBe(200);
    } finally {
      other.close();
      await busy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the root and other paths', () => {
  it('GET / lists the APIs; an unknown path outside the APIs is a JSON 404', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.json()).toMatchObject({ name: 'pos-sandbox', apis: { rulrr: { baseUrl: '/rulrr' } } });
    const nothing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(nothing.statusCode).toBe(404);
    expect(nothing.json()).toMatchObject({ error: 'not_found' });
  });
});
