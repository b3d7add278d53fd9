import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/db/database.js';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KEY, mintToken, wll } from '../../../helpers/wll.js';

/*
 * CONTRACT §4: every WLL failure — the framework's too — answers in WLL's envelope,
 * `{"status":"fail","data":{"name","httpCode","message"}}`, with no internals.
 */

let app: FastifyInstance;
let admin: string;
beforeEach(async () => {
  app = await buildTestApp();
  admin = await mintToken(app, 'admin');
});
afterEach(() => app.close());

function expectWllError(response: LightMyRequestResponse, status: number, name: string, message?: RegExp) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual({ status: 'fail', data: { name, httpCode: status, message: message ? expect.stringMatching(message) : expect.any(String) } });
}

const raw = (contentType: string, payload: string, path = '/orders') =>
  app.inject({
    method: 'POST',
    url: `/wll/v1${path}`,
    headers: { 'content-type': contentType, 'x-api-key': DEMO_KEY, authorization: `Bearer ${admin}` },
    payload,
  });

describe('framework failures in the WLL envelope', () => {
  it('malformed JSON → 400 BadRequestError', async () => {
    expectWllError(await raw('application/json', '{"lineItems": ['), 400, 'BadRequestError', /not valid JSON/);
  });

  it('an empty application/json body is no body: 400 saying what is missing, 200 on a call that takes none', async () => {
    expectWllError(await raw('application/json', ''), 400, 'BadRequestError', /body is required/);
    expectWllError(await raw('application/json', '', '/receipts'), 400, 'BadRequestError', /body is required/);
    const list = await app.inject({
      method: 'GET',
      url: '/wll/v1/receipts',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY, authorization: `Bearer ${admin}` },
    });
    expect(list.statusCode).toBe(200);
  });

  it('a body over 1 MiB → 413 PayloadTooLargeError', async () => {
    const big = JSON.stringify({ submitter: { authIdentifier: 'u' }, lineItems: [], padding: 'x'.repeat(1024 * 1024) });
    expectWllError(await raw('application/json', big), 413, 'PayloadTooLargeError', /1 MiB/);
    expectWllError(await raw('application/json', big, '/transactions-rule-engine/rule-sets'), 413, 'PayloadTooLargeError');
  });

  it('a Content-Type other than JSON → 415 UnsupportedMediaTypeError', async () => {
    expectWllError(await raw('application/xml', '<order/>'), 415, 'UnsupportedMediaTypeError', /application\/xml/);
    expectWllError(await raw('text/plain', 'hello', '/receipts'), 415, 'UnsupportedMediaTypeError');
  });

  it('an id longer than the router takes → 414 UriTooLongError; a URL that does not decode → 400', async () => {
    expectWllError(await wll(app, `/receipts/${'a'.repeat(600)}`, { token: admin }), 414, 'UriTooLongError');
    expectWllError(await wll(app, '/receipts/%zz', { token: admin }), 400, 'BadRequestError', /malformed/);
  });

  it('an unknown route or method → 404 NotFoundError', async () => {
    expectWllError(await wll(app, '/nope', { token: admin }), 404, 'NotFoundError', /No WLL endpoint GET \/wll\/v1\/nope/);
    expectWllError(await wll(app, '/receipts', { method: 'DELETE', token: admin }), 404, 'NotFoundError');
    expectWllError(await app.inject({ url: '/wll/v2/receipts' }), 404, 'NotFoundError');
  });

  it('a prototype-poisoning body is refused, not merged', async () => {
    expectWllError(await raw('application/json', '{"submitter":{"authIdentifier":"u"},"lineItems":[],"__proto__":{"polluted":true}}'), 400, 'BadRequestError');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an unexpected error → 500 InternalServerError without internals', async () => {
    app.db.exec('DROP TABLE wll_orders');
    const response = await wll(app, '/orders', { token: admin, body: { submitter: { authIdentifier: 'u' }, lineItems: [] } });
    expectWllError(response, 500, 'InternalServerError', /^An unexpected error occurred$/);
    expect(response.body).not.toMatch(/wll_orders|SqliteError/);
  });

  it('a request header block over 16 KiB → 431 in the WLL envelope, also before Fastify sees the request', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /wll/v1/receipts HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 'fail', data: { name: 'RequestHeaderFieldsTooLargeError', httpCode: 431 } });
  });
});

describe('a database held by another process', () => {
  it('answers 503 ServiceUnavailableError with Retry-After, and stores the claim on retry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wll-busy-'));
    const busy = await buildTestApp({ dbPath: join(dir, 'sandbox.db') });
    const other = openDatabase(join(dir, 'sandbox.db'));
    try {
      const token = await mintToken(busy, 'admin');
      const body = { submitter: { authIdentifier: 'u' }, lineItems: [] };
      other.exec('BEGIN IMMEDIATE');
      const response = await wll(busy, '/orders', { token, body });
      expectWllError(response, 503, 'ServiceUnavailableError');
      expect(response.headers['retry-after']).toBe('1');
      other.exec('ROLLBACK');
      expect((await wll(busy, '/orders', { token, body })).statusCode).toBe(200);
    } finally {
      other.close();
      await busy.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Host routing (CONTRACT §2)', () => {
  it('serves /v1/… at api.receipts.wlloyalty.net as /wll/v1/…, and its 404s in the WLL envelope', async () => {
    const headers = { host: 'api.receipts.wlloyalty.net', 'x-api-key': DEMO_KEY, authorization: `Bearer ${admin}` };
    const listed = await app.inject({ method: 'GET', url: '/v1/receipts?limit=1', headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ status: 'success', data: [] });
    expectWllError(await app.inject({ method: 'GET', url: '/v1/nope', headers }), 404, 'NotFoundError', /No WLL endpoint GET \/v1\/nope/);
    expect((await app.inject({ url: '/.well-known/jwks.json', headers })).json().keys).toHaveLength(1);
  });
});
