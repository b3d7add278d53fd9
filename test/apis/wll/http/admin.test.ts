import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KEY, mintToken, newWorkspace, USER, wll } from '../../../helpers/wll.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

const admin = (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url: `/__admin/wll${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('workspaces (CONTRACT §6)', () => {
  it("shows each workspace's WLL API key: the demo one, and a fresh wll_<id>_… key elsewhere", async () => {
    expect((await app.inject({ url: '/__admin/workspaces/demo' })).json().wll).toEqual({ apiKey: DEMO_KEY });
    const other = await newWorkspace(app);
    expect(other.apiKey).toMatch(new RegExp(`^wll_${other.id}_[A-Za-z0-9_-]{43}$`));
    expect((await app.inject({ url: `/__admin/workspaces/${other.id}` })).json().wll).toEqual({ apiKey: other.apiKey });
    // A reset keeps the key.
    await app.inject({ method: 'POST', url: `/__admin/workspaces/${other.id}/reset` });
    expect((await wll(app, '/receipts', { apiKey: other.apiKey })).json().data.name).toBe('UnauthorizedError');
  });
});

describe('/__admin/wll/tenant', () => {
  it("reads and changes the reviewer's settings; refuses a timezone Intl does not know", async () => {
    expect((await admin('GET', '/tenant')).json()).toEqual({ workspace: 'demo', name: 'Demo Tenant', slug: 'demo-tenant', timezone: 'Europe/London', maxReceiptAgeDays: 30 });
    const changed = await admin('PATCH', '/tenant', { name: 'Renamed', maxReceiptAgeDays: 7 });
    expect(changed.json()).toMatchObject({ name: 'Renamed', timezone: 'Europe/London', maxReceiptAgeDays: 7 });
    const wrong = await admin('PATCH', '/tenant', { timezone: 'Mars/Olympus' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(/IANA timezone/) });
    expect((await admin('PATCH', '/tenant', { maxReceiptAgeDays: -1 })).statusCode).toBe(400);
    expect((await admin('PATCH', '/tenant', { colour: 'red' })).statusCode).toBe(400);
  });

  it('answers 404 for a workspace that does not exist', async () => {
    expect((await admin('GET', '/tenant?workspace=ws0000000000')).statusCode).toBe(404);
  });
});

describe('/__admin/wll/products', () => {
  it('lists the catalogue, and a product put there matches the line items of claims and orders made after', async () => {
    expect((await admin('GET', '/products')).json().products).toHaveLength(12);
    const created = await admin('PUT', '/products/oat-milk', { name: 'Oat milk 1l', identifiers: ['SKU-OAT-1L'], unitPrice: 1.8 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: 'oat-milk', name: 'Oat milk 1l', identifiers: ['SKU-OAT-1L'], unitPrice: 1.8 });
    expect((await admin('PUT', '/products/oat-milk', { name: 'Oat milk', identifiers: ['SKU-OAT-1L', 'OAT-2'], unitPrice: 1.9 })).statusCode).toBe(200);
    const token = await mintToken(app, 'admin');
    const order = (
      await wll(app, '/orders', { token, body: { submitter: { authIdentifier: USER }, lineItems: [{ quantity: 1, description: 'OAT', identifier: 'OAT-2' }] } })
    ).json().data;
    expect(order.lineItems[0].productId).toBe('oat-milk');
  });

  it("refuses an identifier another product holds (409), an id a rule could not name (400), and deletes", async () => {
    const taken = await admin('PUT', '/products/copy', { name: 'Copy', identifiers: ['SKU123'], unitPrice: 1 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ error: 'conflict', message: expect.stringMatching(/SKU123.*already belongs to product 8d68cb91/) });
    expect((await admin('PUT', "/products/a'b", { name: 'x', identifiers: ['x'], unitPrice: 1 })).statusCode).toBe(400);
    expect((await admin('DELETE', '/products/8d68cb91-202a-4c62-a867-8f9a8a1e2f50')).statusCode).toBe(204);
    expect((await admin('DELETE', '/products/8d68cb91-202a-4c62-a867-8f9a8a1e2f50')).statusCode).toBe(404);
    expect((await admin('GET', '/products')).json().products).toHaveLength(11);
  });

  it('edits one workspace only', async () => {
    const other = await newWorkspace(app);
    await admin('DELETE', `/products/8d68cb91-202a-4c62-a867-8f9a8a1e2f50?workspace=${other.id}`);
    expect((await admin('GET', `/products?workspace=${other.id}`)).json().products).toHaveLength(11);
    expect((await admin('GET', '/products')).json().products).toHaveLength(12);
  });
});

describe('/__admin/wll/venues', () => {
  it('lists, puts and deletes venues; a location another venue covers is a conflict', async () => {
    expect((await admin('GET', '/venues')).json().venues.map((venue: { name: string }) => venue.name)).toContain('The Corn Exchange, Leeds');
    expect((await admin('PUT', '/venues/pop-up', { name: 'Pop-up', locationIdentifiers: ['POP-1'] })).statusCode).toBe(201);
    expect((await admin('PUT', '/venues/other', { name: 'Other', locationIdentifiers: ['POP-1'] })).statusCode).toBe(409);
    expect((await admin('DELETE', '/venues/pop-up')).statusCode).toBe(204);
    expect((await admin('DELETE', '/venues/pop-up')).statusCode).toBe(404);
  });
});

describe('/__admin/wll/receipts/{id}/rule-engine', () => {
  it("answers null for a receipt no rule set reviewed, and 404 for another workspace's receipt", async () => {
    const other = await newWorkspace(app);
    const user = await mintToken(app, 'user', { apiKey: other.apiKey });
    const { id } = (
      await wll(app, '/receipts', { apiKey: other.apiKey, token: user, body: { useParser: true, pictureUrl: 'https://receipts.sandbox.test/coffee-shop.jpg' } })
    ).json().data;
    expect((await admin('GET', `/receipts/${id}/rule-engine?workspace=${other.id}`)).json()).toEqual({ receiptId: id, ruleEngineOutput: null });
    expect((await admin('GET', `/receipts/${id}/rule-engine`)).statusCode).toBe(404);
  });
});
