import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/api-error.js';
import type { ErrorKind } from '../../../src/lib/fastify-errors.js';
import { renderWllError, renderWllStatus, WLL_ERRORS, wllError } from '../../../src/apis/wll/errors.js';
import { errorResponse } from '../../../src/apis/wll/schemas/index.js';
import { expectMatchesDocSchema } from '../../helpers/wll-doc-schemas.js';

const issue = (field: string, message: string, missing = false) => ({ field, message, missing });

const CASES: Array<[string, ErrorKind, number, string, string, Record<string, string>?]> = [
  ['a thrown WLL error', { kind: 'api', error: wllError('NotFoundError', 'No receipt with id r1') }, 404, 'NotFoundError', 'No receipt with id r1'],
  ['a missing API key', { kind: 'api', error: wllError('InvalidApiKeyError') }, 403, 'InvalidApiKeyError', WLL_ERRORS.InvalidApiKeyError.message],
  [
    'a missing token',
    { kind: 'api', error: wllError('UnauthorizedError') },
    401,
    'UnauthorizedError',
    WLL_ERRORS.UnauthorizedError.message,
    { 'www-authenticate': 'Bearer' },
  ],
  [
    'validation issues',
    {
      kind: 'validation',
      status: 400,
      issues: [issue('body.pictureUrl', 'is required', true), issue('body.total.confidence', 'must be between 0 and 1')],
      message: 'body.pictureUrl is required; body.total.confidence must be between 0 and 1',
    },
    400,
    'BadRequestError',
    'Invalid request: body.pictureUrl is required; body.total.confidence must be between 0 and 1',
  ],
  ['malformed JSON', { kind: 'malformed_body', status: 400, message: 'The request body is not valid JSON' }, 400, 'BadRequestError', 'The request body is not valid JSON'],
  ['an undecodable URL', { kind: 'bad_url', status: 400, message: 'The URL cannot be decoded' }, 400, 'BadRequestError', 'The URL cannot be decoded'],
  [
    'a body over the limit',
    { kind: 'body_too_large', status: 413, message: 'The request body is larger than the 1 MiB limit' },
    413,
    'PayloadTooLargeError',
    'The request body is larger than the 1 MiB limit',
  ],
  [
    'an unsupported Content-Type',
    { kind: 'unsupported_media_type', status: 415, message: 'Unsupported Content-Type "text/xml"' },
    415,
    'UnsupportedMediaTypeError',
    'Unsupported Content-Type "text/xml": send the body as application/json',
  ],
  ['no such route', { kind: 'not_found', status: 404, message: 'No WLL endpoint GET /v1/nope' }, 404, 'NotFoundError', 'No WLL endpoint GET /v1/nope'],
  ['an over-long URL', { kind: 'uri_too_long', status: 414, message: 'The URL is longer than 8 KiB' }, 414, 'UriTooLongError', 'The URL is longer than 8 KiB'],
  [
    'over-large headers',
    { kind: 'headers_too_large', status: 431, message: 'The headers are larger than 16 KiB' },
    431,
    'RequestHeaderFieldsTooLargeError',
    'The headers are larger than 16 KiB',
  ],
  [
    'a busy database',
    { kind: 'busy', status: 503, message: 'The sandbox database is busy; retry the request' },
    503,
    'ServiceUnavailableError',
    'The sandbox database is busy; retry the request',
    { 'retry-after': '1' },
  ],
  ['another client error', { kind: 'client', status: 400, message: 'Bad Content-Length' }, 400, 'BadRequestError', 'Bad Content-Length'],
  ['a client status the catalogue lacks', { kind: 'client', status: 408, message: 'Too slow' }, 408, 'RequestTimeoutError', 'Too slow'],
  [
    'an unexpected error',
    { kind: 'internal', status: 500, message: 'SQLITE_ERROR: no such table wll_receipts' },
    500,
    'InternalServerError',
    'An unexpected error occurred',
  ],
];

describe('renderWllError', () => {
  it.each(CASES)('%s → its status and the WLL error body', (_name, failure, status, name, message, headers) => {
    const result = renderWllError(failure, undefined);
    expect(result).toEqual({ status, body: { status: 'fail', data: { name, httpCode: status, message } }, ...(headers ? { headers } : {}) });
    expect(errorResponse.safeParse(result.body).success).toBe(true);
  });

  it('covers every kind of failure', () => {
    const kinds = new Set(CASES.map(([, failure]) => failure.kind));
    expect([...kinds].sort()).toEqual(
      ['api', 'bad_url', 'body_too_large', 'busy', 'client', 'headers_too_large', 'internal', 'malformed_body', 'not_found', 'unsupported_media_type', 'uri_too_long', 'validation'],
    );
  });

  it("answers errors the docs' error schema accepts", () => {
    for (const [, failure] of CASES) {
      const { status, body } = renderWllError(failure, undefined);
      if (status === 401 || status === 403) expectMatchesDocSchema('POST /receipts', status, body);
    }
  });

  it('lists the first ten validation issues and counts the rest', () => {
    const issues = Array.from({ length: 13 }, (_, i) => issue(`body.lineItems.${i}.quantity`, 'is required', true));
    const { body } = renderWllError({ kind: 'validation', status: 400, issues, message: 'x' }, undefined);
    const message = (body as { data: { message: string } }).data.message;
    expect(message).toMatch(/^Invalid request: body\.lineItems\.0\.quantity is required; .*body\.lineItems\.9\.quantity is required; and 3 more$/);
  });

  it('keeps the name of an ApiError thrown with a WLL code', () => {
    const result = renderWllError({ kind: 'api', error: new ApiError(403, 'ForbiddenError', 'needs admin:receipts') }, undefined);
    expect(result.body).toEqual({ status: 'fail', data: { name: 'ForbiddenError', httpCode: 403, message: 'needs admin:receipts' } });
  });
});

describe('renderWllStatus', () => {
  it.each([
    [429, 'TooManyRequestsError', 'Too Many Requests'],
    [502, 'BadGatewayError', 'Bad Gateway'],
    [418, 'ImATeapotError', "I'm a Teapot"],
    [500, 'InternalServerError', WLL_ERRORS.InternalServerError.message],
    [404, 'NotFoundError', WLL_ERRORS.NotFoundError.message],
  ])('%i → %s', (status, name, message) => {
    expect(renderWllStatus(status).body).toEqual({ status: 'fail', data: { name, httpCode: status, message } });
  });

  it('asks for a retry on 503', () => {
    expect(renderWllStatus(503, 'Injected fault').headers).toEqual({ 'retry-after': '1' });
  });
});
