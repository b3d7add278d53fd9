import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BACKTRACKING_EMAIL,
  contentType,
  field,
  hostileBodyText,
  hostileJson,
  hostileString,
  KB40,
  likely,
  nestedJsonText,
  queryPairs,
  toJsonText,
} from './hostile-values.js';
import { generatedRequest, hostileHeaders, sandboxForThisFile, type GeneratedBody, type GeneratedRequest } from './probe.js';

/** The partner endpoints an access token opens, sent generated query strings, headers and bodies. */
const sandbox = sandboxForThisFile();


function post(path: string, body: unknown): GeneratedRequest {
  return {
    method: 'POST',
    url: `${path}?access_token=${sandbox.tokens.accessToken}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  };
}

const put = (path: string, body: unknown): GeneratedRequest => ({ ...post(path, body), method: 'PUT' });

/** The token in the query (its documented place), in a Bearer header, both, or neither. */
function withAccess(path: string, method: 'GET' | 'POST' | 'PUT', extra: string[] = [], values: Record<string, fc.Arbitrary<string>> = {}) {
  const token = sandbox.tokens.accessToken;
  return {
    method,
    path,
    query: queryPairs(['access_token', ...extra], { access_token: likely(token, `${token}x`, ''), ...values }),
    headers: hostileHeaders({ authorization: [`Bearer ${token}`, `bearer ${token}`, `Bearer  ${token} `] }),
  };
}

/**
 * A JSON body: a valid one, a valid one with some fields swapped for hostile values (by their
 * real names or others), or any body at all under any Content-Type.
 */
function jsonBody(valid: fc.Arbitrary<Record<string, unknown>>, names: string[]): fc.Arbitrary<GeneratedBody> {
  // Most fields take strings, so a hostile string is the likeliest replacement.
  const overrides = fc.dictionary(
    fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 4 }, hostileString),
    fc.oneof({ arbitrary: hostileString, weight: 3 }, hostileJson),
    { minKeys: 1, maxKeys: 3 },
  );
  const json = (value: unknown): GeneratedBody => ({ contentType: 'application/json', payload: toJsonText(value) });
  return fc.oneof(
    { arbitrary: valid.map(json), weight: 2 },
    { arbitrary: fc.tuple(valid, overrides).map(([body, changes]) => json({ ...body, ...changes })), weight: 4 },
    { arbitrary: fc.record({ contentType, payload: hostileBodyText }, { requiredKeys: [] }), weight: 1 },
    { arbitrary: fc.record({ contentType, payload: valid.map(toJsonText) }), weight: 1 },
  );
}

const ORDER_IDS = ['o-1', 'o-2', 'o-3', 'O-1', 'o-1 '];

describe('generated requests to the partner endpoints', { timeout: 60_000 }, () => {
  it('GET /v1/stores', async () => {
    const probe = sandbox.probe('GET /v1/stores');
    await probe.run(generatedRequest(withAccess('/rulrr/v1/stores', 'GET')), { seed: 201 });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('PUT /v1/stores', async () => {
    const probe = sandbox.probe('PUT /v1/stores');
    const profile = fc.record(
      {
        storeName: fc.constantFrom('Demo Coffee', ' Renamed '),
        storeAddress: fc.constant('1 Ferry Building'),
        storeCountryCode: fc.constantFrom('US', 'DE', 'GB'),
        storeCity: field('San Francisco'),
        storeState: field('CA'),
        storePostalCode: field('94105'),
        storePhoneNumber: field('+14155550100'),
        storeCurrency: field('USD', 'EUR', 'JPY'),
      },
      { requiredKeys: ['storeName', 'storeAddress', 'storeCountryCode'] },
    );
    const names = ['storeName', 'storeAddress', 'storeCountryCode', 'storeCity', 'storeState', 'storePostalCode', 'storePhoneNumber', 'storeCurrency'];
    const corpus = ['USA', '840', 'us', 'U'.repeat(KB40)].map((storeCountryCode) =>
      put('/rulrr/v1/stores', { storeName: 'Demo', storeAddress: '1 Main St', storeCountryCode }),
    );
    await probe.run(generatedRequest({ ...withAccess('/rulrr/v1/stores', 'PUT'), body: jsonBody(profile, names) }), { seed: 202, corpus });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('GET /v1/customers', async () => {
    const probe = sandbox.probe('GET /v1/customers');
    await probe.run(generatedRequest(withAccess('/rulrr/v1/customers', 'GET')), { seed: 203 });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('POST /v1/orders', async () => {
    const probe = sandbox.probe('POST /v1/orders');
    const item = fc.record(
      { sku: field('LAT-12'), name: field('Latte'), quantity: field(1, 2, 0.5), price: field('575', '0', '-5') },
      { requiredKeys: ['name', 'quantity', 'price'] },
    );
    const order = fc.record(
      {
        orderId: fc.oneof(fc.constantFrom(...ORDER_IDS), fc.nat({ max: 999 }).map((n) => `o-${n}`)),
        createdAt: fc.constantFrom('2026-06-28T14:03:00.000Z', '2026-06-28T14:03:00+02:00'),
        currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD'),
        total: fc.constantFrom('1250', '0', '-300', '999999999999999'),
        subtotal: fc.constant('1150'),
        tax: fc.constant('100'),
        items: fc.array(item, { maxLength: 3 }),
        customer: fc.record({ customerId: field('c-1'), phone: field('+14155550123'), email: field('ada@example.com') }, { requiredKeys: [] }),
        ereceipt: fc.boolean(),
      },
      { requiredKeys: ['orderId', 'total'] },
    );
    const names = ['orderId', 'createdAt', 'currency', 'total', 'subtotal', 'tax', 'items', 'customer', 'ereceipt'];
    const corpus = [
      post('/rulrr/v1/orders', { orderId: 'evil-1', total: '1', customer: { email: BACKTRACKING_EMAIL } }),
      post('/rulrr/v1/orders', { orderId: 'evil-2', total: '1', customer: { email: `a@${'.'.repeat(5000)}@` } }),
      post('/rulrr/v1/orders', { orderId: 'evil-3', total: '1', items: new Array(500).fill({ name: 'x', quantity: 1, price: 'x'.repeat(500) }) }),
      { ...post('/rulrr/v1/orders', {}), payload: `{"orderId":"evil-4","total":"1","customer":${nestedJsonText(100_000)}}` },
    ];
    await probe.run(generatedRequest({ ...withAccess('/rulrr/v1/orders', 'POST'), body: jsonBody(order, names) }), {
      seed: 204,
      numRuns: 400,
      corpus,
    });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('GET /v1/orders', async () => {
    const probe = sandbox.probe('GET /v1/orders');
    const requests = generatedRequest(withAccess('/rulrr/v1/orders', 'GET', ['orderId'], { orderId: likely('o-1', ...ORDER_IDS.slice(1)) }));
    const corpus = [{ method: 'GET' as const, url: `/rulrr/v1/orders?access_token=${sandbox.tokens.accessToken}&orderId=${'o'.repeat(15_000)}`, headers: {} }];
    await probe.run(requests, { seed: 205, corpus });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });
});
