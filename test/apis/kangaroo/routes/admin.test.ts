import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { JOHN_ID, kangarooClient, linkShop, newWorkspace } from '../../../helpers/kangaroo.js';

/* /__admin/kangaroo: the controls a QA engineer reaches for, each in one workspace. */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const admin = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => {
  const response = await app.inject({ method, url: `/__admin/kangaroo${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.json() };
};

describe('/__admin/kangaroo', () => {
  it('reads and sets a workspace\'s rate limit (off in tests by default)', async () => {
    expect(await admin('GET', '/rate-limit')).toEqual({ status: 200, body: { requestsPerMinute: 240, enabled: false } });
    expect(await admin('PUT', '/rate-limit', { requestsPerMinute: 30, enabled: true })).toEqual({ status: 200, body: { requestsPerMinute: 30, enabled: true } });
    expect(await admin('PUT', '/rate-limit', { enabled: null })).toEqual({ status: 200, body: { requestsPerMinute: 30, enabled: false } });
    expect(await admin('PUT', '/rate-limit', { requestsPerMinute: 0 })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await admin('PUT', '/rate-limit', { burst: 3 })).toMatchObject({ status: 400 });
  });

  it('lists the customers with their balances, paged', async () => {
    const { body } = await admin('GET', '/customers');
    expect(body.total).toBe(3);
    expect(body.customers[0]).toMatchObject({ id: JOHN_ID, email: 'johndoe@example.com', balance: { points: 1000 } });
    expect((await admin('GET', '/customers?limit=1&offset=2')).body.customers.map((c: { first_name: string }) => c.first_name)).toEqual(['Sam']);
    expect((await admin('GET', '/customers?limit=0')).status).toBe(400);
  });

  it('enables and disables a branch link of the workspace named, and no other', async () => {
    const workspace = await newWorkspace(app);
    const id = await linkShop(await kangarooClient(app, workspace.kangaroo));
    expect(await admin('POST', `/branch-links/${id}/disable`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await admin('POST', `/branch-links/${id}/disable?workspace=${workspace.id}`)).toMatchObject({ status: 200, body: { id, enabled: false } });
    expect(await admin('POST', `/branch-links/${id}/enable?workspace=${workspace.id}`)).toMatchObject({ status: 200, body: { id, enabled: true } });
    expect((await admin('POST', '/branch-links/abc/enable')).status).toBe(400);
  });

  it('answers 404 for a workspace that does not exist', async () => {
    expect(await admin('GET', '/customers?workspace=ws0000000000')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('shows the workspace\'s Kangaroo credentials in its admin body', async () => {
    const workspace = await newWorkspace(app);
    expect(workspace.kangaroo).toEqual({
      clientId: expect.stringMatching(new RegExp(`^kgc_${workspace.id}_[0-9a-f]{32}$`)),
      clientSecret: expect.any(String),
      applicationKey: expect.stringMatching(new RegExp(`^kak_${workspace.id}_[0-9a-f]{48}$`)),
      username: `owner+${workspace.id}@kangaroo.sandbox.test`,
      password: expect.any(String),
    });
    const demo = (await app.inject({ method: 'GET', url: '/__admin/workspaces/demo' })).json();
    expect(demo.kangaroo).toEqual({
      clientId: 'kangaroo-demo-client',
      clientSecret: 'kangaroo-demo-secret',
      applicationKey: 'kangaroo-demo-app-key',
      username: 'owner@demo-business.test',
      password: 'demo1234',
    });
  });
});
