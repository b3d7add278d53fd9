import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KANGAROO, JOHN_ID, kangarooClient, linkShop, VIRTUAL_BRANCH_ID, type KangarooClient } from '../../../helpers/kangaroo.js';

/*
 * Generated input for every Kangaroo endpoint: whatever arrives, the answer is never a 5xx, always
 * in Kangaroo's envelope (OAuth2's on the token endpoint), fast, and a refused call leaves every
 * table as it was.
 */
let app: FastifyInstance;
let client: KangarooClient;
let stateOf: () => string;
beforeAll(async () => {
  app = await buildTestApp();
  client = await kangarooClient(app);
  await linkShop(client);
  const tables = app.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'kangaroo_%' OR name = 'outbox_messages') ORDER BY name")
    .pluck()
    .all() as string[];
  // Table names come from sqlite_schema; the statement is built once. Beside the row counts, the
  // columns a refused call could change in place: balances, cancellations, used and revoked tokens.
  const counts = app.db.prepare(
    [
      ...tables.map((table) => `SELECT '${table}' AS t, count(*) AS n FROM ${table}`),
      "SELECT 'points', total(points) FROM kangaroo_customers",
      "SELECT 'cancelled', count(cancelled_at) FROM kangaroo_transactions",
      "SELECT 'used', count(used_at) FROM kangaroo_refresh_tokens",
      "SELECT 'revoked', count(revoked_at) FROM kangaroo_access_tokens",
      "SELECT 'enabled', total(enabled) FROM kangaroo_branch_links",
    ].join(' UNION ALL '),
  );
  stateOf = () => JSON.stringify(counts.all());
});
afterAll(() => app.close());

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '0', '-1', '1e400', 'reject@kangaroo.sandbox.test', JOHN_ID, VIRTUAL_BRANCH_ID, '%00', '\u0000', '🦘'),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 12 }), tie('any'), { maxKeys: 4 }),
})).any;

/**
 * Objects with the endpoint's own field names, each value mostly plausible and sometimes anything,
 * a field or two sometimes left out; or any JSON at all.
 */
function bodyOf(fields: Record<string, fc.Arbitrary<unknown>>) {
  const names = Object.keys(fields);
  const shaped = fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(fields).map(([name, plausible]) => [name, fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: value })]))),
      fc.subarray(names, { maxLength: 2 }),
      fc.boolean(),
    )
    .map(([body, left, leave]) => (leave ? Object.fromEntries(Object.entries(body).filter(([name]) => !left.includes(name))) : body));
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: value });
}

const customer = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ id: JOHN_ID }) },
  { weight: 2, arbitrary: fc.emailAddress().map((email) => ({ email })) },
  { weight: 1, arbitrary: fc.record({ id: fc.constantFrom('0'.repeat(32), 'x') }) },
  { weight: 1, arbitrary: fc.record({ phone: fc.stringMatching(/^\+?[0-9 ()-]{4,18}$/), country_code: fc.constantFrom('CA', 'ca', 'ZZ', 'C') }, { requiredKeys: [] }) },
);
const money = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100) }, { weight: 1, arbitrary: fc.double() });
const link = fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: -1, max: 5 }) });
const catalogItems = fc.array(fc.record({ id: fc.integer({ min: 0, max: 4 }), quantity: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 2 });

const BODIES: Array<[string, fc.Arbitrary<unknown>]> = [
  ['/integrations', bodyOf({ name: fc.string({ maxLength: 300 }), type: fc.integer({ min: 0, max: 2 }), is_ecom: fc.boolean() })],
  [
    '/branch-links',
    bodyOf({
      account_id: fc.string({ minLength: 1, maxLength: 10 }),
      shop_id: fc.string({ minLength: 1, maxLength: 10 }),
      branch_id: fc.constantFrom(VIRTUAL_BRANCH_ID, '11e696103f8ff5eabb02089e01cf89b5', 'nope'),
      integration_id: fc.integer({ min: 1, max: 3 }),
      store_name: fc.string({ maxLength: 10 }),
      store_domain: fc.oneof(fc.constant(null), fc.webUrl(), fc.domain(), fc.string({ maxLength: 30 })),
    }),
  ],
  [
    '/sales',
    bodyOf({
      branch_link_id: link,
      customer,
      amount: money,
      transaction_details: fc.record({ external_order_id: fc.string({ minLength: 1, maxLength: 12 }) }),
      receipt: fc.record({ number: fc.string({ maxLength: 8 }) }),
      items: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 8 }), quantity: fc.integer({ min: 0, max: 3 }), price: money }, { requiredKeys: ['name'] }), { maxLength: 3 }),
    }),
  ],
  [
    '/transactions',
    bodyOf({
      branch_link_id: link,
      intent: fc.constantFrom('reward', 'redeem', 'return', 'adjust_points_balance', 'get_coupon', 'nope'),
      customer,
      points: fc.integer({ min: -2000, max: 2000 }),
      comments: fc.string({ maxLength: 300 }),
    }),
  ],
  ['/redemptions', bodyOf({ branch_link_id: link, customer, catalog_items: catalogItems })],
  ['/redemptions', bodyOf({ branch_link_id: link, customer, offer: fc.record({ id: fc.integer({ min: 0, max: 5 }) }) })],
];

const queryValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 200 }).map(String), fc.constant('1'));
const query = (names: string[]) =>
  fc.record(Object.fromEntries(names.map((name) => [name, queryValue])), { requiredKeys: [] }).map((params) => new URLSearchParams(params as Record<string, string>).toString());
const segment = fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(JOHN_ID, '1', '0', '-1', '99999999999', 'abc')).map(encodeURIComponent);

const READS: Array<[string, fc.Arbitrary<string>]> = [
  ['GET /branches', query(['page', 'per_page']).map((q) => `/branches?${q}`)],
  ['GET /offers', query(['branch_link_id', 'page', 'per_page']).map((q) => `/offers?${q}`)],
  ['GET /redemptions', query(['branch_link_id', 'page', 'per_page']).map((q) => `/redemptions?${q}`)],
  ['GET /integrations/{id}/branch-links', segment.map((id) => `/integrations/${id}/branch-links`)],
  ['GET /customers/{id}', segment.map((id) => `/customers/${id}`)],
  ['GET /customers/{id}/transactions', fc.tuple(segment, query(['page', 'per_page'])).map(([id, q]) => `/customers/${id}/transactions?${q}`)],
  ['DELETE /transactions/{id}', segment.map((id) => `/transactions/${id}`)],
];

/** The answer, checked: no 5xx, quick, in the envelope; and nothing written when refused. */
async function check(options: InjectOptions, envelopeOf: (status: number, body: unknown) => boolean) {
  const before = stateOf();
  const started = performance.now();
  const response = await app.inject(options);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(envelopeOf(response.statusCode, response.json()), `${response.statusCode} ${response.body}`).toBe(true);
    expect(stateOf()).toBe(before);
  }
  return response;
}

function isKangarooEnvelope(status: number, body: unknown): boolean {
  if (status === 422) {
    return typeof body === 'object' && body !== null && Object.values(body).every((messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string'));
  }
  const error = (body as { error?: { status_code?: unknown; message?: unknown; description?: unknown } }).error;
  return error?.status_code === status && typeof error.message === 'string' && typeof error.description === 'string';
}

function isOAuthError(_status: number, body: unknown): boolean {
  const { error, error_description, message } = body as Record<string, unknown>;
  return typeof error === 'string' && typeof error_description === 'string' && message === error_description;
}

describe('generated input never breaks a Kangaroo endpoint', () => {
  it.each(BODIES)('POST %s', async (path, body) => {
    // Points enough that earlier properties cannot have spent every redemption out of reach.
    await client.call('POST', '/transactions', { branch_link_id: 1, intent: 'adjust_points_balance', points: 1_000_000, customer: { id: JOHN_ID } });
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await check(
          { method: 'POST', url: `/kangaroo/api/v1${path}`, headers: client.headers({ 'content-type': 'application/json' }), payload: JSON.stringify(payload) },
          isKangarooEnvelope,
        );
        statuses.add(response.statusCode);
      }),
      { numRuns: 150 },
    );
    // The generators reach past validation: some inputs are taken, some refused field by field.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([422, path === '/integrations' || path === '/branch-links' ? 201 : 200]));
  });

  it.each(READS)('%s', async (_name, url) => {
    await fc.assert(
      fc.asyncProperty(url, async (path) => {
        await check({ method: path.startsWith('/transactions') ? 'DELETE' : 'GET', url: `/kangaroo/api/v1${path}`, headers: client.headers() }, isKangarooEnvelope);
      }),
      { numRuns: 150 },
    );
  });

  it('POST /oauth/token, form-encoded and JSON', async () => {
    const parameters = bodyOf({
      grant_type: fc.constantFrom('client_credentials', 'password', 'refresh_token', 'implicit'),
      client_id: fc.constantFrom(DEMO_KANGAROO.clientId, 'kgc_ws0000000000_00'),
      client_secret: fc.constantFrom(DEMO_KANGAROO.clientSecret, 'x'),
      scope: fc.constantFrom('admin', '', 'admin read'),
      username: fc.constantFrom(DEMO_KANGAROO.username, 'nobody@example.com'),
      password: fc.constantFrom(DEMO_KANGAROO.password, ''),
      application_key: fc.constantFrom(DEMO_KANGAROO.applicationKey, 'nope'),
      refresh_token: fc.string({ maxLength: 80 }),
    });
    await fc.assert(
      fc.asyncProperty(parameters, fc.boolean(), async (params, asForm) => {
        const form = params && typeof params === 'object' && !Array.isArray(params);
        const payload = asForm && form
          ? new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
          : JSON.stringify(params);
        await check(
          {
            method: 'POST',
            url: '/kangaroo/oauth/token',
            headers: { 'content-type': asForm && form ? 'application/x-www-form-urlencoded' : 'application/json' },
            payload,
          },
          isOAuthError,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('any header values on /api/v1', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ authorization: fc.string({ maxLength: 100 }), 'x-application-key': fc.string({ maxLength: 100 }), accept: fc.string({ maxLength: 100 }) }, { requiredKeys: [] }),
        async (headers) => {
          const printable = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]));
          await check({ method: 'GET', url: '/kangaroo/api/v1/branches', headers: printable }, isKangarooEnvelope);
        },
      ),
      { numRuns: 150 },
    );
  });
});
