import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_STORE_ID } from '../../helpers/build.js';
import { cpuTimedAsync, HTTP_CPU_BUDGET_MS, HTTP_WALL_BUDGET_MS } from '../../helpers/cpu-time.js';
import { connectedStore } from '../../helpers/rulrr.js';

/** The inputs a fuzzing probe found answering 500, freezing the server or echoing kilobytes. */
const KB40 = 40 * 1024;
const MAX_MESSAGE = 1024;
const backtrackingEmail = `a@${'.'.repeat(KB40)}@`;

let app: FastifyInstance;
let accessToken: string;
beforeEach(async () => {
  app = await buildTestApp();
  ({ accessToken } = await connectedStore(app));
});
afterEach(() => app.close());

async function timed(options: InjectOptions) {
  const { result: response, cpuMs, wallMs } = await cpuTimedAsync(() => app.inject(options));
  expect(cpuMs).toBeLessThan(HTTP_CPU_BUDGET_MS);
  expect(wallMs).toBeLessThan(HTTP_WALL_BUDGET_MS);
  return response;
}

const errorOf = (response: { json: <T>() => T }) => {
  const body = response.json<{ error: string; message: string }>();
  expect(body).toEqual({ success: false, error: expect.any(String), message: expect.any(String) });
  expect(body.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  return { error: body.error, message: body.message };
};

function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

async function uploadPath(): Promise<string> {
  const response = await app.inject({ method: 'GET', url: `/rulrr/v1/customers?access_token=${accessToken}` });
  return new URL(response.json().uploadUrl).pathname;
}

const customers = async () =>
  (await app.inject({ method: 'GET', url: `/__admin/rulrr/stores/${DEMO_STORE_ID}/customers` })).json().customers as unknown[];

describe('(a) an e-mail that made the old pattern backtrack', () => {
  it('is refused in an order at once, with nothing stored', async () => {
    const response = await timed({
      method: 'POST',
      url: `/rulrr/v1/orders?access_token=${accessToken}`,
      payload: { orderId: 'evil-email', total: '1', customer: { email: backtrackingEmail } },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      error: 'invalid_request_body',
      message: 'body.customer.email must be an email address of at most 254 characters',
    });
    const readBack = await app.inject({ method: 'GET', url: `/rulrr/v1/orders?access_token=${accessToken}&orderId=evil-email` });
    expect(readBack.statusCode).toBe(404);
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify({ customers: [{ customerId: 'c-1', email: backtrackingEmail }] }), 1],
    ['CSV', 'text/csv', `customerId,email\nc-1,${backtrackingEmail}`, 2],
  ])('rejects the %s upload row at once, naming only a glimpse of it', async (_name, contentType, payload, line) => {
    const response = await timed({ method: 'PUT', url: await uploadPath(), headers: { 'content-type': contentType }, payload });
    expect(response.json()).toEqual({
      success: true,
      received: 1,
      accepted: 0,
      rejected: [{ line, customerId: 'c-1', reason: `email "a@${'.'.repeat(58)}"… (${KB40 + 3} characters) is not an email address` }],
    });
    expect(await customers()).toEqual([]);
  });
});

