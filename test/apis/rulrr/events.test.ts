import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, DEMO_MERCHANT, DEMO_STORE_ID, query } from '../../helpers/build.js';
import { completeIntegration, connectedStore, createIntegration } from '../../helpers/rulrr.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

interface Message {
  channel: string;
  recipient: string | null;
  body: string;
  payload: Record<string, unknown>;
  createdAt: string;
}
const outbox = async (channel: string): Promise<Message[]> =>
  (await app.inject({ method: 'GET', url: `/__admin/outbox?api=rulrr&channel=${channel}` })).json().messages;
const events = async () => (await outbox('event')).map((m) => m.payload);
const admin = (integrationToken: string, action: 'complete' | 'cancel' | 'revoke', payload?: object) =>
  app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${integrationToken}/${action}`, ...(payload ? { payload } : {}) });

describe('Rulrr events', () => {
  it('records finished, then revoked, once each, with the time of the workspace clock', async () => {
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '2030-06-01T10:00:00Z' } });
    const token = await createIntegration(app);
    await completeIntegration(app, token, { ereceipt: true, storeId: 'store-demo-airport' });
    expect((await admin(token, 'complete')).statusCode).toBe(409);
    expect((await admin(token, 'revoke')).statusCode).toBe(200);
    expect((await admin(token, 'revoke')).statusCode).toBe(200);

    expect(await events()).toEqual([
      { type: 'rulrr.integration.finished', clientId: 'pos-demo', storeId: 'store-demo-airport', ereceipt: true },
      { type: 'rulrr.integration.revoked', clientId: 'pos-demo', storeId: 'store-demo-airport' },
    ]);
    const [finished] = await outbox('event');
    expect(finished).toMatchObject({ recipient: null, body: 'rulrr.integration.finished' });
    expect(finished!.createdAt.startsWith('2030-06-01T10:00')).toBe(true);
  });

  it('records finished when the merchant connects on the Rulrr-Connect page, and cancelled when they cancel there', async () => {
    const form = (token: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/rulrr/connect?${query({ integration_token: token, client_id: 'pos-demo' })}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ integration_token: token, client_id: 'pos-demo', ...fields }).toString(),
      });
    const connected = await createIntegration(app);
    const signedIn = await form(connected, { action: 'sign_in', ...DEMO_MERCHANT });
    const state = /name="state" value="([^"]*)"/.exec(signedIn.body)![1]!;
    expect((await form(connected, { action: 'connect', state, store_id: DEMO_STORE_ID })).statusCode).toBe(200);
    const cancelled = await createIntegration(app);
    expect((await form(cancelled, { action: 'cancel' })).statusCode).toBe(200);

    expect(await events()).toEqual([
      { type: 'rulrr.integration.finished', clientId: 'pos-demo', storeId: DEMO_STORE_ID, ereceipt: false },
      { type: 'rulrr.integration.cancelled', clientId: 'pos-demo' },
    ]);
  });

  it('records no event when an integration expires: an expiry is read, not made', async () => {
    const token = await createIntegration(app);
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT16M' } });
    const status = await app.inject({
      method: 'GET',
      url: `/rulrr/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: token })}`,
    });
    expect(status.json().status).toBe('cancelled');
    expect((await admin(token, 'cancel')).statusCode).toBe(409);
    expect(await events()).toEqual([]);
  });

  it('records the event in the transaction of its change: when the event cannot be stored, the change is not either', async () => {
    const token = await createIntegration(app);
    app.db.exec(
      "CREATE TRIGGER refuse_events BEFORE INSERT ON outbox_messages WHEN NEW.channel = 'event' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );
    expect((await admin(token, 'complete')).statusCode).toBe(500);
    app.db.exec('DROP TRIGGER refuse_events');
    const state = await app.inject({ method: 'GET', url: `/__admin/rulrr/integrations/${token}` });
    expect(state.json().status).toBe('pending');
    expect(await events()).toEqual([]);
  });

  describe('e-receipts', () => {
    const order = (accessToken: string, phone: string, orderId = 'pos-1') =>
      app.inject({
        method: 'POST',
        url: `/rulrr/v1/orders?access_token=${accessToken}`,
        payload: { orderId, total: '1250', customer: { phone }, ereceipt: true },
      });

    it('records rulrr.ereceipt.sent beside the SMS, and nothing again for a repeated order', async () => {
      const { accessToken } = await connectedStore(app, { ereceipt: true });
      const created = await order(accessToken, '+14155550123');
      expect((await order(accessToken, '+14155550123')).statusCode).toBe(200);
      const receiptUrl = created.json().order.ereceipt.url;

      const [sms] = await outbox('sms');
      expect(sms!.payload).toEqual({ type: 'ereceipt', status: 'sent', storeId: DEMO_STORE_ID, orderId: 'pos-1', receiptUrl });
      expect((await events()).slice(1)).toEqual([
        { type: 'rulrr.ereceipt.sent', storeId: DEMO_STORE_ID, orderId: 'pos-1', receiptUrl, phone: '+14155550123' },
      ]);
    });

    it('fails delivery to the magic number +15005550001: the order succeeds and the order, the outbox and the event say so', async () => {
      const { accessToken } = await connectedStore(app, { ereceipt: true });
      const response = await order(accessToken, '+15005550001');
      expect(response.statusCode).toBe(201);
      const { ereceipt } = response.json().order;
      expect(ereceipt).toEqual({ requested: true, sent: false, reason: 'delivery_failed', url: expect.stringContaining('/rulrr/receipts/') });

      const error = "The carrier refused the message: +15005550001 is the sandbox's undeliverable number";
      const [sms] = await outbox('sms');
      expect(sms).toMatchObject({ recipient: '+15005550001', payload: { type: 'ereceipt', status: 'failed', error } });
      expect((await events()).slice(1)).toEqual([
        { type: 'rulrr.ereceipt.failed', storeId: DEMO_STORE_ID, orderId: 'pos-1', receiptUrl: ereceipt.url, phone: '+15005550001', error },
      ]);

      const read = await app.inject({ method: 'GET', url: `/rulrr/v1/orders?orderId=pos-1&access_token=${accessToken}` });
      expect(read.json().order.ereceipt.reason).toBe('delivery_failed');
    });

    it('does not touch the magic number when no SMS would be sent anyway', async () => {
      const { accessToken } = await connectedStore(app, { ereceipt: false });
      const response = await order(accessToken, '+15005550001');
      expect(response.json().order.ereceipt).toMatchObject({ sent: false, reason: 'ereceipts_off' });
      expect(await outbox('sms')).toEqual([]);
    });
  });
});
