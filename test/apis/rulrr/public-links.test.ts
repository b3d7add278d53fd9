import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../helpers/build.js';
import { cpuTimedAsync, HTTP_CPU_BUDGET_MS } from '../../helpers/cpu-time.js';
import { connectedStore } from '../../helpers/rulrr.js';

/**
 * Links the sandbox stores and sends (the e-receipt link in an order and its SMS, the upload URL)
 * must not take the caller's Host header: a stored link would then point wherever the caller liked.
 */
let app: FastifyInstance;
afterEach(() => app.close());

const EVIL = 'evil.example';
const order = (orderId: string) => ({ orderId, total: '1250', customer: { phone: '+14155550123' }, ereceipt: true });

/** A real HTTP request over the socket, so the sandbox sees the address it was reached on. */
interface Answer {
  status: number;
  json: { order: { ereceipt: { url: string; sent: boolean } }; uploadUrl: string };
}

function send(port: number, method: string, path: string, host: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { host, ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Answer['json'] }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const smsBodies = async () =>
  ((await app.inject({ method: 'GET', url: '/__admin/outbox?api=rulrr&channel=sms' })).json().messages as Array<{ body: string }>).map((m) => m.body);

describe('links handed out ignore a forged Host header', () => {
  it('use the address the request arrived on when no public URL is configured', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app, { ereceipt: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/rulrr`;

    const placed = await send(port, 'POST', `/rulrr/v1/orders?access_token=${accessToken}`, EVIL, order('host-1'));
    expect(placed.status).toBe(201);
    expect(placed.json.order.ereceipt).toMatchObject({ sent: true, url: expect.stringMatching(new RegExp(`^${base}/receipts/rcpt_`)) });
    const [sms] = await smsBodies();
    expect(sms).toContain(`${base}/receipts/`);
    expect(sms).not.toContain(EVIL);

    const upload = await send(port, 'GET', `/rulrr/v1/customers?access_token=${accessToken}`, `${EVIL}:4010`);
    expect(upload.json.uploadUrl).toMatch(new RegExp(`^${base}/uploads/customers/rup_`));

    const readBack = await send(port, 'GET', `/rulrr/v1/orders?access_token=${accessToken}&orderId=host-1`, EVIL);
    expect(readBack.json.order.ereceipt.url).toBe(placed.json.order.ereceipt.url);
  });

  it('use SANDBOX_PUBLIC_URL when it is configured, whatever the Host', async () => {
    app = await buildTestApp({ publicUrl: 'http://pos-sandbox:4010' });
    const { accessToken } = await connectedStore(app, { ereceipt: true });
    for (const host of [EVIL, 'localhost:4010', 'api.rulrr.com']) {
      // api.rulrr.com is Host-routed: its paths carry no /rulrr prefix.
      const prefix = host === 'api.rulrr.com' ? '' : '/rulrr';
      const placed = await app.inject({
        method: 'POST',
        url: `${prefix}/v1/orders?access_token=${accessToken}`,
        headers: { host },
        payload: order(`public-${host}`),
      });
      expect(placed.statusCode).toBe(201);
      expect(placed.json().order.ereceipt.url).toMatch(/^http:\/\/pos-sandbox:4010\/rulrr\/receipts\/rcpt_/);
      const upload = await app.inject({ method: 'GET', url: `${prefix}/v1/customers?access_token=${accessToken}`, headers: { host } });
      expect(upload.json().uploadUrl).toMatch(/^http:\/\/pos-sandbox:4010\/rulrr\/uploads\/customers\/rup_/);
    }
    const bodies = await smsBodies();
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(body).toMatch(/http:\/\/pos-sandbox:4010\/rulrr\/receipts\/rcpt_/);
  });

  it.each([
    ['a 40 KB Host', 'h'.repeat(40 * 1024)],
    ['a Host with a path', 'evil.example/x'],
    ['a Host with user info', 'user@evil.example'],
    ['a Host of dots and dashes', `${'a-.'.repeat(80)}a`],
  ])('fall back to the arrival address for %s', async (_name, host) => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    const { result: upload, cpuMs } = await cpuTimedAsync(() =>
      app.inject({ method: 'GET', url: `/rulrr/v1/customers?access_token=${accessToken}`, headers: { host } }),
    );
    expect(cpuMs).toBeLessThan(HTTP_CPU_BUDGET_MS);
    expect(upload.json().uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1\/rulrr\/uploads\/customers\/rup_/);
  });
});
