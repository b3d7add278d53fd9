import { connect, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, query } from './helpers/build.js';
import { connectedStore } from './helpers/rulrr.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

describe('Host-header routing (CONTRACT §2)', () => {
  it('serves the Rulrr API at api.rulrr.com without the /rulrr prefix', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/auth/integration?${query(DEMO_CLIENT)}`,
      headers: { host: 'api.rulrr.com' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().integrationToken).toMatch(/^rit_/);
  });

  it('serves Rulrr-Connect at connect.rulrr.com/ and the API under it', async () => {
    const token = (
      await app.inject({ method: 'POST', url: `/v1/auth/integration?${query(DEMO_CLIENT)}`, headers: { host: 'connect.rulrr.com' } })
    ).json().integrationToken;
    const page = await app.inject({ method: 'GET', url: `/?integration_token=${token}`, headers: { host: 'connect.rulrr.com' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="email">Email</label>');
  });

  it('hands out links for the host the caller used', async () => {
    const { accessToken } = await connectedStore(app);
    const upload = await app.inject({
      method: 'GET',
      url: `/v1/customers?access_token=${accessToken}`,
      headers: { host: 'api.rulrr.com' },
    });
    const { uploadUrl } = upload.json();
    expect(uploadUrl).toMatch(/^http:\/\/api\.rulrr\.com\/uploads\/customers\/rup_/);
    const put = await app.inject({
      method: 'PUT',
      url: new URL(uploadUrl).pathname,
      headers: { host: 'api.rulrr.com', 'content-type': 'text/csv' },
      payload: 'customerId\nc-1',
    });
    expect(put.json()).toMatchObject({ accepted: 1 });
  });

  it('matches the host case-insensitively and ignores a port; other hosts keep the prefix', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: 'x' })}`,
      headers: { host: 'API.Rulrr.com:443' },
    });
    expect(response.statusCode).toBe(403);
    const plain = await app.inject({ method: 'GET', url: '/v1/auth/integration', headers: { host: 'localhost:4010' } });
    expect(plain.statusCode).toBe(404);
  });

  it.each(['evil.com/x?', 'a b'])('does not put a malformed Host (%j) into the links it hands out', async (host) => {
    const { accessToken } = await connectedStore(app);
    const response = await app.inject({ method: 'GET', url: `/rulrr/v1/customers?access_token=${accessToken}`, headers: { host } });
    const { uploadUrl } = response.json();
    expect(uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/rulrr\/uploads\/customers\/rup_/);
    expect(new URL(uploadUrl).pathname).toMatch(/^\/rulrr\/uploads\/customers\/rup_/);
  });

  it('builds links from the listening address for an HTTP/1.0 request without Host', async () => {
    const { accessToken } = await connectedStore(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end(`GET /rulrr/v1/customers?access_token=${accessToken} HTTP/1.0\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body.uploadUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/rulrr/uploads/customers/rup_`));
  });
});
