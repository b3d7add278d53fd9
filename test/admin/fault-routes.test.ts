import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, FIXTURES_DIR } from '../helpers/build.js';
import { connectedStore } from '../helpers/rulrr.js';

let app: FastifyInstance;
let tempDir: string | undefined;
afterEach(async () => {
  await app?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
});

async function addFault(fault: Record<string, unknown>, workspace = 'demo') {
  const response = await app.inject({ method: 'POST', url: `/__admin/faults?workspace=${workspace}`, payload: fault });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number; seed: number }>();
}

async function faults(workspace = 'demo') {
  return (await app.inject({ method: 'GET', url: `/__admin/faults?workspace=${workspace}` })).json<{ faults: Array<Record<string, unknown>> }>().faults;
}

const orderBody = (orderId: string) => ({ orderId, total: '1250', currency: 'USD', items: [{ name: 'Latte', quantity: 1, price: '1250' }] });

describe('fault injection', () => {
  it("answers an injected status in the API's own error body, and the API does not run", async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    const fault = await addFault({ api: 'rulrr', method: 'POST', path: '/rulrr/v1/orders', status: 503 });
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/orders?access_token=${accessToken}`, payload: orderBody('F-1') });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['retry-after']).toBe('1');
    expect(response.headers['x-sandbox-fault']).toBe(String(fault.id));
    expect(response.json()).toEqual({
      success: false,
      error: 'service_unavailable',
      message: `Service Unavailable (injected by sandbox fault ${fault.id})`,
    });
    const read = await app.inject({ method: 'GET', url: `/rulrr/v1/orders?access_token=${accessToken}&orderId=F-1` });
    expect(read.statusCode).toBe(404);
  });

  it.each([
    [400, 'invalid_request'],
    [409, 'conflict'],
    [429, 'too_many_requests'],
    [500, 'internal_error'],
    [504, 'gateway_timeout'],
  ])('words an injected %i as Rulrr would (%s)', async (status, code) => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', status });
    const response = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ success: false, error: code });
  });

  it("leaves the API's credential and parameter checks first: a bad token still answers 403, and uses up nothing", async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/*', status: 500, times: 1 });
    expect((await app.inject({ method: 'GET', url: '/rulrr/v1/stores?access_token=rat_wrong' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/orders?access_token=${accessToken}` })).statusCode).toBe(400);
    expect(await faults()).toMatchObject([{ hits: 0, remaining: 1 }]);
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).statusCode).toBe(500);
  });

  it('expires after `times` hits, and the listing shows hits, draws and what remains', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', status: 502, times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).statusCode);
    expect(statuses).toEqual([502, 502, 200, 200]);
    expect(await faults()).toMatchObject([{ times: 2, remaining: 0, hits: 2, draws: 2, expired: true, source: 'admin' }]);
  });

  it('matches by API, method and path pattern only', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ api: 'rulrr', method: 'POST', path: '*/orders', status: 500 });
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/orders?access_token=${accessToken}&orderId=x` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).statusCode).toBe(200);
    const hit = await app.inject({ method: 'POST', url: `/rulrr/v1/orders?access_token=${accessToken}`, payload: orderBody('M-1') });
    expect(hit.statusCode).toBe(500);
  });

  it('matches the path with the API prefix also for a call routed by its vendor Host', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', status: 418 });
    const response = await app.inject({ method: 'GET', url: `/v1/stores?access_token=${accessToken}`, headers: { host: 'api.rulrr.com' } });
    expect(response.statusCode).toBe(418);
    expect(response.json()).toMatchObject({ success: false, error: 'i_m_a_teapot' });
  });

  it('draws once for a HEAD call, as for any other', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', status: 500, probability: 0.5, seed: 1 });
    await app.inject({ method: 'HEAD', url: `/rulrr/v1/stores?access_token=${accessToken}` });
    expect(await faults()).toMatchObject([{ draws: 1 }]);
  });

  it('waits delayMs, then lets the API answer', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', delayMs: 300 });
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.statusCode).toBe(200);
    expect(response.json().success).toBe(true);
  });

  it('lets the API run and cuts its answer: the body does not parse, the order is stored', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ method: 'POST', path: '/rulrr/v1/orders', malformed: true, times: 1 });
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/orders?access_token=${accessToken}`, payload: orderBody('G-1') });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(response.body)).toThrow();
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    const retry = await app.inject({ method: 'POST', url: `/rulrr/v1/orders?access_token=${accessToken}`, payload: orderBody('G-1') });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().order.orderId).toBe('G-1');

    const [, garbled] = (await app.inject({ method: 'GET', url: '/__admin/requests?path=/rulrr/v1/orders' })).json().requests;
    expect(garbled.fault).toEqual({ id: expect.any(Number), kind: 'malformed' });
    expect(garbled.response.body).toBe(response.body);
  });

  it('drops the connection without an answer, and the journal says so', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    await addFault({ path: '/rulrr/v1/stores', drop: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const failure = await new Promise<Error>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: `/rulrr/v1/stores?access_token=${accessToken}` }, () => reject(new Error('answered')))
        .on('error', resolve)
        .end();
    });
    expect((failure as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    const [entry] = (await app.inject({ method: 'GET', url: '/__admin/requests?path=/rulrr/v1/stores' })).json().requests;
    expect(entry).toMatchObject({ response: { status: 0, body: null }, fault: { kind: 'drop' } });
  });

  it('hits the same calls for the same seed, run after run', async () => {
    app = await buildTestApp();
    const { accessToken } = await connectedStore(app);
    const run = async (seed: number) => {
      await app.inject({ method: 'DELETE', url: '/__admin/faults' });
      await addFault({ path: '/rulrr/v1/stores', status: 500, probability: 0.5, seed });
      const hits: boolean[] = [];
      for (let i = 0; i < 24; i++) {
        hits.push((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).statusCode === 500);
      }
      return hits;
    };
    const first = await run(42);
    expect(await run(42)).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(4);
    expect(first.filter(Boolean).length).toBeLessThan(20);
    expect(await run(43)).not.toEqual(first);
    expect(await faults()).toMatchObject([{ seed: 43, probability: 0.5, draws: 24 }]);
  });

  it('chooses and shows a seed when none is given', async () => {
    app = await buildTestApp();
    const fault = await addFault({ status: 500, probability: 0.1 });
    expect(fault.seed).toEqual(expect.any(Number));
    expect(await faults()).toMatchObject([{ seed: fault.seed }]);
  });

  it("applies only to the fault's workspace", async () => {
    app = await buildTestApp();
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} })).json();
    await addFault({ workspace: other.id, status: 500 }, other.id);
    const demo = await connectedStore(app);
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${demo.accessToken}` })).statusCode).toBe(200);
    const theirs = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?client_id=${other.rulrr.clientId}&client_secret=${other.rulrr.clientSecret}` });
    expect(theirs.statusCode).toBe(500);
    expect(await faults()).toEqual([]);
  });

  it('takes the workspace from the body too, and refuses two different ones', async () => {
    app = await buildTestApp();
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} })).json();
    const inBody = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { workspace: other.id, status: 500 } });
    expect(inBody.statusCode).toBe(201);
    expect(inBody.json().workspace).toBe(other.id);
    const both = await app.inject({ method: 'POST', url: `/__admin/faults?workspace=demo`, payload: { workspace: other.id, status: 500 } });
    expect(both.statusCode).toBe(400);
    const unknown = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { workspace: 'ws0000000000', status: 500 } });
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ['no effect', {}, /needs an effect/],
    ['a status and a drop', { status: 500, drop: true }, /at most one/],
    ['a drop and a malformed body', { malformed: true, drop: true }, /at most one/],
    ['a status that is no error', { status: 302 }, /status/],
    ['probability 0', { status: 500, probability: 0 }, /probability/],
    ['probability 1.5', { status: 500, probability: 1.5 }, /probability/],
    ['a path without its leading slash', { status: 500, path: 'rulrr/*' }, /path/],
    ['a path pattern of 600 characters', { status: 500, path: `/${'a'.repeat(600)}` }, /path/],
    ['a lower-case method', { status: 500, method: 'get' }, /method/],
    ['an unknown API', { status: 500, api: 'nope' }, /api must be one of rulrr/],
    ['a negative seed', { status: 500, seed: -1 }, /seed/],
    ['times 0', { status: 500, times: 0 }, /times/],
    ['a delay past the cap', { delayMs: 10_000_000 }, /delayMs/],
    ['an unknown field', { status: 500, colour: 'red' }, /colour/],
  ])('refuses %s with 400', async (_case, payload, message) => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/__admin/faults', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
  });

  it('deletes one fault, or all of a workspace', async () => {
    app = await buildTestApp();
    const first = await addFault({ status: 500 });
    await addFault({ status: 502 });
    await addFault({ status: 503 });
    expect((await app.inject({ method: 'DELETE', url: `/__admin/faults/${first.id}` })).json()).toEqual({ id: first.id, deleted: true });
    expect((await app.inject({ method: 'DELETE', url: `/__admin/faults/${first.id}` })).statusCode).toBe(404);
    expect((await faults()).map((fault) => fault.status)).toEqual([502, 503]);
    expect((await app.inject({ method: 'DELETE', url: '/__admin/faults' })).json()).toEqual({ deleted: 2 });
    expect(await faults()).toEqual([]);
  });

  it('seeds every new workspace with fixtures/faults.json, and a reset brings them back', async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'pos-sandbox-faults-'));
    cpSync(FIXTURES_DIR, tempDir, { recursive: true });
    writeFileSync(join(tempDir, 'faults.json'), JSON.stringify([{ api: 'rulrr', path: '/rulrr/v1/stores', status: 503, times: 1 }]));
    app = await buildTestApp({ fixturesDir: tempDir });
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} })).json();
    for (const workspace of ['demo', other.id]) {
      expect(await faults(workspace)).toMatchObject([{ path: '/rulrr/v1/stores', status: 503, times: 1, remaining: 1, source: 'fixtures' }]);
    }
    const { accessToken } = await connectedStore(app);
    expect((await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).statusCode).toBe(503);
    expect(await faults()).toMatchObject([{ remaining: 0 }]);
    const reset = await app.inject({ method: 'POST', url: '/__admin/workspaces/demo/reset' });
    expect(reset.json().loaded.faults).toEqual({ faults: 1 });
    expect(await faults()).toMatchObject([{ remaining: 1 }]);
  });

  it('refuses to start with a fixture fault naming an API the sandbox does not serve', async () => {
    tempDir = mkdtempSync(join(tmpdir(), 'pos-sandbox-faults-'));
    cpSync(FIXTURES_DIR, tempDir, { recursive: true });
    writeFileSync(join(tempDir, 'faults.json'), JSON.stringify([{ api: 'paypal', status: 503 }]));
    await expect(buildTestApp({ fixturesDir: tempDir })).rejects.toThrow(/faults.json names the API "paypal"/);
  });
});
