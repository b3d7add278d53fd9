import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { envelope, kangarooClient, ORDINARY_BRANCH_ID, VIRTUAL_BRANCH_ID, type KangarooClient } from '../../../helpers/kangaroo.js';

/* The seed tutorial over HTTP: branches, an integration, a branch link, and the rules of linking. */
let app: FastifyInstance;
let client: KangarooClient;
beforeAll(async () => {
  app = await buildTestApp();
});
beforeEach(async () => {
  await app.inject({ method: 'POST', url: '/__admin/workspaces/demo/reset' });
  client = await kangarooClient(app);
});
afterAll(() => app.close());

const keys = (value: object) => Object.keys(value).sort();

describe('GET /branches', () => {
  it('lists the demo business\'s virtual and ordinary branch with virtual_branch_flag', async () => {
    const response = await client.call('GET', '/branches');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data.map((b: { id: string; virtual_branch_flag: boolean }) => [b.id, b.virtual_branch_flag])).toEqual([
      [VIRTUAL_BRANCH_ID, true],
      [ORDINARY_BRANCH_ID, false],
    ]);
    // Kangaroo's Branch model (kangaroo-api-shapes.md §4), less images and phone.
    expect(keys(body.data[1])).toEqual(['address', 'id', 'is_ecom', 'name', 'virtual_branch_flag', 'web_site']);
    expect(keys(body.data[1].address)).toEqual(['city', 'country', 'formatted', 'lat', 'long', 'region', 'street']);
    expect(body.data[1].address).toMatchObject({ city: 'Montreal', region: 'Quebec', country: 'Canada', lat: 45.485169, long: -73.580989 });
    expect(body.cursor).toEqual({ count: 2, next: null, next_uri: null });
    expect(body.meta).toEqual({ total: 2 });
  });

  it('pages with page and per_page', async () => {
    const first = (await client.call('GET', '/branches?per_page=1')).json();
    expect(first.data).toHaveLength(1);
    expect(first.cursor).toEqual({ count: 1, next: 2, next_uri: '/branches?page=2&per_page=1' });
    const second = (await client.call('GET', first.cursor.next_uri)).json();
    expect(second.data[0].id).toBe(ORDINARY_BRANCH_ID);
    expect(second.cursor.next).toBeNull();
  });

  it.each([
    ['per_page=101', { per_page: ['The per page may not be greater than 100.'] }],
    ['per_page=0', { per_page: ['The per page must be at least 1.'] }],
    ['page=abc', { page: ['The page must be an integer.'] }],
  ])('answers %s with a 422 field map', async (query, fields) => {
    const response = await client.call('GET', `/branches?${query}`);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 422, body: fields });
  });

  it('is served at integrations.kangarooapis.com/api/v1/branches too', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/branches', headers: { ...client.headers(), host: 'integrations.kangarooapis.com' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('POST /integrations', () => {
  it('creates the tutorial\'s {name: "ABC", type: 1} and answers 201 with integration_id', async () => {
    const response = await client.call('POST', '/integrations', { name: 'ABC', type: 1 });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      integration_id: 1,
      id: 1,
      name: 'ABC',
      type: 1,
      is_ecom: false,
      active: true,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect((await client.call('POST', '/integrations', { name: 'Shop', type: 1, is_ecom: true })).json()).toMatchObject({ integration_id: 2, is_ecom: true });
  });

  it.each<[string, unknown, Record<string, string[]>]>([
    ['no body', undefined, { name: ['The name field is required.'], type: ['The type field is required.'] }],
    ['an empty object', {}, { name: ['The name field is required.'], type: ['The type field is required.'] }],
    ['a blank name', { name: '   ', type: 1 }, { name: ['The name field is required.'] }],
    ['a long name', { name: 'n'.repeat(256), type: 1 }, { name: ['The name may not be greater than 255 characters.'] }],
    ['type 2', { name: 'A', type: 2 }, { type: ['The selected type is invalid.'] }],
    ['type "1"', { name: 'A', type: '1' }, { type: ['The type must be an integer.'] }],
    ['is_ecom "yes"', { name: 'A', type: 1, is_ecom: 'yes' }, { is_ecom: ['The is ecom field must be true or false.'] }],
  ])('answers %s with a 422 field map', async (_case, body, fields) => {
    const response = await client.call('POST', '/integrations', body);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 422, body: fields });
  });

  it('answers a JSON array with 400 in Kangaroo\'s envelope', async () => {
    const response = await client.call('POST', '/integrations', [{ name: 'A', type: 1 }]);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 400, body: envelope(400, 'Bad Request', 'The request body must be a JSON object.') });
  });
});

