import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { mintToken, newWorkspace, picture, USER, wll } from '../../../helpers/wll.js';

let app: FastifyInstance;
let admin: string;
let user: string;

beforeEach(async () => {
  app = await buildTestApp();
  admin = await mintToken(app, 'admin');
  user = await mintToken(app, 'user');
});
afterEach(() => app.close());

/** Noon UTC on a summer day: the demo tenant (Europe/London) is at 13:00. */
const NOON = '2030-06-15T12:00:00.000Z';
const setClock = (instant: string, workspace = 'demo') =>
  app.inject({ method: 'POST', url: `/__admin/clock?workspace=${workspace}`, payload: { set: instant } });

/** A preparsed claim that passes every automated check on NOON's day. */
function preparsed(overrides: Record<string, unknown> = {}) {
  return {
    useParser: false,
    submitter: { authIdentifier: USER },
    ocrConfidence: 0.9,
    serviceDate: { value: '2030-06-14', confidence: 0.9 },
    serviceTime: { value: '18:30', confidence: 0.9 },
    total: { value: '12.50', confidence: 0.9 },
    barcode: { value: `B-${Math.random().toString(36).slice(2)}`, confidence: 0.9 },
    lineItems: [{ quantity: 1, description: 'Pepsi Max', identifier: 'SKU-PEPSI-MAX-12', unitPrice: 10.2, totalPrice: 10.2 }],
    ...overrides,
  };
}

async function claimPicture(name: string, token = user) {
  const response = await wll(app, '/receipts', { token, body: { useParser: true, pictureUrl: picture(name) } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as { id: string; status: string; paramountReview: { reason: string; verdict: string; comment: string } };
}

async function claimPreparsed(body: Record<string, unknown>) {
  const response = await wll(app, '/receipts', { token: admin, body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as { id: string; status: string; paramountReview: { reason: string; verdict: string; comment: string } };
}

describe('the picture parser fixtures (README table)', () => {
  it.each([
    ['supermarket', 'AUTHORIZED', 'VALID_DATA'],
    ['supermarket-copy', 'AUTHORIZED', 'VALID_DATA'],
    ['coffee-shop', 'AUTHORIZED', 'VALID_DATA'],
    ['party-basket', 'AUTHORIZED', 'VALID_DATA'],
    ['blurry', 'PENDING', 'INSUFFICIENT_DATA'],
    ['low-confidence', 'PENDING', 'INSUFFICIENT_DATA'],
    ['future-dated', 'REJECTED', 'INVALID_DATE'],
    ['stale', 'REJECTED', 'INVALID_DATE'],
    ['no-such-picture', 'PENDING', 'INSUFFICIENT_DATA'],
  ])('%s, claimed first, is %s/%s', async (name, status, reason) => {
    const claimed = await claimPicture(name);
    expect(claimed).toMatchObject({ status, paramountReview: { reason, isAutomated: true, reviwer: null } });
  });

  it('reads any other URL as unreadable', async () => {
    for (const pictureUrl of ['https://example.com/receiptImage.jpg', 'http://receipts.sandbox.test/supermarket.jpg', 'https://receipts.sandbox.test/supermarket.png', 'https://receipts.sandbox.test:8443/supermarket.jpg']) {
      const response = await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl } });
      expect(response.json().data.paramountReview.reason, pictureUrl).toBe('INSUFFICIENT_DATA');
    }
  });

  it('makes a second claim of the same barcode a DUPLICATE, the same picture or another photo of it', async () => {
    expect((await claimPicture('supermarket')).status).toBe('AUTHORIZED');
    for (const name of ['supermarket', 'supermarket-copy']) {
      expect(await claimPicture(name)).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'DUPLICATE' } });
    }
  });

  it('stores what the picture showed, line items matched to products and the service time as HH:MM:SS', async () => {
    const { id } = await claimPicture('party-basket');
    const receipt = (await wll(app, `/receipts/${id}`, { token: admin })).json().data;
    expect(receipt).toMatchObject({
      pictureUrl: picture('party-basket'),
      locationIdentifier: '1235',
      barcode: 'CE-1235-0007',
      transactionId: 'CE-1235-0007',
      total: 65.55,
      correctedTotal: 65.55,
      timezone: 'Europe/London',
      submitter: { authIdentifier: USER },
    });
    expect(receipt.serviceTime).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(receipt.lineItems.every((item: { productId?: string }) => typeof item.productId === 'string')).toBe(true);
  });
});

