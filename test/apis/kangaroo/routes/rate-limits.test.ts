import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { envelope, kangarooClient, newWorkspace } from '../../../helpers/kangaroo.js';

/* The dedicated rate-limit test: the sandbox serving with a limit, as SANDBOX_KANGAROO_RATE_LIMIT sets it. */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ kangarooRateLimit: 5 });
});
afterAll(() => app.close());

describe('Kangaroo rate limits', () => {
  it('count per access token: the documented headers on every answer, 429 with X-RateLimit-Reset past the limit', async () => {
    const client = await kangarooClient(app);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await client.call('GET', '/branches');
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe('5');
      expect(response.headers['x-ratelimit-reset']).toBeUndefined();
      remaining.push(String(response.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await client.call('POST', '/integrations', { name: 'too many', type: 1 });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual(envelope(429, 'Too Many Attempts.', expect.stringMatching(/^More than 5 requests in a minute with this access token; retry after \d+ seconds\.$/)));
    expect(limited.headers).toMatchObject({ 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' });
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The refused call wrote nothing.
    const integrations = app.db.prepare("SELECT count(*) FROM kangaroo_integrations WHERE workspace_id = 'demo' AND name = 'too many'").pluck().get();
    expect(integrations).toBe(0);
    // Another token has its own count.
    expect((await (await kangarooClient(app)).call('GET', '/branches')).headers['x-ratelimit-remaining']).toBe('4');
  });

  it('take a workspace\'s own limit and switch from the admin API', async () => {
    const workspace = await newWorkspace(app);
    const client = await kangarooClient(app, workspace.kangaroo);
    const set = await app.inject({ method: 'PUT', url: `/__admin/kangaroo/rate-limit?workspace=${workspace.id}`, payload: { requestsPerMinute: 2 } });
    expect(set.json()).toEqual({ requestsPerMinute: 2, enabled: true });
    expect((await client.call('GET', '/branches')).headers['x-ratelimit-limit']).toBe('2');
    await client.call('GET', '/branches');
    expect((await client.call('GET', '/branches')).statusCode).toBe(429);
    await app.inject({ method: 'PUT', url: `/__admin/kangaroo/rate-limit?workspace=${workspace.id}`, payload: { enabled: false } });
    const off = await client.call('GET', '/branches');
    expect(off.statusCode).toBe(200);
    expect(off.headers['x-ratelimit-limit']).toBeUndefined();
    // Demo kept the sandbox's setting.
    expect((await app.inject({ method: 'GET', url: '/__admin/kangaroo/rate-limit' })).json()).toEqual({ requestsPerMinute: 5, enabled: true });
  });

  it('start again when the workspace is reset', async () => {
    const workspace = await newWorkspace(app);
    await app.inject({ method: 'PUT', url: `/__admin/kangaroo/rate-limit?workspace=${workspace.id}`, payload: { requestsPerMinute: 1 } });
    await app.inject({ method: 'POST', url: `/__admin/workspaces/${workspace.id}/reset` });
    expect((await app.inject({ method: 'GET', url: `/__admin/kangaroo/rate-limit?workspace=${workspace.id}` })).json()).toEqual({ requestsPerMinute: 5, enabled: true });
  });
});
