import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_STORE_ID } from '../../helpers/build.js';
import { connectedStore, type Tokens } from '../../helpers/rulrr.js';

let app: FastifyInstance;
let tokens: Tokens;
beforeEach(async () => {
  app = await buildTestApp();
  tokens = await connectedStore(app, { ereceipt: true });
});
afterEach(() => app.close());

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}access_token=${tokens.accessToken}`;

describe('GET /v1/stores', () => {
  it('returns the connected store profile and its e-receipt setting', async () => {
    const response = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/stores') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      store: {
        storeId: DEMO_STORE_ID,
        storeName: 'Demo Coffee — Downtown',
        storeAddress: '100 Market Street',
        storeCity: 'San Francisco',
        storeState: 'CA',
        storePostalCode: '94105',
        storeCountryCode: 'US',
        storePhoneNumber: '+14155550100',
        storeCurrency: 'USD',
        updatedAt: expect.any(String),
        settings: { ereceipt: true },
      },
    });
  });

  it('reflects the store chosen on Connect and e-receipts off', async () => {
    const other = await connectedStore(app, { storeId: 'store-demo-airport', ereceipt: false });
    const response = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${other.accessToken}` });
    expect(response.json().store).toMatchObject({ storeId: 'store-demo-airport', settings: { ereceipt: false } });
  });
});

describe('PUT /v1/stores', () => {
  const profile = {
    storeName: 'Demo Coffee Downtown (renamed)',
    storeAddress: '1 Ferry Building',
    storeCountryCode: 'US',
    storeCity: 'San Francisco',
    storeCurrency: 'EUR',
  };

  it('replaces the profile: fields left out are cleared, the currency is kept unless sent', async () => {
    const response = await app.inject({ method: 'PUT', url: withToken('/rulrr/v1/stores'), payload: profile });
    expect(response.statusCode).toBe(200);
    expect(response.json().store).toMatchObject({ ...profile, storeState: null, storePostalCode: null, storePhoneNumber: null });
    const noCurrency = { ...profile, storeCurrency: undefined };
    const again = await app.inject({ method: 'PUT', url: withToken('/rulrr/v1/stores'), payload: noCurrency });
    expect(again.json().store.storeCurrency).toBe('EUR');
    const read = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/stores') });
    expect(read.json().store.storeName).toBe(profile.storeName);
  });

  it.each([
    ['storeName missing', { storeAddress: 'x', storeCountryCode: 'US' }, 'body.storeName is required'],
    ['a lowercase country', { storeName: 'A', storeAddress: 'x', storeCountryCode: 'us' }, 'body.storeCountryCode'],
    ['a bad currency', { ...profile, storeCurrency: 'dollars' }, 'body.storeCurrency'],
    ['an unknown currency', { ...profile, storeCurrency: 'ZZZ' }, 'body.storeCurrency is not an ISO 4217 currency code'],
    ['an unknown country', { ...profile, storeCountryCode: 'QQ' }, 'body.storeCountryCode is not an ISO 3166-1 country code'],
    ['a number for a name', { ...profile, storeName: 42 }, 'body.storeName'],
  ])('answers 400 for %s and changes nothing', async (_name, payload, message) => {
    const response = await app.inject({ method: 'PUT', url: withToken('/rulrr/v1/stores'), payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, error: 'invalid_request_body' });
    expect(response.json().message).toContain(message);
    const read = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/stores') });
    expect(read.json().store.storeName).toBe('Demo Coffee — Downtown');
  });

  it('answers 403 without a valid token, before looking at the body', async () => {
    const response = await app.inject({ method: 'PUT', url: '/rulrr/v1/stores?access_token=rat_nope', payload: {} });
    expect(response.statusCode).toBe(403);
  });
});