describe('the automated reviewer', () => {
  beforeEach(async () => {
    await setClock(NOON);
    // Tokens expire on the workspace's clock: minted after it moved.
    admin = await mintToken(app, 'admin');
  });

  it('decides in the documented order: insufficient data before the date, the date before duplicates', async () => {
    const insufficientAndFuture = await claimPreparsed(preparsed({ ocrConfidence: 0.2, serviceDate: { value: '2030-07-01', confidence: 1 } }));
    expect(insufficientAndFuture.paramountReview.reason).toBe('INSUFFICIENT_DATA');
    const first = preparsed();
    expect((await claimPreparsed(first)).status).toBe('AUTHORIZED');
    const futureDuplicate = await claimPreparsed({ ...first, serviceDate: { value: '2030-07-01', confidence: 1 } });
    expect(futureDuplicate.paramountReview.reason).toBe('INVALID_DATE');
    expect((await claimPreparsed(first)).paramountReview.reason).toBe('DUPLICATE');
  });

  it.each([
    ['no total', { total: undefined }],
    ['a total that does not read as an amount', { total: { value: 'Hello, world!', confidence: 0.9 } }],
    ['no service date', { serviceDate: undefined }],
    ['an OCR confidence below 0.5', { ocrConfidence: 0.49 }],
  ])('holds a receipt with %s for manual review (PENDING/INSUFFICIENT_DATA)', async (_name, overrides) => {
    const claimed = await claimPreparsed(preparsed(overrides));
    expect(claimed).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'INSUFFICIENT_DATA' } });
  });

  it('reads amounts written as text: "£12.50" is 12.5', async () => {
    const { id } = await claimPreparsed(preparsed({ total: { value: '£12.50', confidence: 0.9 }, subtotal: { value: 11, confidence: 0.9 } }));
    expect((await wll(app, `/receipts/${id}`, { token: admin })).json().data).toMatchObject({ total: 12.5, subtotal: 11, ocrConfidence: '0.9' });
  });

  it("judges dates in the tenant's timezone, which the admin API sets", async () => {
    // 00:30 on the 16th is in the future at noon UTC on the 15th — unless the tenant is at UTC+14.
    const early = () => preparsed({ serviceDate: { value: '2030-06-16', confidence: 1 }, serviceTime: { value: '00:30', confidence: 1 } });
    expect((await claimPreparsed(early())).paramountReview.reason).toBe('INVALID_DATE');
    const patched = await app.inject({ method: 'PATCH', url: '/__admin/wll/tenant', payload: { timezone: 'Pacific/Kiritimati' } });
    expect(patched.json()).toMatchObject({ workspace: 'demo', timezone: 'Pacific/Kiritimati', maxReceiptAgeDays: 30 });
    const claimed = await claimPreparsed(early());
    expect(claimed.status).toBe('AUTHORIZED');
    const stored = (await wll(app, `/receipts/${claimed.id}`, { token: admin })).json().data;
    expect(stored).toMatchObject({ timezone: 'Pacific/Kiritimati', servedAt: '2030-06-15T10:30:00.000Z' });
  });

  it("refuses receipts older than the tenant's maximum age", async () => {
    await app.inject({ method: 'PATCH', url: '/__admin/wll/tenant', payload: { maxReceiptAgeDays: 5, timezone: 'UTC' } });
    const dated = (date: string) => preparsed({ serviceDate: { value: date, confidence: 1 }, serviceTime: undefined });
    expect((await claimPreparsed(dated('2030-06-10'))).status).toBe('AUTHORIZED');
    const stale = await claimPreparsed(dated('2030-06-09'));
    expect(stale).toMatchObject({ status: 'REJECTED', paramountReview: { reason: 'INVALID_DATE', comment: expect.stringMatching(/more than 5 days ago/) } });
  });

  it('keeps the settings per workspace', async () => {
    const other = await newWorkspace(app);
    await app.inject({ method: 'PATCH', url: `/__admin/wll/tenant?workspace=${other.id}`, payload: { maxReceiptAgeDays: 0 } });
    expect((await app.inject({ url: '/__admin/wll/tenant' })).json().maxReceiptAgeDays).toBe(30);
    expect((await app.inject({ url: `/__admin/wll/tenant?workspace=${other.id}` })).json().maxReceiptAgeDays).toBe(0);
  });
});

