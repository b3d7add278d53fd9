import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/database.js';
import { buildTestApp } from '../helpers/build.js';
import { connectedStore, createIntegration } from '../helpers/rulrr.js';

let app: FastifyInstance;
afterEach(() => app?.close());

describe('GET /__admin/health', () => {
  it('answers 200 {"status":"ok"} with the schema version and when fixtures were loaded', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/__admin/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', schemaVersion: readMigrations().length, seededAt: expect.any(String) });
  });
});

describe('the clock', () => {
  it('moves by a duration, is set to an instant, and is given back', async () => {
    app = await buildTestApp();
    const before = Date.now();
    const advanced = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P2DT3H' } });
    expect(advanced.statusCode).toBe(200);
    const { now, offsetMs, real } = advanced.json();
    expect(real).toBe(false);
    expect(offsetMs).toBe((2 * 24 + 3) * 3600 * 1000);
    expect(Date.parse(now) - before).toBeGreaterThanOrEqual(offsetMs);

    const set = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '2030-01-01T00:00:00Z' } });
    expect(Date.parse(set.json().now)).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    expect(Date.parse(set.json().now)).toBeLessThan(Date.parse('2030-01-01T00:00:05Z'));

    const read = await app.inject({ method: 'GET', url: '/__admin/clock' });
    expect(read.json().now.slice(0, 4)).toBe('2030');

    const restored = await app.inject({ method: 'DELETE', url: '/__admin/clock' });
    expect(restored.json()).toMatchObject({ offsetMs: 0, real: true });
  });

  it.each([
    [{ advanceBy: '16 minutes' }, /ISO 8601 duration/],
    [{ advanceBy: 'P' }, /ISO 8601 duration/],
    [{ set: 'tomorrow' }, /set/],
    [{}, /.+/],
    [{ advanceBy: 'PT1M', set: '2030-01-01T00:00:00Z' }, /.+/],
    [{ advanceBy: 'P300000Y' }, /between 1970-01-01 and 9999-12-31/],
    [{ advanceBy: '-P100Y' }, /between 1970-01-01 and 9999-12-31/],
    [{ set: '+010000-01-01T00:00:00Z' }, /.+/],
  ])('answers 400 for %j and leaves the clock alone', async (payload, message) => {
    app = await buildTestApp();
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P1D' } });
    const response = await app.inject({ method: 'POST', url: '/__admin/clock', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
    const clock = (await app.inject({ method: 'GET', url: '/__admin/clock' })).json();
    expect(clock.offsetMs).toBe(86_400_000);
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200);
  });

  it('refuses to go past 9999-12-31 from a set clock', async () => {
    app = await buildTestApp();
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '9999-12-31T00:00:00Z' } });
    const response = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P1Y' } });
    expect(response.statusCode).toBe(400);
  });
});