describe('customers upload', () => {
  const uploadUrl = async () => {
    const response = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/customers') });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ success: true; uploadUrl: string; expiresAt: string }>();
    return { ...body, path: new URL(body.uploadUrl).pathname };
  };
  const postCustomers = async (rows: unknown[]) =>
    app.inject({ method: 'POST', url: (await uploadUrl()).path, payload: { customers: rows } });
  const customers = async () =>
    (await app.inject({ method: 'GET', url: `/__admin/rulrr/stores/${DEMO_STORE_ID}/customers` })).json().customers;

  it('GET /v1/customers answers an absolute upload URL on the sandbox that expires in an hour', async () => {
    const response = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/customers'), headers: { host: 'localhost:4010' } });
    const body = response.json();
    expect(body).toEqual({
      success: true,
      uploadUrl: expect.stringMatching(/^http:\/\/localhost:4010\/rulrr\/uploads\/customers\/rup_[\w-]{43}$/),
      expiresAt: expect.any(String),
    });
  });

  it('takes CSV, upserts good rows and reports each bad row with its line and reason', async () => {
    const { path } = await uploadUrl();
    const csv = [
      'customerId,firstName,lastName,email,phone,marketingOptIn',
      'c-1,Ada,Lovelace,ada@example.com,+14155550101,true',
      ',No,Id,,,',
      'c-2,"Smith, Jr.",Bob,not-an-email,,false',
      'c-3,Cy,,,0155501,',
      'c-4,Di,,,,yes',
      'c-5,"Multi',
      'line",Name,,,',
      'c-1,Ada,King,ada@example.com,,false',
    ].join('\r\n');
    const response = await app.inject({ method: 'PUT', url: path, headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      received: 7,
      accepted: 3,
      rejected: [
        { line: 3, customerId: null, reason: 'customerId is missing' },
        { line: 4, customerId: 'c-2', reason: 'email "not-an-email" is not an email address' },
        { line: 5, customerId: 'c-3', reason: 'phone "0155501" is not an E.164 number such as +14155550123' },
        { line: 6, customerId: 'c-4', reason: 'marketingOptIn must be true, false or empty (got "yes")' },
      ],
    });
    expect(await customers()).toEqual([
      { customerId: 'c-1', firstName: 'Ada', lastName: 'King', email: 'ada@example.com', phone: null, marketingOptIn: false },
      { customerId: 'c-5', firstName: 'Multi\r\nline', lastName: 'Name', email: null, phone: null, marketingOptIn: null },
    ]);
  });

  it('takes JSON rows by POST, line = position in the list', async () => {
    const response = await postCustomers([
      { customerId: 'j-1', email: 'j1@example.com', marketingOptIn: true },
      { firstName: 'nobody' },
      { customerId: 'j-3', phone: '+447700900123', marketingOptIn: 'false' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ received: 3, accepted: 2, rejected: [{ line: 2, customerId: null }] });
    expect((await customers()).map((c: { customerId: string }) => c.customerId)).toEqual(['j-1', 'j-3']);
  });

  it('keeps the good JSON rows when others have wrong types, nulls or are not objects', async () => {
    const response = await postCustomers([
      { customerId: 'good1' },
      { customerId: 5, lastName: 'Numeric id' },
      { customerId: 'x', phone: 14155550123 },
      { customerId: 'y', marketingOptIn: 1 },
      { customerId: 'good5', firstName: null, email: null },
      null,
      { customerId: { nested: true } },
      { customerId: 'z', firstName: ['A'] },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      received: 8,
      accepted: 3,
      rejected: [
        { line: 3, customerId: 'x', reason: 'phone "14155550123" is not an E.164 number such as +14155550123' },
        { line: 4, customerId: 'y', reason: 'marketingOptIn must be true, false or empty (got 1)' },
        { line: 6, customerId: null, reason: 'the row is not an object' },
        { line: 7, customerId: null, reason: 'customerId must be a string' },
        { line: 8, customerId: 'z', reason: 'firstName must be a string' },
      ],
    });
    expect((await customers()).map((c: { customerId: string }) => c.customerId)).toEqual(['5', 'good1', 'good5']);
  });

  it('rejects a CSV line with another number of fields than the header, keeping the others', async () => {
    const { path } = await uploadUrl();
    const csv = 'customerId,email\nc-1,a@b.co\nc-2,b@b.co,extra\nc-3';
    const response = await app.inject({ method: 'PUT', url: path, headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(response.json()).toEqual({
      success: true,
      received: 3,
      accepted: 1,
      rejected: [
        { line: 3, customerId: 'c-2', reason: 'the line has 3 field(s) but the header has 2' },
        { line: 4, customerId: 'c-3', reason: 'the line has 1 field(s) but the header has 2' },
      ],
    });
  });

  it.each([
    ['a column given twice', 'customerId,customerId\nc9,c10', /column\(s\) customerId given twice/],
    ['an unknown column', 'customerId,emial\nc-1,x', /unknown column\(s\) "emial"/],
    ['no customerId column', 'firstName\nAda', /no customerId column/],
    ['an unclosed quote', 'customerId,firstName\nc-1,"Ada', /line 2: a quoted field is never closed/],
    ['an empty file', '', /empty/],
  ])('answers 400 invalid_upload for %s and keeps nothing', async (_name, csv, message) => {
    const { path } = await uploadUrl();
    const response = await app.inject({ method: 'PUT', url: path, headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, error: 'invalid_upload' });
    expect(response.json().message).toMatch(message);
    expect(await customers()).toEqual([]);
  });

  it('answers 400 for a JSON body of the wrong shape, 404 for an unknown URL, 410 once expired or revoked', async () => {
    const { path } = await uploadUrl();
    const wrongShape = await app.inject({ method: 'PUT', url: path, payload: { customers: 'c-1' } });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error).toBe('invalid_upload');
    const unknown = await app.inject({ method: 'PUT', url: '/rulrr/uploads/customers/rup_nope', payload: { customers: [] } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('upload_not_found');

    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT61M' } });
    const expired = await app.inject({ method: 'PUT', url: path, payload: { customers: [] } });
    expect(expired.statusCode).toBe(410);

    const fresh = await uploadUrl();
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${tokens.integrationToken}/revoke` });
    const revoked = await app.inject({ method: 'PUT', url: fresh.path, payload: { customers: [] } });
    expect(revoked.statusCode).toBe(410);
  });

  it('answers 413 in the Rulrr error body for an upload over 1 MiB', async () => {
    const { path } = await uploadUrl();
    const big = `customerId\n${'x'.repeat(1024 * 1024 + 10)}`;
    const response = await app.inject({ method: 'PUT', url: path, headers: { 'content-type': 'text/csv' }, payload: big });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ success: false, error: 'payload_too_large' });
  });
});

describe('orders', () => {
  const order = {
    orderId: 'pos-1001',
    createdAt: '2026-06-28T14:03:00.000Z',
    currency: 'USD',
    total: '1250',
    subtotal: '1150',
    tax: '100',
    items: [{ sku: 'LAT-12', name: 'Latte', quantity: 2, price: '575' }],
    customer: { customerId: 'c-1', phone: '+14155550123' },
    ereceipt: true,
  };
  const post = (payload: unknown, token = tokens.accessToken) =>
    app.inject({ method: 'POST', url: `/rulrr/v1/orders?access_token=${token}`, payload: payload as object });
  const outbox = async () => (await app.inject({ method: 'GET', url: '/__admin/outbox?api=rulrr&channel=sms' })).json().messages;

  it('stores the order (201) and sends the e-receipt SMS with a link to a hosted receipt page', async () => {
    const response = await post(order);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      success: true,
      order: {
        ...order,
        storeId: DEMO_STORE_ID,
        receivedAt: expect.any(String),
        customer: { customerId: 'c-1', phone: '+14155550123', email: null },
        ereceipt: { requested: true, sent: true, reason: 'sent', url: expect.stringMatching(/\/rulrr\/receipts\/rcpt_/) },
      },
    });
    const messages = await outbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'sms', recipient: '+14155550123', payload: { orderId: 'pos-1001', status: 'sent' } });
    expect(messages[0].body).toContain('$12.50');
    expect(messages[0].body).toContain(body.order.ereceipt.url);

    const page = await app.inject({ method: 'GET', url: new URL(body.order.ereceipt.url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Receipt from Demo Coffee — Downtown');
    expect(page.body).toContain('$12.50');
    expect(page.body).toContain('2 × Latte');
  });

  it('is idempotent on orderId: the same body answers 200 with the same order and sends no second SMS', async () => {
    const first = await post(order);
    const second = await post({ ...order, items: [{ ...order.items[0] }] });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await outbox()).toHaveLength(1);
  });

  it('answers 409 when the orderId comes again with a different body, keeping the first', async () => {
    await post(order);
    const conflict = await post({ ...order, total: '1300' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ success: false, error: 'order_conflict' });
    const read = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/orders?orderId=pos-1001') });
    expect(read.json().order.total).toBe('1250');
  });

  it.each([
    ['e-receipts off for the store', { ereceipt: false }, order, 'ereceipts_off'],
    ['no customer phone', { ereceipt: true }, { ...order, customer: { customerId: 'c-1' } }, 'no_phone'],
    ['ereceipt not asked for', { ereceipt: true }, { ...order, ereceipt: false }, 'not_requested'],
  ])('sends no SMS with %s', async (_name, connection, payload, reason) => {
    const other = await connectedStore(app, connection);
    const response = await post(payload, other.accessToken);
    expect(response.statusCode).toBe(201);
    expect(response.json().order.ereceipt).toMatchObject({ sent: false, reason });
    expect(await outbox()).toEqual([]);
  });

  it('fills createdAt and currency when left out', async () => {
    const response = await post({ orderId: 'bare', total: '500' });
    expect(response.statusCode).toBe(201);
    expect(response.json().order).toMatchObject({ currency: 'USD', items: [], subtotal: null, createdAt: response.json().order.receivedAt });
  });

  it.each([
    ['total as a number', { orderId: 'x', total: 12.5 }, 'body.total'],
    ['total with decimals', { orderId: 'x', total: '12.50' }, 'minor unit'],
    ['no orderId', { total: '100' }, 'body.orderId is required'],
    ['a bad phone', { orderId: 'x', total: '1', customer: { phone: '555-0100' } }, 'E.164'],
    ['a bad currency', { orderId: 'x', total: '1', currency: 'usd' }, 'ISO 4217'],
    ['an unknown currency', { orderId: 'x', total: '1', currency: 'XYZ' }, 'body.currency is not an ISO 4217 currency code'],
    ['a bad date', { orderId: 'x', total: '1', createdAt: 'yesterday' }, 'body.createdAt'],
  ])('answers 400 for %s and stores nothing', async (_name, payload, message) => {
    const count = () => app.db.prepare('SELECT (SELECT count(*) FROM rulrr_orders) + (SELECT count(*) FROM outbox_messages)').pluck().get();
    await post(order);
    const before = count();
    const response = await post({ ereceipt: true, customer: { phone: '+14155550123' }, ...payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_request_body');
    expect(response.json().message).toContain(message);
    expect(count()).toBe(before);
  });

  it('GET /v1/orders reads an order back; 404 for an unknown id, 400 without orderId, 403 without a token', async () => {
    await post(order);
    const read = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/orders?orderId=pos-1001') });
    expect(read.statusCode).toBe(200);
    expect(read.json().order.orderId).toBe('pos-1001');
    const unknown = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/orders?orderId=nope') });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, error: 'order_not_found' });
    const missing = await app.inject({ method: 'GET', url: withToken('/rulrr/v1/orders') });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('missing_parameter');
    expect((await app.inject({ method: 'GET', url: '/rulrr/v1/orders?orderId=pos-1001' })).statusCode).toBe(403);
  });

  it("keeps each store's orders apart", async () => {
    await post(order);
    const other = await connectedStore(app, { storeId: 'store-demo-airport' });
    const read = await app.inject({ method: 'GET', url: `/rulrr/v1/orders?orderId=pos-1001&access_token=${other.accessToken}` });
    expect(read.statusCode).toBe(404);
    expect((await post({ ...order, total: '1' }, other.accessToken)).statusCode).toBe(201);
  });

  it('answers a 404 page for an unknown receipt', async () => {
    const page = await app.inject({ method: 'GET', url: '/rulrr/receipts/rcpt_nope' });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Receipt not found');
  });
});
