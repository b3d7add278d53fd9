import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import { createWorkspace, partner, readWorkspace, RulrrCalls } from './workspace-fixture.js';

/** One clock per workspace (CONTRACT §1a, §6): moving one expires only that workspace's things. */
let app: FastifyInstance;
let a: RulrrCalls;
let b: RulrrCalls;
beforeEach(async () => {
  app = await buildTestApp();
  a = new RulrrCalls(app, await createWorkspace(app, { name: 'a' }));
  b = new RulrrCalls(app, await createWorkspace(app, { name: 'b' }));
});
afterEach(() => app.close());

const DAY = 86_400_000;

const move = (calls: RulrrCalls, advanceBy: string) =>
  app.inject({ method: 'POST', url: `/__admin/clock?workspace=${calls.id}`, payload: { advanceBy } });
const restore = (calls: RulrrCalls) => app.inject({ method: 'DELETE', url: `/__admin/clock?workspace=${calls.id}` });
const offsetOf = async (id: string) =>
  (await app.inject({ method: 'GET', url: `/__admin/clock${id === 'demo' ? '' : `?workspace=${id}`}` })).json().offsetMs as number;

/** A pending integration, a live access token and a fresh upload URL, all in one workspace. */
async function worldOf(calls: RulrrCalls) {
  const pending = await calls.integration();
  const { accessToken, refreshToken } = await calls.connect();
  const { uploadUrl } = (await partner(app, accessToken, 'GET', '/v1/customers')).json();
  return { pending, accessToken, refreshToken, uploadPath: new URL(uploadUrl).pathname };
}
const uploadTo = (path: string) => app.inject({ method: 'PUT', url: path, payload: { customers: [{ customerId: 'c-1' }] } });

describe('per-workspace clocks', () => {
  it("advancing one workspace's clock by P2D expires its integrations and upload URLs, not the other's", async () => {
    const worldA = await worldOf(a);
    const worldB = await worldOf(b);
    const moved = await move(a, 'P2D');
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ offsetMs: 2 * DAY, real: false });

    expect((await a.step2(worldA.pending)).json().status).toBe('cancelled');
    expect((await a.step4(worldA.pending)).statusCode).toBe(409);
    expect((await a.control('complete', worldA.pending)).statusCode).toBe(409);
    expect((await uploadTo(worldA.uploadPath)).json()).toMatchObject({ success: false, error: 'upload_expired' });

    expect((await b.step2(worldB.pending)).json().status).toBe('pending');
    expect((await uploadTo(worldB.uploadPath)).statusCode).toBe(200);
    expect((await b.control('complete', worldB.pending)).statusCode).toBe(200);

    expect([await offsetOf(b.id), await offsetOf('demo')]).toEqual([0, 0]);
    expect((await readWorkspace(app, a.id)).clock).toMatchObject({ offsetMs: 2 * DAY, real: false });
  });

  it("a year on one workspace's clock expires its access tokens and leaves the other's working", async () => {
    const worldA = await worldOf(a);
    const worldB = await worldOf(b);
    await move(a, 'P2D');
    expect((await partner(app, worldA.accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);
    await move(a, 'P364D');
    const expired = await partner(app, worldA.accessToken, 'GET', '/v1/stores');
    expect(expired.statusCode).toBe(403);
    expect(expired.json().error).toBe('invalid_access_token');
    expect((await partner(app, worldB.accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);

    // Refresh tokens do not expire: a new access token on A's clock runs a year from A's now.
    const refreshed = await a.refresh(worldA.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    expect(Date.parse(refreshed.json().expiration)).toBeGreaterThan(Date.now() + (366 + 364) * DAY);
  });

  it("giving one workspace back the real clock restores only that one, and brings its tokens back to life", async () => {
    const worldA = await worldOf(a);
    await move(a, 'P400D');
    await move(b, 'PT5H');
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT3H' } });
    expect((await partner(app, worldA.accessToken, 'GET', '/v1/stores')).statusCode).toBe(403);

    const restored = await restore(a);
    expect(restored.json()).toMatchObject({ offsetMs: 0, real: true });
    expect((await partner(app, worldA.accessToken, 'GET', '/v1/stores')).statusCode).toBe(200);
    expect([await offsetOf(a.id), await offsetOf(b.id), await offsetOf('demo')]).toEqual([0, 5 * 3_600_000, 3 * 3_600_000]);
  });

  it("stamps each workspace's orders and tokens with its own sandbox time", async () => {
    await move(a, 'P10D');
    const tokenA = (await a.connect()).accessToken;
    const tokenB = (await b.connect()).accessToken;
    const orderA = (await partner(app, tokenA, 'POST', '/v1/orders', { orderId: 'o', total: '1' })).json().order;
    const orderB = (await partner(app, tokenB, 'POST', '/v1/orders', { orderId: 'o', total: '1' })).json().order;
    const skew = Date.parse(orderA.receivedAt) - Date.parse(orderB.receivedAt);
    expect(skew).toBeGreaterThan(10 * DAY - 60_000);
    expect(skew).toBeLessThan(10 * DAY + 60_000);
  });
});
