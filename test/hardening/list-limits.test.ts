import { afterAll, describe, expect, it } from 'vitest';
import { JOHN_ID } from '../helpers/kangaroo.js';
import { envelopeProblem } from './envelopes.js';
import { ADMIN_TOKEN, accessTo, sandboxUnderTest, type Access } from './sandbox-under-test.js';
import type { ApiGroup } from './route-catalogue.js';

/*
 * Every list answers at most its documented page size: the maximum is accepted, one more is
 * refused in the API's own error body. Every route that takes a page size is listed here, so a
 * list added later without a maximum fails the first test.
 */
const sandbox = await sandboxUnderTest();
const { app } = sandbox;
const access = accessTo(app);
afterAll(() => app.close());

const PAGE_SIZE_PARAMS = ['limit', 'per_page'];

interface ListRoute {
  param: string;
  max: number;
  /** The path and any other query a call needs, from the API's credentials and ids. */
  url(known: Access['known']): string | Promise<string>;
}

const first = (known: Access['known'], name: string) => known[name]![0]!;

const LISTS: Record<string, ListRoute> = {
  'GET /wll/v1/receipts': { param: 'limit', max: 100, url: () => '/wll/v1/receipts' },
  'GET /wll/v1/orders': { param: 'limit', max: 100, url: () => '/wll/v1/orders' },
  'GET /kangaroo/api/v1/branches': { param: 'per_page', max: 100, url: () => '/kangaroo/api/v1/branches' },
  'GET /kangaroo/api/v1/offers': { param: 'per_page', max: 100, url: (known) => `/kangaroo/api/v1/offers?branch_link_id=${first(known, 'branch_link_id')}` },
  'GET /kangaroo/api/v1/redemptions': { param: 'per_page', max: 100, url: (known) => `/kangaroo/api/v1/redemptions?branch_link_id=${first(known, 'branch_link_id')}` },
  'GET /kangaroo/api/v1/customers/:id/transactions': { param: 'per_page', max: 100, url: () => `/kangaroo/api/v1/customers/${JOHN_ID}/transactions` },
  'GET /__admin/outbox': { param: 'limit', max: 1000, url: (known) => `/__admin/outbox?workspace=${first(known, 'workspace')}` },
  'GET /__admin/requests': { param: 'limit', max: 1000, url: (known) => `/__admin/requests?workspace=${first(known, 'workspace')}` },
  'GET /__admin/kangaroo/customers': { param: 'limit', max: 1000, url: (known) => `/__admin/kangaroo/customers?workspace=${first(known, 'workspace')}` },
  'GET /__admin/webhooks/:id/deliveries': {
    param: 'limit',
    max: 200,
    url: async (known) => {
      const workspace = first(known, 'workspace');
      const created = await app.inject({
        method: 'POST',
        url: `/__admin/webhooks?workspace=${workspace}`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { url: 'http://127.0.0.1:9/hooks', events: ['*'] },
      });
      return `/__admin/webhooks/${created.json<{ id: string }>().id}/deliveries?workspace=${workspace}`;
    },
  },
};

describe('the page size of every list', () => {
  it('has a documented maximum for every route that takes one', () => {
    const lists = sandbox.routes
      .filter((route) => route.method === 'GET' && Object.keys(route.json.querystring?.properties ?? {}).some((name) => PAGE_SIZE_PARAMS.includes(name)))
      .map((route) => `${route.method} ${route.url}`);
    expect(lists.sort()).toEqual(Object.keys(LISTS).sort());
  });

  it.each(Object.entries(LISTS))('%s answers its maximum and refuses one more', async (name, list) => {
    const route = sandbox.routes.find((candidate) => `${candidate.method} ${candidate.url}` === name)!;
    const { headers, known } = await access(route.api as ApiGroup);
    const url = await list.url(known);
    const call = (size: number | string) => app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}${list.param}=${size}`, headers });

    const most = await call(list.max);
    expect(most.statusCode, most.body.slice(0, 300)).toBe(200);
    for (const size of [list.max + 1, 0, -1, 1e9, 'all']) {
      const refused = await call(size);
      expect(refused.statusCode, `${list.param}=${size}: ${refused.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(refused.statusCode).toBeLessThan(500);
      expect(envelopeProblem(route.api, route.url, refused.statusCode, String(refused.headers['content-type']), refused.body)).toBeUndefined();
    }
  });
});
