import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';

let app: FastifyInstance;
afterEach(() => app?.close());

describe('SANDBOX_ADMIN_TOKEN and health', () => {
  it('health answers without the token, so image and compose healthchecks pass', async () => {
    app = await buildTestApp({ adminToken: 's3cret-admin' });
    for (const url of ['/__admin/health', '/__admin/health/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok' });
    }
  });

  it('a wrong token does not matter to health, and the admin call beside it still needs the right one', async () => {
    app = await buildTestApp({ adminToken: 's3cret-admin' });
    const headers = { authorization: 'Bearer nope' };
    expect((await app.inject({ method: 'GET', url: '/__admin/health', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/__admin/clock', headers })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/__admin/healthz' })).statusCode).toBe(401);
  });
});
