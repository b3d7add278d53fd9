import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';

/*
 * Failures Fastify and Node raise before an API's own code runs still answer in the envelope of
 * the API the caller meant (CONTRACT §4): Rulrr's `{success:false,error,message}`, the admin
 * API's `{error,message}`.
 */
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = await buildTestApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const rulrrEnvelope = (status: number, error: string) => ({
  status,
  body: { success: false, error, message: expect.any(String) },
});
const adminEnvelope = (status: number, error: string) => ({ status, body: { error, message: expect.any(String) } });

/** A raw request over a socket: header blocks and URLs that fetch() would refuse to send. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('framework failures in the envelope of the API meant', () => {
  it.each([
    ['a URL that does not decode', '/rulrr/uploads/customers/%zz', rulrrEnvelope(400, 'invalid_request')],
    ['an over-long path parameter', `/rulrr/uploads/customers/${'x'.repeat(600)}`, rulrrEnvelope(414, 'uri_too_long')],
    ['an unknown Rulrr path', '/rulrr/v2/nothing', rulrrEnvelope(404, 'not_found')],
    ['a URL that does not decode, on admin', '/__admin/workspaces/%zz', adminEnvelope(400, 'invalid_request')],
    ['an over-long path parameter, on admin', `/__admin/workspaces/${'x'.repeat(600)}`, adminEnvelope(414, 'uri_too_long')],
    ['an unknown path outside every API', '/nothing/here', adminEnvelope(404, 'not_found')],
  ])('%s', async (_name, path, expected) => {
    const response = await fetch(`${base}${path}`, { method: path.startsWith('/rulrr/uploads') ? 'PUT' : 'GET' });
    expect({ status: response.status, body: await response.json() }).toEqual(expected);
  });

  it('a header block over the limit → 431 in the Rulrr envelope, read off the request line', async () => {
    const answer = await raw('/rulrr/v1/stores', { 'x-padding': 'p'.repeat(20_000) });
    expect(answer).toEqual(rulrrEnvelope(431, 'headers_too_large'));
  });

  it('a header block over the limit on a vendor host → 431 in that API’s envelope', async () => {
    const answer = await raw('/v1/stores', { host: 'api.rulrr.com', 'x-padding': 'p'.repeat(20_000) });
    expect(answer).toEqual(rulrrEnvelope(431, 'headers_too_large'));
  });

  it('a header block over the limit on admin → 431 in the admin envelope', async () => {
    expect(await raw('/__admin/clock', { 'x-padding': 'p'.repeat(20_000) })).toEqual(adminEnvelope(431, 'headers_too_large'));
  });
});

describe('bodies', () => {
  it('Content-Type: application/json with an empty body is no body, on admin too', async () => {
    const created = await app.inject({ method: 'POST', url: '/__admin/workspaces', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(created.statusCode).toBe(201);
    await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${created.json().id}` });
  });

  it.each([
    ['/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret', 'text/xml', '<a/>', rulrrEnvelope(415, 'unsupported_media_type')],
    ['/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret', 'application/json', '{"a":', rulrrEnvelope(400, 'invalid_request_body')],
    ['/__admin/workspaces', 'text/xml', '<name/>', adminEnvelope(415, 'unsupported_media_type')],
    ['/__admin/workspaces', 'application/json', '{"name":', adminEnvelope(400, 'invalid_request')],
  ])('POST %s as %s → its envelope', async (url, contentType, payload, expected) => {
    const response = await app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
    expect({ status: response.statusCode, body: response.json() }).toEqual(expected);
  });

  it('an unsupported Content-Type on admin says what to send, and never echoes more than a glimpse of the header', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/__admin/workspaces',
      headers: { 'content-type': `text/${'x'.repeat(5000)}` },
      payload: 'x',
    });
    expect(response.json().message).toMatch(/Content-Type: application\/json/);
    expect(response.json().message.length).toBeLessThan(300);
  });
});

describe('X-Request-Id', () => {
  it('echoes a caller id that looks like one, and replaces anything else with a fresh id', async () => {
    const kept = await app.inject({ method: 'GET', url: '/__admin/health', headers: { 'x-request-id': 'pos-run-42:step.7' } });
    expect(kept.headers['x-request-id']).toBe('pos-run-42:step.7');
    for (const sent of ['x'.repeat(8000), 'a b', 'id\u00e9']) {
      const replaced = await app.inject({ method: 'GET', url: '/__admin/health', headers: { 'x-request-id': sent } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
