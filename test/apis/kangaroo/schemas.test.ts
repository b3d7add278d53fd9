import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrorsOf } from '../../../src/apis/kangaroo/field-errors.js';
import { createBranchLinkBody, createIntegrationBody, integrationParams } from '../../../src/apis/kangaroo/schemas/integrations.js';
import { branchLinkQuery, redemptionBody, saleBody, transactionBody } from '../../../src/apis/kangaroo/schemas/loyalty.js';
import { tokenRequestBody } from '../../../src/apis/kangaroo/schemas/oauth.js';
import { paginationQuery } from '../../../src/apis/kangaroo/schemas/common.js';
import type { ValidationIssue } from '../../../src/lib/fastify-errors.js';

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/** The 422 body a route would answer: issues as classifyError builds them, then the renderer's map. */
function errorsFor(schema: z.ZodType, input: unknown, part = 'body') {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => {
    const missing = valueAt(input, issue.path) === undefined;
    return { field: [part, ...issue.path.map(String)].join('.'), message: missing ? 'is required' : issue.message, missing };
  });
  return fieldErrorsOf(issues);
}

const customer = { email: 'a@example.com' };

describe('request schemas answer in Laravel\'s words', () => {
  it.each<[string, z.ZodType, unknown, Record<string, string[]>]>([
    ['an empty integration', createIntegrationBody, {}, { name: ['The name field is required.'], type: ['The type field is required.'] }],
    [
      'a blank name and an unknown type',
      createIntegrationBody,
      { name: '   ', type: 2 },
      { name: ['The name field is required.'], type: ['The selected type is invalid.'] },
    ],
    [
      'null fields',
      createIntegrationBody,
      { name: null, type: null },
      { name: ['The name field is required.'], type: ['The type field is required.'] },
    ],
    [
      'wrong types',
      createIntegrationBody,
      { name: 7, type: 'one', is_ecom: 'yes' },
      { name: ['The name must be a string.'], type: ['The type must be an integer.'], is_ecom: ['The is ecom field must be true or false.'] },
    ],
    ['an over-long name', createIntegrationBody, { name: 'x'.repeat(256), type: 1 }, { name: ['The name may not be greater than 255 characters.'] }],
    [
      'an empty branch link',
      createBranchLinkBody,
      {},
      {
        account_id: ['The account id field is required.'],
        shop_id: ['The shop id field is required.'],
        branch_id: ['The branch id field is required.'],
        integration_id: ['The integration id field is required.'],
      },
    ],
    [
      'a store domain that is no domain',
      createBranchLinkBody,
      { account_id: 'a', shop_id: 's', branch_id: 'b', integration_id: 1, store_domain: 'ftp://example.com' },
      { store_domain: ['The store domain format is invalid.'] },
    ],
    [
      'an unknown intent and no customer',
      transactionBody,
      { branch_link_id: 1, intent: 'bogus' },
      { intent: ['The selected intent is invalid.'], customer: ['The customer field is required.'] },
    ],
    [
      'a customer that is not an object',
      transactionBody,
      { branch_link_id: 1, intent: 'reward', customer: 'john' },
      { customer: ['The customer must be an array.'] },
    ],
    [
      'malformed customer fields',
      transactionBody,
      { branch_link_id: 1, intent: 'reward', customer: { id: 'xyz', email: 'not-an-email', phone: 'call me', country_code: 'ZZ' } },
      {
        'customer.id': ['The selected customer.id is invalid.'],
        'customer.email': ['The customer.email must be a valid email address.'],
        'customer.phone': ['The customer.phone format is invalid.'],
        'customer.country_code': ['The selected customer.country code is invalid.'],
      },
    ],
    [
      'malformed amounts',
      transactionBody,
      { branch_link_id: 0, intent: 'reward', customer, amount: 1.234, points: 1.5, visits: 0 },
      {
        branch_link_id: ['The branch link id must be at least 1.'],
        amount: ['The amount may not have more than 2 decimal places.'],
        points: ['The points must be an integer.'],
        visits: ['The visits must be at least 1.'],
      },
    ],
    [
      'too many catalog items',
      transactionBody,
      { branch_link_id: 1, intent: 'redeem', customer, catalog_items: Array.from({ length: 21 }, () => ({ id: 1 })) },
      { catalog_items: ['The catalog items may not have more than 20 items.'] },
    ],
    [
      'a catalog item without an id',
      redemptionBody,
      { branch_link_id: 1, customer, catalog_items: [{ quantity: 2 }] },
      { 'catalog_items.0.id': ['The catalog items.0.id field is required.'] },
    ],
    [
      'a sale without its order id',
      saleBody,
      { branch_link_id: 1, customer, amount: 10, transaction_details: {} },
      { 'transaction_details.external_order_id': ['The transaction details.external order id field is required.'] },
    ],
    [
      'a sale item without a name',
      saleBody,
      { branch_link_id: 1, customer, amount: 10, transaction_details: { external_order_id: 'o1' }, items: [{ quantity: 1, price: 2 }] },
      { 'items.0.name': ['The items.0.name field is required.'] },
    ],
  ])('%s', (_case, schema, input, expected) => {
    expect(errorsFor(schema, input)).toEqual(expected);
  });

  it.each<[string, z.ZodType, unknown, Record<string, string[]>]>([
    ['a missing branch link', branchLinkQuery, {}, { branch_link_id: ['The branch link id field is required.'] }],
    [
      'non-numeric and out-of-range paging',
      branchLinkQuery,
      { branch_link_id: 'abc', page: '0', per_page: '500' },
      {
        branch_link_id: ['The branch link id must be an integer.'],
        page: ['The page must be at least 1.'],
        per_page: ['The per page may not be greater than 100.'],
      },
    ],
    ['a repeated parameter', paginationQuery, { page: ['1', '2'] }, { page: ['The page must be an integer.'] }],
    ['a huge page number', paginationQuery, { page: '99999999999999' }, { page: ['The page may not be greater than 100000.'] }],
    ['an integration id that is no number', integrationParams, { id: '1e3' }, { id: ['The id must be an integer.'] }],
  ])('query: %s', (_case, schema, input, expected) => {
    expect(errorsFor(schema, input, 'query')).toEqual(expected);
  });

  it('parses a valid transaction, normalising the customer', () => {
    const parsed = transactionBody.parse({
      branch_link_id: 3,
      intent: 'reward',
      customer: { id: '11E69610400894B2BB02089E01CF89B5', phone: '+1 (514) 000-0001', country_code: 'ca', email: ' A@Example.com ' },
      amount: 25.5,
    });
    expect(parsed.customer).toEqual({ id: '11e69610400894b2bb02089e01cf89b5', phone: '15140000001', country_code: 'CA', email: 'A@Example.com' });
  });

  it('parses query parameters to numbers', () => {
    expect(branchLinkQuery.parse({ branch_link_id: '7', page: '2', per_page: '50' })).toEqual({ branch_link_id: 7, page: 2, per_page: 50 });
  });

  it('reads token parameters as strings, numbers as their digits, and refuses a repeated one', () => {
    expect(tokenRequestBody.parse({ grant_type: 'password', client_id: 7 })).toEqual({ grant_type: 'password', client_id: '7' });
    expect(tokenRequestBody.safeParse({ client_id: ['a', 'b'] }).success).toBe(false);
    expect(tokenRequestBody.safeParse({ client_secret: 'x'.repeat(2049) }).success).toBe(false);
  });
});

describe('any JSON input', () => {
  it('is parsed or refused with field errors, quickly and without throwing', () => {
    const schemas = [transactionBody, saleBody, redemptionBody, createBranchLinkBody, createIntegrationBody, tokenRequestBody];
    const fields = ['branch_link_id', 'intent', 'customer', 'amount', 'points', 'catalog_items', 'name', 'type', 'store_domain', 'client_id'];
    const near = fc.dictionary(fc.constantFrom(...fields, 'id', 'email', 'phone'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.oneof(fc.jsonValue({ maxDepth: 4 }), near), (schema, input) => {
        const started = performance.now();
        const result = schema.safeParse(input);
        if (!result.success) errorsFor(schema, input);
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 500 },
    );
  });
});
