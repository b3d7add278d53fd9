import { X509Certificate } from 'node:crypto';
import { request, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import { connectedStore } from '../helpers/rulrr.js';

let app: FastifyInstance;
afterEach(() => app?.close());

/** Every name resolves to this machine, as a hosts-file entry would make it. */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

function get(url: string, options: RequestOptions): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, { lookup: toLoopback, ...options }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    })
      .on('error', reject)
      .end();
  });
}

async function startHttps(overrides = {}) {
  app = await buildTestApp({ httpsPort: 0, ...overrides });
  const { port } = await app.tls!.listen({ port: 0, host: '127.0.0.1' });
  const ca = (await app.inject({ method: 'GET', url: '/__admin/tls/ca.pem' })).body;
  return { port, ca };
}

describe('HTTPS with the sandbox CA', () => {
  it('serves https://api.rulrr.com/v1/… to a client that trusts only the sandbox CA', async () => {
    const { port, ca } = await startHttps();
    const { accessToken } = await connectedStore(app);
    const response = await get(`https://api.rulrr.com:${port}/v1/stores?access_token=${accessToken}`, { ca });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ success: true, store: { storeId: 'store-demo-downtown' } });

    const receipt = await get(`https://connect.rulrr.com:${port}/?integration_token=rit_unknown`, { ca });
    expect(receipt.status).toBe(404);
    expect(receipt.body).toContain('<!doctype html>');
  });

  it('answers on localhost and 127.0.0.1, with the same envelopes and the journal', async () => {
    const { port, ca } = await startHttps();
    const local = await get(`https://localhost:${port}/rulrr/v1/stores?access_token=rat_wrong`, { ca });
    expect(local.status).toBe(403);
    expect(JSON.parse(local.body)).toMatchObject({ success: false, error: 'invalid_access_token' });
    const byAddress = await get(`https://127.0.0.1:${port}/__admin/health`, { ca });
    expect(JSON.parse(byAddress.body).status).toBe('ok');
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/requests' })).json().requests;
    expect(entry.request).toMatchObject({ path: '/rulrr/v1/stores', host: `localhost:${port}` });
  });

  it('covers the configured names too', async () => {
    const { port, ca } = await startHttps({ tlsNames: ['sandbox.lan', '10.1.2.3'] });
    expect((await get(`https://sandbox.lan:${port}/__admin/health`, { ca })).status).toBe(200);
    const info = (await app.inject({ method: 'GET', url: '/__admin/tls' })).json();
    expect(info).toMatchObject({ enabled: true, caUrl: '/__admin/tls/ca.pem', caPath: null });
    expect(info.names).toEqual(
      expect.arrayContaining(['api.rulrr.com', 'connect.rulrr.com', 'localhost', '127.0.0.1', '::1', 'sandbox.lan', '10.1.2.3']),
    );
    expect(info.caFingerprint).toBe(new X509Certificate(ca).fingerprint256);
  });

  it('is refused by a client that does not trust the sandbox CA', async () => {
    const { port } = await startHttps();
    await expect(get(`https://api.rulrr.com:${port}/v1/stores`, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('is refused for a name the certificate does not cover', async () => {
    const { port, ca } = await startHttps();
    await expect(get(`https://api.example.com:${port}/v1/stores`, { ca })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('hands out a CA certificate a device can install: a CA, and public', async () => {
    const { ca } = await startHttps();
    const response = await app.inject({ method: 'GET', url: '/__admin/tls/ca.pem' });
    expect(response.headers['content-type']).toBe('application/x-pem-file');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pos-sandbox-ca.pem"');
    const certificate = new X509Certificate(ca);
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toContain('pos-sandbox local CA');
    expect(ca).not.toContain('PRIVATE KEY');
  });

  it('lets the CA be downloaded without the admin token, and nothing else', async () => {
    app = await buildTestApp({ httpsPort: 0, adminToken: 'sekret' });
    expect((await app.inject({ method: 'GET', url: '/__admin/tls/ca.pem' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/tls' })).statusCode).toBe(401);
  });

  it('says HTTPS is off when no HTTPS port is set', async () => {
    app = await buildTestApp();
    expect((await app.inject({ method: 'GET', url: '/__admin/tls' })).json()).toEqual({ enabled: false });
    const response = await app.inject({ method: 'GET', url: '/__admin/tls/ca.pem' });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toMatch(/SANDBOX_HTTPS_PORT/);
  });
});
