import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import { connectedStore } from '../helpers/rulrr.js';

let app: FastifyInstance;
afterEach(() => app?.close());

const EXPOSED = 'X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After';

const preflight = (origin: string, url = '/rulrr/v1/orders') =>
  app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

describe('CORS on the emulated APIs', () => {
  it('answers a preflight from any origin by default', async () => {
    app = await buildTestApp();
    const response = await preflight('https://pos.example.com');
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });
  });

  it('answers preflights for vendor-Host calls and unknown paths of an API too', async () => {
    app = await buildTestApp();
    const byHost = await app.inject({
      method: 'OPTIONS',
      url: '/v1/stores',
      headers: { host: 'api.rulrr.com', origin: 'https://pos.example.com', 'access-control-request-method': 'GET' },
    });
    expect(byHost.statusCode).toBe(204);
    expect((await preflight('https://pos.example.com', '/rulrr/v1/nothing-here')).headers['access-control-allow-origin']).toBe('*');
  });

  it('lets a page read the answer, its request id and rate-limit headers, errors included', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    const ok = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}`, headers: { origin: 'https://pos.example.com' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    expect(ok.headers['access-control-expose-headers']).toBe(EXPOSED);
    const refused = await app.inject({ method: 'GET', url: '/rulrr/v1/stores?access_token=rat_wrong', headers: { origin: 'https://pos.example.com' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(refused.json()).toMatchObject({ success: false, error: 'invalid_access_token' });
  });

  it('allows only the configured origins when SANDBOX_CORS_ORIGINS is set', async () => {
    app = await buildTestApp({ corsOrigins: ['https://pos.example.com', 'http://localhost:3000'] });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(allowed.headers.vary).toContain('Origin');

    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const actual = await app.inject({ method: 'GET', url: '/rulrr/v1/stores', headers: { origin: 'https://evil.example' } });
    expect(actual.headers['access-control-allow-origin']).toBeUndefined();
    const mine = await app.inject({ method: 'GET', url: '/rulrr/v1/stores', headers: { origin: 'https://pos.example.com' } });
    expect(mine.headers['access-control-allow-origin']).toBe('https://pos.example.com');
    expect(mine.headers['access-control-expose-headers']).toBe(EXPOSED);
  });

  it('leaves the admin API without CORS', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/__admin/health', headers: { origin: 'https://pos.example.com' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
