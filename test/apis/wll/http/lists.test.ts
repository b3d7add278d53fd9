import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { mintToken, wll } from '../../../helpers/wll.js';

/*
 * GET /receipts and GET /orders through HTTP: limit, skip, sort, order and O-Rison filters,
 * on receipts and orders made a minute apart on a frozen workspace clock.
 */

let app: FastifyInstance;
let admin: string;
const START = Date.parse('2030-06-15T12:00:00.000Z');

interface Made {
  id: string;
  total: number;
  merchant: string;
  createdAt: string;
  status: string;
}
const receipts: Made[] = [];

const MERCHANTS = ['Demo Coffee Bar', 'Demo Superstore', 'Corn Exchange Bar'];

beforeAll(async () => {
  app = await buildTestApp();
  for (let i = 0; i < 24; i++) {
    const createdAt = new Date(START + i * 60_000).toISOString();
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: createdAt } });
    admin = await mintToken(app, 'admin');
    const total = (i * 37) % 200;
    const merchant = MERCHANTS[i % 3]!;
    const response = await wll(app, '/receipts', {
      token: admin,
      body: {
        useParser: false,
        submitter: { authIdentifier: `user-${i % 4}` },
        ocrConfidence: i % 6 === 0 ? 0.3 : 0.9,
        serviceDate: { value: '2030-06-14', confidence: 1 },
        serviceTime: { value: `${String(10 + (i % 10)).padStart(2, '0')}:00`, confidence: 1 },
        total: { value: total, confidence: 1 },
        barcode: { value: `LIST-${i}`, confidence: 1 },
        merchantName: { value: merchant, confidence: 1 },
        locationIdentifier: { value: String(1230 + (i % 3)), confidence: 1 },
        lineItems: [],
      },
    });
    const data = response.json().data;
    // The clock ticks on after a move: the receipt's time is its review's, a little after `createdAt`.
    receipts.push({ id: data.id, total, merchant, createdAt: data.paramountReview.createdAt, status: data.status });
    await wll(app, '/orders', {
      token: admin,
      body: { submitter: { authIdentifier: `user-${i % 4}` }, transactionId: `T-${i}`, total, locationIdentifier: String(1230 + (i % 3)), lineItems: [] },
    });
  }
});
afterAll(() => app.close());

