import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { envelope, kangarooClient, type KangarooClient } from '../../../helpers/kangaroo.js';

/*
 * Failures Fastify and Node raise before Kangaroo's own code runs still answer in Kangaroo's
 * envelope (CONTRACT §4), at /kangaroo/api/v1 and on the integrations host alike.
 */
let app: FastifyInstance;
let client: KangarooClient;
let base: string;
beforeAll(async () => {
  app = await buildTestApp();
  client = await kangarooClient(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

/** A raw request over a socket: URLs and header blocks fetch() would refuse to send. */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

const post = async (payload: string, contentType: string, path = '/integrations') => {
  const response = await app.inject({ method: 'POST', url: `/kangaroo/api/v1${path}`, headers: client.headers({ 'content-type': contentType }), payload });
  return { status: response.statusCode, body: response.json() };
};

describe('framework failures in Kangaroo\'s envelope', () => {
  it('malformed JSON → 400 Bad Request', async () => {
    expect(await post('{"name":', 'application/json')).toEqual({ status: 400, body: envelope(400, 'Bad Request', 'The request body is not valid JSON') });
  });

  it('Content-Type: application/json with an empty body is no body: the 422 lists the required fields', async () => {
    expect(await post('', 'application/json')).toEqual({
      status: 422,
      body: { name: ['The name field is required.'], type: ['The type field is required.'] },
    });
  });

  it('a body over 1 MiB → 413', async () => {
    expect(await post(JSON.stringify({ name: 'x'.repeat(1_100_000), type: 1 }), 'application/json')).toEqual({
      status: 413,
      body: envelope(413, 'Payload Too Large', 'The request body is larger than the 1 MiB limit'),
    });
  });

  it.each(['application/x-www-form-urlencoded', 'text/xml'])('a body sent as %s → 415', async (contentType) => {
    expect(await post('name=ABC&type=1', contentType)).toEqual({
      status: 415,
      body: envelope(415, 'Unsupported Media Type', expect.stringMatching(/send application\/json$/)),
    });
  });

  it('an unknown route → 404 in the envelope, with or without credentials', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/kangaroo/api/v2/branches' });
    expect({ status: unknown.statusCode, body: unknown.json() }).toEqual({ status: 404, body: envelope(404, 'Not found', "The requested resource doesn't exist.") });
    const method = await app.inject({ method: 'PUT', url: '/kangaroo/api/v1/branches', headers: client.headers() });
    expect(method.statusCode).toBe(404);
  });

  it('an over-long path parameter → 414, over a real socket', async () => {
    expect(await raw('GET', `/kangaroo/api/v1/customers/${'c'.repeat(600)}`, client.headers())).toEqual({
      status: 414,
      body: envelope(414, 'URI Too Long', 'A part of the URL path is longer than the sandbox accepts'),
    });
  });

  it('a URL that does not decode → 400, over a real socket', async () => {
    expect(await raw('GET', '/kangaroo/api/v1/customers/%zz', client.headers())).toEqual({
      status: 400,
      body: envelope(400, 'Bad Request', expect.stringMatching(/percent-encoded/)),
    });
  });

  it('a header block over the limit → 431, read off the request line, on the vendor host too', async () => {
    const expected = { status: 431, body: envelope(431, 'Request Header Fields Too Large', expect.any(String)) };
    expect(await raw('GET', '/kangaroo/api/v1/branches', { 'x-padding': 'p'.repeat(20_000) })).toEqual(expected);
    expect(await raw('GET', '/api/v1/branches', { host: 'integrations.kangarooapis.com', 'x-padding': 'p'.repeat(20_000) })).toEqual(expected);
  });

  it('a token-endpoint failure of the framework answers in OAuth2\'s shape instead', async () => {
    const response = await app.inject({ method: 'POST', url: '/kangaroo/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(response.json()).toMatchObject({ error: 'invalid_request', hint: 'The request body is not valid JSON' });
  });
});