describe('(b) a country code of the wrong shape', () => {
  it.each(['USA', '840', 'usa', 'U'.repeat(KB40), '\u0000\u0000'])('answers 400, not 500, for storeCountryCode #%#', async (code) => {
    const before = (await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).json().store;
    const response = await timed({
      method: 'PUT',
      url: `/rulrr/v1/stores?access_token=${accessToken}`,
      payload: { storeName: 'Renamed', storeAddress: '1 Main St', storeCountryCode: code },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      error: 'invalid_request_body',
      message: 'body.storeCountryCode must be an ISO 3166-1 alpha-2 code such as US',
    });
    const after = (await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` })).json().store;
    expect(after).toEqual(before);
  });
});

describe('(c) deeply nested values', () => {
  const tooDeep = { error: 'invalid_request_body', message: 'The request body is JSON nested more than 64 levels deep' };

  it.each(['customerId', 'firstName', 'email', 'phone', 'marketingOptIn'])('in an upload row\'s %s are a rejected row', async (field) => {
    const payload = `{"customers":[{"customerId":"c-1","${field}":${nestedJson(60)}}]}`;
    const response = await timed({ method: 'PUT', url: await uploadPath(), headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(200);
    const { rejected } = response.json();
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason.length).toBeLessThan(100);
  });

  it.each([
    ['an upload row field 10 000 deep', 'PUT', () => uploadPath(), `{"customers":[{"customerId":"c-1","marketingOptIn":${nestedJson(10_000)}}]}`],
    ['an upload row 300 000 deep (600 KB)', 'PUT', () => uploadPath(), `{"customers":[${nestedJson(300_000)}]}`],
    ['an order\'s customer 10 000 deep', 'POST', async () => `/rulrr/v1/orders?access_token=${accessToken}`, `{"orderId":"deep","total":"1","customer":${nestedJson(10_000)}}`],
    ['an order item 65 deep', 'POST', async () => `/rulrr/v1/orders?access_token=${accessToken}`, `{"orderId":"deep","total":"1","items":[${nestedJson(63)}]}`],
  ] as const)('%s answer 400 before the body is parsed', async (_name, method, url, payload) => {
    const response = await timed({ method, url: await url(), headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(tooDeep);
    expect(await customers()).toEqual([]);
  });

  it('brackets inside strings do not count', async () => {
    const payload = JSON.stringify({ customers: [{ customerId: 'c-1', firstName: '['.repeat(90) }] });
    const response = await timed({ method: 'PUT', url: await uploadPath(), headers: { 'content-type': 'application/json' }, payload });
    expect(response.json()).toEqual({ success: true, received: 1, accepted: 1, rejected: [] });
  });
});

describe('(d) error messages never echo more than a glimpse of the input', () => {
  it('an unknown client_id of 15 KB', async () => {
    const response = await timed({ method: 'POST', url: `/rulrr/v1/auth/integration?client_id=${'x'.repeat(15_000)}&client_secret=s` });
    expect(errorOf(response)).toEqual({ error: 'invalid_client', message: `Unknown client_id "${'x'.repeat(60)}"… (15000 characters)` });
  });

  it('an unknown orderId of 15 KB', async () => {
    const response = await timed({ method: 'GET', url: `/rulrr/v1/orders?access_token=${accessToken}&orderId=${'o'.repeat(15_000)}` });
    expect(errorOf(response).message).toBe(`No order with orderId "${'o'.repeat(60)}"… (15000 characters) for this store`);
  });

  it('an unknown path of 15 KB', async () => {
    const response = await timed({ method: 'GET', url: `/rulrr/${'p'.repeat(15_000)}` });
    expect(errorOf(response).message).toBe(`No Rulrr endpoint GET /rulrr/${'p'.repeat(113)}…`);
  });

  it('an order with 500 bad items names five of them', async () => {
    const items = new Array(500).fill({ name: 'x', quantity: 1, price: 'x'.repeat(1000) });
    const response = await timed({ method: 'POST', url: `/rulrr/v1/orders?access_token=${accessToken}`, payload: { orderId: 'o', total: '1', items } });
    const { message } = errorOf(response);
    expect(message).toMatch(/^body\.items\.0\.price must be an integer amount .*; body\.items\.4\.price .*; and 495 more problem\(s\)$/);
  });

  it('a CSV header of 60 000 unknown columns, answered at once', async () => {
    const header = Array.from({ length: 60_000 }, (_, i) => `column${i}`).join(',');
    const response = await timed({ method: 'PUT', url: await uploadPath(), headers: { 'content-type': 'text/csv' }, payload: header });
    expect(errorOf(response)).toEqual({
      error: 'invalid_upload',
      message:
        'CSV header line: unknown column(s) "column0", "column1", "column2", "column3", "column4" and 59995 more; expected customerId,firstName,lastName,email,phone,marketingOptIn',
    });
  });

  it('an upload report of 100 rows with 4 KB phone numbers stays small', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ customerId: `c-${i}`, phone: 'p'.repeat(4096), firstName: 'f'.repeat(4096) }));
    const response = await timed({ method: 'PUT', url: await uploadPath(), payload: { customers: rows } });
    expect(response.json().rejected).toHaveLength(100);
    expect(response.body.length).toBeLessThan(20_000);
  });
});