describe('reviews', () => {
  it('makes a manual review the paramount review, and its verdict the status', async () => {
    const { id } = await claimPicture('blurry');
    for (const [verdict, status] of [
      ['AUTHORIZE', 'AUTHORIZED'],
      ['REJECT', 'REJECTED'],
      ['ABSTAIN', 'PENDING'],
    ] as const) {
      const review = await wll(app, `/receipts/${id}/reviews`, { token: admin, body: { verdict, reason: 'VERIFIED', comment: 'checked by hand' } });
      expect(review.statusCode).toBe(200);
      const receipt = (await wll(app, `/receipts/${id}`, { token: admin })).json().data;
      expect(receipt.status).toBe(status);
      expect(receipt.paramountReview).toEqual({ ...review.json().data, isAutomated: false, comment: 'checked by hand' });
    }
    const reviews = (await wll(app, `/receipts/${id}/reviews`, { token: admin })).json().data;
    expect(reviews.map((review: { verdict: string }) => review.verdict)).toEqual(['ABSTAIN', 'AUTHORIZE', 'REJECT', 'ABSTAIN']);
  });

  it('shows a manual review in the list with the status it set', async () => {
    const { id } = await claimPicture('low-confidence');
    await wll(app, `/receipts/${id}/reviews`, { token: admin, body: { verdict: 'AUTHORIZE', reason: 'VERIFIED' } });
    const listed = (await wll(app, `/receipts?filter=id:(eq:'${id}')`, { token: admin })).json().data;
    expect(listed).toMatchObject([{ id, status: 'AUTHORIZED' }]);
  });

  it('answers 404 for a receipt that does not exist, and 400 for a review that is not one', async () => {
    const missing = await wll(app, '/receipts/00000000-0000-0000-0000-000000000000/reviews', { token: admin, body: { verdict: 'REJECT', reason: 'TEST' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().data).toMatchObject({ name: 'NotFoundError', httpCode: 404 });
    const { id } = await claimPicture('blurry');
    const wrong = await wll(app, `/receipts/${id}/reviews`, { token: admin, body: { verdict: 'MAYBE', reason: 'BORED' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().data.message).toMatch(/body\.verdict/);
  });

  it('records a wll.receipt.reviewed event for the automated review and for each manual one', async () => {
    const { id } = await claimPicture('coffee-shop');
    await wll(app, `/receipts/${id}/reviews`, { token: admin, body: { verdict: 'REJECT', reason: 'SUSPICIOUS' } });
    const events = (await app.inject({ url: '/__admin/outbox?api=wll&channel=event' })).json().messages;
    expect(events.map((event: { payload: unknown }) => event.payload)).toMatchObject([
      { type: 'wll.receipt.reviewed', receiptId: id, status: 'AUTHORIZED', submitter: { authIdentifier: USER }, review: { isAutomated: true, reason: 'VALID_DATA' } },
      { type: 'wll.receipt.reviewed', receiptId: id, status: 'REJECTED', review: { isAutomated: false, reason: 'SUSPICIOUS' } },
    ]);
  });
});

describe('GET /receipts/{id}', () => {
  it('answers 404 for an unknown id and 400 for an id longer than 100 characters', async () => {
    expect((await wll(app, '/receipts/nope', { token: admin })).statusCode).toBe(404);
    const long = await wll(app, `/receipts/${'a'.repeat(101)}`, { token: admin });
    expect(long.statusCode).toBe(400);
    expect(long.json().data).toMatchObject({ name: 'BadRequestError', message: expect.stringMatching(/path\.id/) });
  });
});
