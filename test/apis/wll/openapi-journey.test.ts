import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { configSchema } from '../../../src/config.js';
import { FIXTURES_DIR } from '../../helpers/build.js';
import { DEMO_KEY, mintToken, picture, USER } from '../../helpers/wll.js';
import { docExampleRequests } from '../../helpers/wll-doc-schemas.js';
import { recordAnswers, undocumentedAnswers, unseenStatuses, type SeenAnswer } from '../../helpers/openapi-conformance.js';

/*
 * Runs every WLL call through each status its OpenAPI file documents, records what the app
 * answered, then holds the answers to the committed openapi/wll.json: each status must be
 * documented, each JSON body must validate against its schema, and each documented status must
 * have been seen (500 and 503 are forced once elsewhere: test/apis/wll/http/error-bodies.test.ts).
 */

const doc = JSON.parse(readFileSync(new URL('../../../openapi/wll.json', import.meta.url), 'utf8')) as OpenAPIV3.Document;

let seen: SeenAnswer[];
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp(configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR }), { logger: false });
  seen = recordAnswers(app, '/wll');
  await app.ready();
  await journey();
}, 60_000);
afterAll(() => app.close());

describe('WLL answers as its OpenAPI file says', () => {
  it('documents every status it answered, and every body fits its schema', () => {
    expect(undocumentedAnswers(doc, seen)).toEqual([]);
  });

  it('was seen answering every status its OpenAPI file documents', () => {
    expect(unseenStatuses(doc, seen)).toEqual([]);
  });
});

async function journey() {
  const admin = await mintToken(app, 'admin');
  const user = await mintToken(app, 'user', { authIdentifier: USER });
  type Method = 'GET' | 'POST' | 'PATCH';
  const call = (method: Method, path: string, options: { token?: string | null; apiKey?: string; body?: unknown; raw?: [string, string] } = {}) =>
    app.inject({
      method,
      url: `/wll${path}`,
      headers: {
        'x-api-key': options.apiKey ?? DEMO_KEY,
        ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? admin}` }),
        ...(options.raw ? { 'content-type': options.raw[0] } : {}),
      },
      ...(options.raw ? { payload: options.raw[1] } : options.body === undefined ? {} : { payload: options.body as object }),
    });

  const receiptId = (await call('POST', '/v1/receipts', { token: user, body: { useParser: true, pictureUrl: picture('supermarket') } })).json().data.id;
  const orderBody = docExampleRequests('POST /orders')[0];
  const orderId = (await call('POST', '/v1/orders', { body: orderBody })).json().data.id;
  const ruleSetId = (await call('POST', '/v1/transactions-rule-engine/rule-sets', { body: docExampleRequests('POST /transactions-rule-engine/rule-sets')[0] }))
    .json().data.id;
  const longId = 'x'.repeat(101);

  const routes: Array<{ method: Method; path: string; body?: unknown; invalid?: unknown; badPath?: string; missingPath?: string }> = [
    { method: 'POST', path: '/v1/receipts', body: { useParser: true, pictureUrl: picture('coffee-shop'), submitter: { authIdentifier: USER } }, invalid: { useParser: 'yes' } },
    { method: 'GET', path: '/v1/receipts', badPath: '/v1/receipts?filter=nope:(eq:1)' },
    { method: 'GET', path: `/v1/receipts/${receiptId}`, badPath: `/v1/receipts/${longId}`, missingPath: '/v1/receipts/unknown' },
    {
      method: 'POST',
      path: `/v1/receipts/${receiptId}/reviews`,
      body: { verdict: 'AUTHORIZE', reason: 'VERIFIED' },
      invalid: { verdict: 'PERHAPS' },
      missingPath: '/v1/receipts/unknown/reviews',
    },
    { method: 'GET', path: `/v1/receipts/${receiptId}/reviews`, badPath: `/v1/receipts/${longId}/reviews`, missingPath: '/v1/receipts/unknown/reviews' },
    { method: 'GET', path: '/v1/orders', badPath: '/v1/orders?limit=0' },
    { method: 'GET', path: `/v1/orders/${orderId}`, badPath: `/v1/orders/${longId}`, missingPath: '/v1/orders/unknown' },
    { method: 'POST', path: '/v1/orders', body: orderBody, invalid: { lineItems: 'none' } },
    { method: 'POST', path: '/v1/orders/asyncly', body: orderBody, invalid: {} },
    { method: 'POST', path: '/v1/transactions-rule-engine/rule-sets', body: { isActive: false }, invalid: { isActive: 'yes' } },
    { method: 'GET', path: '/v1/transactions-rule-engine/rule-sets' },
    {
      method: 'GET',
      path: `/v1/transactions-rule-engine/rule-sets/${ruleSetId}`,
      badPath: `/v1/transactions-rule-engine/rule-sets/${longId}`,
      missingPath: '/v1/transactions-rule-engine/rule-sets/unknown',
    },
    {
      method: 'PATCH',
      path: `/v1/transactions-rule-engine/rule-sets/${ruleSetId}`,
      body: { isActive: true },
      invalid: { ruleDefinitions: 'none' },
      missingPath: '/v1/transactions-rule-engine/rule-sets/unknown',
    },
  ];
  for (const route of routes) {
    const body = route.body;
    await call(route.method, route.path, { body });
    await call(route.method, route.path, { body, token: null });
    await call(route.method, route.path, { body, apiKey: 'not-a-key' });
    await call(route.method, route.path, { body, token: user });
    if (route.invalid !== undefined) await call(route.method, route.path, { body: route.invalid });
    if (route.badPath) await call(route.method, route.badPath, { body });
    if (route.missingPath) await call(route.method, route.missingPath, { body });
    if (route.method !== 'GET') {
      await call(route.method, route.path, { raw: ['application/json', JSON.stringify({ padding: 'x'.repeat(1_100_000) })] });
      await call(route.method, route.path, { raw: ['application/xml', '<xml/>'] });
    }
  }

  await app.inject({ url: '/wll/.well-known/jwks.json' });
  await app.inject({ url: '/wll/.well-known/jwks.json?workspace=nope' });
  await app.inject({ url: '/wll/.well-known/jwks.json?workspace=ws0000000000' });
}
