import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  asyncOrderAccepted,
  claimReceiptBody,
  claimReceiptResponse,
  errorResponse,
  listOrdersResponse,
  listReceiptsResponse,
  listReviewsResponse,
  manualReviewBody,
  orderBody,
  orderResponse,
  receiptResponse,
  submitReviewResponse,
} from '../../../src/apis/wll/schemas/index.js';
import {
  docExampleRequests,
  docResponses,
  expectMatchesDocSchema,
  WLL_DOC_ACTIONS,
  type WllDocAction,
} from '../../helpers/wll-doc-schemas.js';

const issuesOf = (schema: z.ZodType, body: unknown) => schema.safeParse(body).error?.issues ?? [];

describe('the docs-schema harness', () => {
  it.each(WLL_DOC_ACTIONS)("every example response of %s validates against the docs' own schema", (action) => {
    const withSchema = docResponses(action).filter((response) => response.validate);
    expect(withSchema.length).toBeGreaterThan(0);
    for (const response of withSchema) expectMatchesDocSchema(action, response.status, response.body);
  });

  it('reads each fail body\'s status off its httpCode', () => {
    expect(docResponses('POST /receipts').map((response) => response.status)).toEqual([200, 403, 401, 200, 403, 401]);
  });

  it('refuses a body the docs\' schema does not allow', () => {
    expect(() => expectMatchesDocSchema('GET /receipts/{id}', 200, { status: 'success', data: { id: 'r1', status: 'LOST' } })).toThrow(
      /does not match the docs' JSON Schema/,
    );
  });

  it('refuses a status the docs show no schema for', () => {
    expect(() => expectMatchesDocSchema('POST /orders', 404, {})).toThrow(/no schema for POST \/orders answering 404/);
  });

  it('gives both documented request bodies of a receipt claim', () => {
    expect(docExampleRequests('POST /receipts').map((body) => (body as { useParser: boolean }).useParser)).toEqual([true, false]);
  });
});

const REQUEST_SCHEMAS: Array<[WllDocAction, z.ZodType]> = [
  ['POST /receipts', claimReceiptBody],
  ['POST /receipts/{id}/reviews', manualReviewBody],
  ['POST /orders', orderBody],
  ['POST /orders/asyncly', orderBody],
];

describe('the zod request schemas', () => {
  it.each(REQUEST_SCHEMAS)('%s accepts every documented example body', (action, schema) => {
    const examples = docExampleRequests(action);
    expect(examples.length).toBeGreaterThan(0);
    for (const body of examples) expect(issuesOf(schema, body)).toEqual([]);
  });
});

const RESPONSE_SCHEMAS: Array<[WllDocAction, z.ZodType]> = [
  ['POST /receipts', claimReceiptResponse],
  ['GET /receipts', listReceiptsResponse],
  ['GET /receipts/{id}', receiptResponse],
  ['POST /receipts/{id}/reviews', submitReviewResponse],
  ['GET /receipts/{id}/reviews', listReviewsResponse],
  ['GET /orders', listOrdersResponse],
  ['GET /orders/{id}', orderResponse],
  ['POST /orders', orderResponse],
  ['POST /orders/asyncly', asyncOrderAccepted],
];

describe('the zod response schemas', () => {
  it.each(RESPONSE_SCHEMAS)('%s accepts every documented success body', (action, schema) => {
    const successes = docResponses(action).filter((response) => response.status === 200);
    expect(successes.length).toBeGreaterThan(0);
    for (const { body } of successes) expect(issuesOf(schema, body)).toEqual([]);
  });

  it("the error envelope accepts the docs' error body that carries a message, and requires the message CONTRACT §4 adds", () => {
    const failures = WLL_DOC_ACTIONS.flatMap((action) => docResponses(action)).filter((response) => response.status !== 200);
    const withMessage = failures.filter((response) => 'message' in ((response.body as { data: object }).data));
    expect(withMessage.length).toBeGreaterThan(0);
    for (const { body } of withMessage) expect(issuesOf(errorResponse, body)).toEqual([]);
    const bare = failures.find((response) => !('message' in ((response.body as { data: object }).data)));
    expect(issuesOf(errorResponse, bare!.body).map((issue) => issue.path.join('.'))).toEqual(['data.message']);
  });
});
