import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as schemas from '../../../src/apis/wll/schemas/index.js';
import {
  claimReceiptBody,
  manualReviewBody,
  orderBody,
  receiptStatus,
  reviewReason,
  reviewVerdict,
} from '../../../src/apis/wll/schemas/index.js';
import { docExampleRequests, docResponses } from '../../helpers/wll-doc-schemas.js';

const [defaultExample, preparsedExample] = docExampleRequests('POST /receipts') as [Record<string, unknown>, Record<string, unknown>];
const orderExample = docExampleRequests('POST /orders')[0] as Record<string, unknown>;

/** Where a body fails, as "path: message" lines. */
const problems = (schema: z.ZodType, body: unknown) =>
  (schema.safeParse(body).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
const line = { quantity: 1, description: 'Banana' };

describe('enums, exactly as documented', () => {
  const paramountReview = (docResponses('GET /receipts/{id}')[0]!.validate!.schema as {
    properties: { data: { properties: { status: { enum: string[] }; paramountReview: { properties: { verdict: { enum: string[] }; reason: { enum: string[] } } } } } };
  }).properties.data.properties;

  it('receipt statuses', () => expect(receiptStatus.options).toEqual(paramountReview.status.enum));
  it('review verdicts', () => expect(reviewVerdict.options).toEqual(paramountReview.paramountReview.properties.verdict.enum));
  it('review reasons', () => expect(reviewReason.options).toEqual(paramountReview.paramountReview.properties.reason.enum));
});

describe('claimReceiptBody', () => {
  it.each<[string, unknown, string[]]>([
    ['no useParser', { pictureUrl: 'https://x.test/a.jpg' }, ['useParser: must be true (default mode: the sandbox parses pictureUrl) or false (preparsed mode)']],
    ['useParser as a string', { ...defaultExample, useParser: 'true' }, ['useParser: must be true (default mode: the sandbox parses pictureUrl) or false (preparsed mode)']],
    ['default mode without pictureUrl', { useParser: true }, ['pictureUrl: Invalid input: expected string, received undefined']],
    ['a pictureUrl that is not http(s)', { ...defaultExample, pictureUrl: 'file:///etc/passwd' }, ['pictureUrl: must be an http(s) URL']],
    ['a pictureUrl over 2048 characters', { ...defaultExample, pictureUrl: `https://x.test/${'a'.repeat(2048)}` }, ['pictureUrl: must be at most 2048 characters']],
    ['preparsed without submitter', { ...preparsedExample, submitter: undefined }, ['submitter: Invalid input: expected object, received undefined']],
    ['preparsed without ocrConfidence', { ...preparsedExample, ocrConfidence: undefined }, ['ocrConfidence: Invalid input: expected number, received undefined']],
    ['an ocrConfidence above 1', { ...preparsedExample, ocrConfidence: 76 }, ['ocrConfidence: must be between 0 and 1']],
    ['a confidence below 0', { ...preparsedExample, total: { value: '1', confidence: -0.1 } }, ['total.confidence: must be between 0 and 1']],
    ['a date that is no day', { ...preparsedExample, serviceDate: { value: '2019-02-30', confidence: 1 } }, ['serviceDate.value: must be a date as YYYY-MM-DD']],
    ['a date in another format', { ...preparsedExample, serviceDate: { value: '28/08/2019', confidence: 1 } }, ['serviceDate.value: must be a date as YYYY-MM-DD']],
    ['a time past 23:59', { ...preparsedExample, serviceTime: { value: '24:00', confidence: 1 } }, ['serviceTime.value: must be a time as HH:MM or HH:MM:SS (24-hour)']],
    ['501 line items', { ...preparsedExample, lineItems: Array(501).fill(line) }, ['lineItems: must have at most 500 line items']],
    ['a line item without description', { ...preparsedExample, lineItems: [{ quantity: 1 }] }, ['lineItems.0.description: Invalid input: expected string, received undefined']],
    ['an unknown metadata source', { ...defaultExample, metadata: { source: 'FAX' } }, ['metadata.source: must be one of APP, WEB, API, EMAIL, OTHER']],
    ['metadata with a nested object', { ...defaultExample, metadata: { source: 'API', deep: { a: 1 } } }, ['metadata.deep: Invalid input']],
    ['metadata with 51 keys', { ...defaultExample, metadata: { source: 'API', ...manyKeys(50) } }, ['metadata: must have at most 50 keys']],
    ['a metadata key over 100 characters', { ...defaultExample, metadata: { source: 'API', ['k'.repeat(101)]: 1 } }, [`metadata.${'k'.repeat(101)}: key must be at most 100 characters`]],
    ['a latitude past the pole', { ...defaultExample, submissionPosition: { latitude: 91, longitude: 0 } }, ['submissionPosition.latitude: must be between -90 and 90']],
  ])('refuses %s', (_name, body, expected) => {
    expect(problems(claimReceiptBody, body)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a default claim with only a picture', { useParser: true, pictureUrl: 'https://receipts.sandbox.test/supermarket.jpg' }],
    ['a numeric total', { ...preparsedExample, total: { value: 12.5, confidence: 0.9 } }],
    ['a time with seconds', { ...preparsedExample, serviceTime: { value: '22:34:05', confidence: 0.9 } }],
    ['a preparsed claim with no line items', { ...preparsedExample, lineItems: [] }],
    ['metadata with 50 keys', { ...defaultExample, metadata: { source: 'API', ...manyKeys(49) } }],
  ])('accepts %s', (_name, body) => {
    expect(problems(claimReceiptBody, body)).toEqual([]);
  });

  it('tells the two modes apart by useParser', () => {
    expect(claimReceiptBody.parse(defaultExample)).not.toHaveProperty('ocrConfidence');
    expect(claimReceiptBody.parse(preparsedExample)).toHaveProperty('ocrConfidence', 0.76);
  });
});

describe('orderBody', () => {
  it.each<[string, unknown, string[]]>([
    ['no submitter', { ...orderExample, submitter: undefined }, ['submitter: Invalid input: expected object, received undefined']],
    ['no line items', { ...orderExample, lineItems: undefined }, ['lineItems: Invalid input: expected array, received undefined']],
    ['a total as a string', { ...orderExample, total: '1234.99' }, ['total: Invalid input: expected number, received string']],
    ['51 payment tenders', { ...orderExample, paymentTenders: Array(51).fill({ type: 'CASH', value: 1 }) }, ['paymentTenders: must have at most 50 tenders']],
    ['a tender without value', { ...orderExample, paymentTenders: [{ type: 'CARD' }] }, ['paymentTenders.0.value: Invalid input: expected number, received undefined']],
    ['a transactionId over 100 characters', { ...orderExample, transactionId: 'x'.repeat(101) }, ['transactionId: must be at most 100 characters']],
  ])('refuses %s', (_name, body, expected) => {
    expect(problems(orderBody, body)).toEqual(expected);
  });

  it('takes an order without service date and time, as the prose allows', () => {
    expect(problems(orderBody, { ...orderExample, serviceDate: undefined, serviceTime: undefined })).toEqual([]);
  });
});

describe('manualReviewBody', () => {
  it.each<[string, unknown, string[]]>([
    ['an unknown verdict', { verdict: 'APPROVE', reason: 'OTHER' }, ['verdict: Invalid option: expected one of "ABSTAIN"|"REJECT"|"AUTHORIZE"']],
    ['an undocumented reason', { verdict: 'REJECT', reason: 'FAIL' }, [expect.stringMatching(/^reason: Invalid option/) as unknown as string]],
    ['a comment over 1000 characters', { verdict: 'REJECT', reason: 'OTHER', comment: 'x'.repeat(1001) }, ['comment: must be at most 1000 characters']],
  ])('refuses %s', (_name, body, expected) => {
    expect(problems(manualReviewBody, body)).toEqual(expected);
  });

  it('takes a comment', () => {
    expect(manualReviewBody.parse({ verdict: 'AUTHORIZE', reason: 'VERIFIED', comment: 'checked by hand' })).toEqual({
      verdict: 'AUTHORIZE',
      reason: 'VERIFIED',
      comment: 'checked by hand',
    });
  });
});

describe('every WLL body schema', () => {
  const bodies: Array<[string, z.ZodType]> = [
    ['claimReceiptBody', claimReceiptBody],
    ['orderBody', orderBody],
    ['manualReviewBody', manualReviewBody],
  ];

  it.each(bodies)('%s answers any JSON quickly, with issues rather than a throw', (_name, schema) => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ useParser: fc.boolean(), pictureUrl: fc.string(), lineItems: fc.array(fc.jsonValue({ maxDepth: 2 })) })),
        (body) => {
          const started = performance.now();
          schema.safeParse(body);
          // Milliseconds, not seconds; the margin over the sub-millisecond cost is for GC pauses on a loaded machine.
          expect(performance.now() - started).toBeLessThan(250);
        },
      ),
    );
  });

  it('converts to JSON Schema for OpenAPI, with one id per named schema', () => {
    const named = (Object.values(schemas) as unknown[]).filter(
      (value): value is z.ZodType => value instanceof z.ZodType && z.globalRegistry.get(value)?.id !== undefined,
    );
    expect(named.length).toBeGreaterThanOrEqual(12);
    const ids = named.map((schema) => z.globalRegistry.get(schema)!.id);
    expect(ids.every((id) => id!.startsWith('Wll'))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const schema of named) expect(() => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' })).not.toThrow();
    for (const [, schema] of bodies) expect(() => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })).not.toThrow();
  });
});