async function listReceipts(query: string) {
  const response = await wll(app, `/receipts?${query}`, { token: admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as Array<{ id: string; total: number; createdAt: string; status: string }>;
}

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
const newestFirst = () => [...receipts].reverse();

describe('GET /receipts', () => {
  it('answers the newest ten by default', async () => {
    expect(ids(await listReceipts(''))).toEqual(ids(newestFirst().slice(0, 10)));
  });

  it('pages with limit and skip, without overlap or gap', async () => {
    const pages = await Promise.all([0, 7, 14, 21].map((skip) => listReceipts(`limit=7&skip=${skip}`)));
    expect(pages.flat().map((item) => item.id)).toEqual(ids(newestFirst()));
    expect(await listReceipts('limit=5&skip=100')).toEqual([]);
  });

  it('sorts by each documented choice in either order, ties broken by id', async () => {
    const byTotal = await listReceipts('sort=total&order=ASC&limit=100');
    const totals = byTotal.map((item) => item.total);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    const lower = await listReceipts('sort=createdAt&order=asc&limit=3');
    expect(ids(lower)).toEqual(ids(receipts.slice(0, 3)));
    for (const sort of ['updatedAt', 'notionallyServedAt', 'subtotal']) {
      expect(await listReceipts(`sort=${sort}&limit=100`)).toHaveLength(24);
    }
  });

  it.each([
    ['total:(gt:100)', (r: Made) => r.total > 100],
    ['total:(lt:50),status:(eq:AUTHORIZED)', (r: Made) => r.total < 50 && r.status === 'AUTHORIZED'],
    ["status:(in:!(PENDING,REJECTED))", (r: Made) => r.status !== 'AUTHORIZED'],
    ["merchantName:(like:'%coffee%')", (r: Made) => r.merchant === 'Demo Coffee Bar'],
    ["merchantName:(has:'EXCHANGE')", (r: Made) => r.merchant === 'Corn Exchange Bar'],
    ["merchantName:(neq:'Demo Superstore')", (r: Made) => r.merchant !== 'Demo Superstore'],
    ["createdAt:(gt:'2030-06-15T12:20:00Z')", (r: Made) => r.createdAt > '2030-06-15T12:20:00.000Z'],
    ["barcode:(eq:'LIST-3')", (r: Made) => r.id === receipts[3]!.id],
    ["transactionId:(in:!('LIST-1','LIST-2'))", (r: Made) => r.id === receipts[1]!.id || r.id === receipts[2]!.id],
    ["submitter.authIdentifier:(eq:'user-1')", (_r: Made, i: number) => i % 4 === 1],
    ['ocrConfidence:(lt:0.5)', (_r: Made, i: number) => i % 6 === 0],
    ["locationIdentifier:(eq:'1231'),total:(gt:10)", (r: Made, i: number) => i % 3 === 1 && r.total > 10],
    ["serviceDate:(eq:'2030-06-14'),serviceTime:(gt:'15:00')", (_r: Made, i: number) => 10 + (i % 10) > 15],
  ])('filters with %s', async (filter, keep) => {
    const expected = receipts.filter((receipt, i) => keep(receipt, i)).reverse();
    expect(expected.length).toBeGreaterThan(0);
    const found = await listReceipts(`limit=100&filter=${encodeURIComponent(filter)}`);
    expect(ids(found)).toEqual(ids(expected));
  });

  it('takes an id filter and answers an empty page when nothing matches', async () => {
    expect(ids(await listReceipts(`filter=${encodeURIComponent(`id:(eq:'${receipts[5]!.id}')`)}`))).toEqual([receipts[5]!.id]);
    expect(await listReceipts(`filter=${encodeURIComponent('total:(gt:100000)')}`)).toEqual([]);
  });

  it.each([
    ['an unknown field', 'filter=totl:(gt:1)', /^filter: unknown field "totl"/],
    ['an unknown operator', 'filter=total:(gte:1)', /^filter: unknown operator "gte"/],
    ['a value of the wrong type', "filter=total:(gt:'ten')", /^filter: total\.gt/],
    ['text that is not O-Rison', 'filter=total:(gt:1', /^filter: not valid O-Rison/],
    ['a limit over 100', 'limit=101', /^limit: must be a whole number from 1 to 100/],
    ['a negative skip', 'skip=-1', /^skip: /],
    ['a sort the docs do not list', 'sort=barcode', /^sort: unknown sort "barcode" \(choices: createdAt, updatedAt, notionallyServedAt, total, subtotal\)/],
    ['an order other than ASC or DESC', 'order=UP', /^order: must be ASC or DESC/],
  ])('answers 400 BadRequestError for %s, saying what is wrong', async (_name, query, message) => {
    const response = await wll(app, `/receipts?${query}`, { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ status: 'fail', data: { name: 'BadRequestError', httpCode: 400, message: expect.stringMatching(message) } });
  });

  it('answers 400 for a parameter given twice', async () => {
    const response = await wll(app, '/receipts?limit=1&limit=2', { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json().data.name).toBe('BadRequestError');
  });
});

describe('GET /orders', () => {
  it('answers newest first, and filters, sorts and pages as receipts do', async () => {
    const all = (await wll(app, '/orders?limit=100', { token: admin })).json().data as Array<{ transactionId: string; total: number }>;
    expect(all.map((order) => order.transactionId)).toEqual(receipts.map((_, i) => `T-${i}`).reverse());
    const filtered = (await wll(app, `/orders?filter=${encodeURIComponent("locationIdentifier:(eq:'1230'),total:(gt:50)")}&sort=total&order=ASC`, { token: admin }))
      .json().data as Array<{ locationIdentifier: string; total: number }>;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((order) => order.locationIdentifier === '1230' && order.total > 50)).toBe(true);
    expect(filtered.map((order) => order.total)).toEqual(filtered.map((order) => order.total).sort((a, b) => a - b));
    const byTransaction = (await wll(app, `/orders?filter=${encodeURIComponent("transactionId:(eq:'T-3')")}`, { token: admin })).json().data;
    expect(byTransaction).toHaveLength(1);
    const paged = (await wll(app, '/orders?limit=2&skip=22', { token: admin })).json().data;
    expect(paged.map((order: { transactionId: string }) => order.transactionId)).toEqual(['T-1', 'T-0']);
  });

  it('answers 400 for a sort or field orders do not have', async () => {
    for (const query of ['sort=notionallyServedAt', 'filter=barcode:(eq:x)']) {
      const response = await wll(app, `/orders?${query}`, { token: admin });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().data.name).toBe('BadRequestError');
    }
  });
});