describe('POST /__admin/reset', () => {
  it('wipes integrations, tokens, orders and the outbox, restores the clock and reloads the fixtures', async () => {
    app = await buildTestApp();
    const tokens = await connectedStore(app, { ereceipt: true });
    await app.inject({
      method: 'POST',
      url: `/rulrr/v1/orders?access_token=${tokens.accessToken}`,
      payload: { orderId: 'o-1', total: '100', customer: { phone: '+14155550123' }, ereceipt: true },
    });
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P1D' } });
    expect((await app.inject({ method: 'GET', url: '/__admin/outbox?channel=sms' })).json().messages).toHaveLength(1);

    const reset = await app.inject({ method: 'POST', url: '/__admin/reset' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({
      status: 'reset',
      loaded: {
        rulrr: { clients: 2, merchants: 1, stores: 2 },
        wll: { products: 12, venues: 3, ruleSets: 0 },
        kangaroo: { branches: 2, customers: 3, offers: 4, catalogItems: 3 },
        faults: { faults: 0 },
      },
    });

    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${tokens.accessToken}` })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/__admin/outbox' })).json().messages).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/__admin/clock' })).json().real).toBe(true);
    // The demo credentials work again right away.
    await connectedStore(app);
  });
});

describe('GET /__admin/outbox', () => {
  it('filters by api, channel and recipient, and can be emptied', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app, { ereceipt: true });
    for (const [orderId, phone] of [['a', '+14155550001'], ['b', '+14155550002']]) {
      await app.inject({
        method: 'POST',
        url: `/rulrr/v1/orders?access_token=${accessToken}`,
        payload: { orderId, total: '100', customer: { phone }, ereceipt: true },
      });
    }
    const all = (await app.inject({ method: 'GET', url: '/__admin/outbox' })).json().messages;
    expect(all.map((m: { channel: string; body: string }) => [m.channel, m.channel === 'event' ? m.body : ''])).toEqual([
      ['event', 'rulrr.integration.finished'],
      ['sms', ''],
      ['event', 'rulrr.ereceipt.sent'],
      ['sms', ''],
      ['event', 'rulrr.ereceipt.sent'],
    ]);
    const sms = (await app.inject({ method: 'GET', url: '/__admin/outbox?channel=sms' })).json().messages;
    expect(sms.map((m: { recipient: string }) => m.recipient)).toEqual(['+14155550001', '+14155550002']);
    const one = await app.inject({ method: 'GET', url: '/__admin/outbox?channel=sms&recipient=%2B14155550002' });
    expect(one.json().messages).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/__admin/outbox?api=wll' })).json().messages).toEqual([]);
    const [first] = (await app.inject({ method: 'GET', url: '/__admin/outbox?channel=sms&limit=1' })).json().messages;
    expect(first.recipient).toBe('+14155550001');
    const next = (await app.inject({ method: 'GET', url: `/__admin/outbox?channel=sms&limit=1&after=${first.id}` })).json().messages;
    expect(next.map((m: { recipient: string }) => m.recipient)).toEqual(['+14155550002']);
    expect((await app.inject({ method: 'GET', url: '/__admin/outbox?limit=0' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/__admin/outbox' })).json()).toEqual({ deleted: 5 });
  });
});

describe('Rulrr controls', () => {
  it('complete/cancel/revoke answer 404 for an unknown token and 409 when the integration is not pending', async () => {
    app = await buildTestApp();
    for (const action of ['complete', 'cancel', 'revoke']) {
      const response = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/rit_nope/${action}` });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: 'Unknown integration token in workspace demo' });
    }
    const token = await createIntegration(app);
    const complete = await app.inject({
      method: 'POST',
      url: `/__admin/rulrr/integrations/${token}/complete`,
      payload: { ereceipt: true, storeId: 'store-demo-airport' },
    });
    expect(complete.json()).toMatchObject({ status: 'finished', storeId: 'store-demo-airport', ereceipt: true });
    for (const action of ['complete', 'cancel']) {
      const again = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/${action}` });
      expect(again.statusCode).toBe(409);
    }
    const pending = await createIntegration(app);
    const revokePending = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${pending}/revoke` });
    expect(revokePending.statusCode).toBe(409);
    expect(revokePending.json().message).toMatch(/this one is pending/);
    const revoked = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/revoke` });
    expect(revoked.json()).toMatchObject({ status: 'finished', revoked: true });
    const again = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/revoke` });
    expect(again.statusCode).toBe(200);
    const unknownStore = await app.inject({
      method: 'POST',
      url: `/__admin/rulrr/integrations/${await createIntegration(app)}/complete`,
      payload: { storeId: 'nope' },
    });
    expect(unknownStore.statusCode).toBe(404);
  });
});

describe('SANDBOX_ADMIN_TOKEN', () => {
  it('requires the bearer token on every admin call but health when set, and leaves the emulated APIs alone', async () => {
    app = await buildTestApp({ adminToken: 's3cret-admin' });
    const without = await app.inject({ method: 'GET', url: '/__admin/clock' });
    expect(without.statusCode).toBe(401);
    expect(without.json().error).toBe('unauthorized');
    const wrong = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const right = await app.inject({ method: 'GET', url: '/__admin/clock', headers: { authorization: 'Bearer s3cret-admin' } });
    expect(right.statusCode).toBe(200);
    // Image and compose healthchecks carry no token: health stays open (it reveals nothing).
    expect((await app.inject({ method: 'GET', url: '/__admin/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=pos-demo-secret' })).statusCode).toBe(200);
  });

  it('answers unknown admin paths with the admin 404 body', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/__admin/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });
});