describe('POST /branch-links and GET /integrations/{id}/branch-links', () => {
  const link = (body: Record<string, unknown>) =>
    client.call('POST', '/branch-links', { shop_id: '1234', branch_id: VIRTUAL_BRANCH_ID, account_id: 'c36cc9df9', integration_id: 1, ...body });

  beforeEach(async () => {
    await client.call('POST', '/integrations', { name: 'ABC', type: 1 });
    await client.call('POST', '/integrations', { name: 'ABC E-commerce', type: 1, is_ecom: true });
  });

  it('links a shop to the virtual branch and answers the tutorial\'s example shape; its id is the branch_link_id', async () => {
    const response = await link({ store_name: 'Main St' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(keys(body)).toEqual(['account_id', 'branch_id', 'created_at', 'enabled', 'id', 'integration_id', 'shop_id', 'store_domain', 'store_name']);
    expect(body).toEqual({
      id: 1,
      account_id: 'c36cc9df9',
      shop_id: '1234',
      store_name: 'Main St',
      store_domain: null,
      integration_id: 1,
      branch_id: VIRTUAL_BRANCH_ID,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      enabled: true,
    });
    const listed = await client.call('GET', '/integrations/1/branch-links');
    expect({ status: listed.statusCode, body: listed.json() }).toEqual({ status: 200, body: { data: [body] } });
  });

  it('takes the branch id in either case, as Kangaroo\'s examples print both', async () => {
    expect((await link({ branch_id: VIRTUAL_BRANCH_ID.toUpperCase() })).json().branch_id).toBe(VIRTUAL_BRANCH_ID);
  });

  it.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ['an unknown integration', { integration_id: 99 }, { integration_id: ['The selected integration id is invalid.'] }],
    ['an unknown branch', { branch_id: '0'.repeat(32) }, { branch_id: ['The selected branch id is invalid.'] }],
    [
      'a branch that is not virtual',
      { branch_id: ORDINARY_BRANCH_ID },
      { branch_id: ['The selected branch id is not a virtual branch; an integration can only be linked to a virtual branch.'] },
    ],
    [
      'an e-commerce integration without store_domain',
      { integration_id: 2 },
      { store_domain: ['The store domain field is required when the integration is an e-commerce integration.'] },
    ],
    ['a store_domain that is no domain', { integration_id: 2, store_domain: 'not a domain' }, { store_domain: ['The store domain format is invalid.'] }],
    [
      'missing fields',
      { shop_id: undefined, account_id: undefined, branch_id: undefined, integration_id: undefined },
      {
        account_id: ['The account id field is required.'],
        shop_id: ['The shop id field is required.'],
        branch_id: ['The branch id field is required.'],
        integration_id: ['The integration id field is required.'],
      },
    ],
    [
      'several broken rules at once',
      { integration_id: 99, branch_id: ORDINARY_BRANCH_ID },
      {
        integration_id: ['The selected integration id is invalid.'],
        branch_id: ['The selected branch id is not a virtual branch; an integration can only be linked to a virtual branch.'],
      },
    ],
  ])('answers %s with a 422 field map and links nothing', async (_case, body, fields) => {
    const response = await link(body);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 422, body: fields });
    expect((await client.call('GET', '/integrations/1/branch-links')).json()).toEqual({ data: [] });
  });

  it('links a shop id once per integration ("the same shop id can only be connected to one branch")', async () => {
    expect((await link({})).statusCode).toBe(201);
    const again = await link({ account_id: 'another' });
    expect({ status: again.statusCode, body: again.json() }).toEqual({ status: 422, body: { shop_id: ['The shop id has already been taken.'] } });
    expect((await link({ integration_id: 2, store_domain: 'http://example.com' })).statusCode).toBe(201);
  });

  it('links an e-commerce shop with its domain', async () => {
    const response = await link({ integration_id: 2, store_domain: 'http://example.com' });
    expect(response.json()).toMatchObject({ integration_id: 2, store_domain: 'http://example.com' });
  });

  it('answers 404 Integration not found for an integration the business does not have', async () => {
    const response = await client.call('GET', '/integrations/42/branch-links');
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 404,
      body: envelope(404, 'Integration not found', "The requested resource doesn't exist."),
    });
  });

  it('answers a non-numeric integration id with a 422 field map', async () => {
    const response = await client.call('GET', '/integrations/abc/branch-links');
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 422, body: { id: ['The id must be an integer.'] } });
  });
});
