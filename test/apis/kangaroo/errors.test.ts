import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  invalidData,
  kangarooError,
  kangarooErrorForStatus,
  kangarooErrorRenderer,
  kangarooTokenErrorRenderer,
  oauthError,
} from '../../../src/apis/kangaroo/errors.js';
import { ApiError } from '../../../src/lib/api-error.js';
import type { ErrorKind } from '../../../src/lib/fastify-errors.js';

const envelope = (status: number, message: string, description: string) => ({ error: { status_code: status, message, description } });
const NOT_FOUND = "The requested resource doesn't exist.";

describe('the API renderer answers every failure kind in Kangaroo\'s shape', () => {
  const cases: Array<[string, ErrorKind, { status: number; body: unknown; headers?: Record<string, string> }]> = [
    ['a 401', { kind: 'api', error: kangarooError('unauthenticated') }, { status: 401, body: envelope(401, 'Unauthenticated.', 'Unauthenticated.') }],
    [
      'a 401 with a description',
      { kind: 'api', error: kangarooError('unauthenticated', 'The X-Application-Key header is missing or malformed.') },
      { status: 401, body: envelope(401, 'Unauthenticated.', 'The X-Application-Key header is missing or malformed.') },
    ],
    ['a 403', { kind: 'api', error: kangarooError('unauthorized') }, { status: 403, body: { message: 'This action is unauthorized.' } }],
    ['a 404', { kind: 'api', error: kangarooError('integration_not_found') }, { status: 404, body: envelope(404, 'Integration not found', NOT_FOUND) }],
    [
      'a 422',
      { kind: 'api', error: invalidData({ 'customer.id': ['The selected customer.id is invalid.'] }) },
      { status: 422, body: { 'customer.id': ['The selected customer.id is invalid.'] } },
    ],
    [
      'a 429',
      { kind: 'api', error: kangarooError('too_many_requests', 'slow down', { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0' }) },
      { status: 429, body: envelope(429, 'Too Many Attempts.', 'slow down'), headers: { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0' } },
    ],
    [
      'another catalogue\'s ApiError',
      { kind: 'api', error: new ApiError(409, 'conflict', 'Already there') },
      { status: 409, body: envelope(409, 'Conflict', 'Already there') },
    ],
    [
      'validation issues',
      {
        kind: 'validation',
        status: 400,
        message: 'x',
        issues: [
          { field: 'body.name', message: 'is required', missing: true },
          { field: 'body.store_domain', message: 'The :attribute format is invalid.', missing: false },
          { field: 'query.per_page', message: 'The :attribute may not be greater than 100.', missing: false },
          { field: 'body.type', message: 'Invalid input', missing: false },
        ],
      },
      {
        status: 422,
        body: {
          name: ['The name field is required.'],
          store_domain: ['The store domain format is invalid.'],
          per_page: ['The per page may not be greater than 100.'],
          type: ['The selected type is invalid.'],
        },
      },
    ],
    [
      'a body that is not an object',
      { kind: 'validation', status: 400, message: 'x', issues: [{ field: 'body', message: 'The :attribute must be an array.', missing: false }] },
      { status: 400, body: envelope(400, 'Bad Request', 'The request body must be a JSON object.') },
    ],
    ['malformed JSON', { kind: 'malformed_body', status: 400, message: 'The request body is not valid JSON' }, { status: 400, body: envelope(400, 'Bad Request', 'The request body is not valid JSON') }],
    ['a bad URL', { kind: 'bad_url', status: 400, message: 'The URL cannot be decoded' }, { status: 400, body: envelope(400, 'Bad Request', 'The URL cannot be decoded') }],
    ['a body too large', { kind: 'body_too_large', status: 413, message: 'over 1 MiB' }, { status: 413, body: envelope(413, 'Payload Too Large', 'over 1 MiB') }],
    [
      'an unsupported media type',
      { kind: 'unsupported_media_type', status: 415, message: 'Unsupported Content-Type "text/plain"' },
      { status: 415, body: envelope(415, 'Unsupported Media Type', 'Unsupported Content-Type "text/plain": send application/json') },
    ],
    ['an unknown route', { kind: 'not_found', status: 404, message: 'No route' }, { status: 404, body: envelope(404, 'Not found', NOT_FOUND) }],
    ['a URI too long', { kind: 'uri_too_long', status: 414, message: 'too long' }, { status: 414, body: envelope(414, 'URI Too Long', 'too long') }],
    ['headers too large', { kind: 'headers_too_large', status: 431, message: 'too big' }, { status: 431, body: envelope(431, 'Request Header Fields Too Large', 'too big') }],
    ['a busy database', { kind: 'busy', status: 503, message: 'busy' }, { status: 503, body: envelope(503, 'Service Unavailable', 'busy'), headers: { 'retry-after': '1' } }],
    ['a framework 405', { kind: 'client', status: 405, message: 'Method not allowed' }, { status: 405, body: envelope(405, 'Method Not Allowed', 'Method not allowed') }],
    ['a framework 403', { kind: 'client', status: 403, message: 'no' }, { status: 403, body: { message: 'This action is unauthorized.' } }],
    ['an internal error', { kind: 'internal', status: 500, message: 'boom at line 3' }, { status: 500, body: envelope(500, 'Internal Server Error', 'An unexpected error occurred') }],
  ];

  it.each(cases)('renders %s', (_case, failure, expected) => {
    expect(kangarooErrorRenderer(failure, undefined)).toEqual(expected);
  });

  it.each([
    [401, { status: 401, body: envelope(401, 'Unauthenticated.', 'Unauthenticated.') }],
    [403, { status: 403, body: { message: 'This action is unauthorized.' } }],
    [404, { status: 404, body: envelope(404, 'Not found', NOT_FOUND) }],
    [422, { status: 422, body: { request: ['The given data was invalid.'] } }],
    [429, { status: 429, body: envelope(429, 'Too Many Attempts.', 'Too Many Attempts.') }],
    [500, { status: 500, body: envelope(500, 'Internal Server Error', 'Internal Server Error') }],
    [503, { status: 503, body: envelope(503, 'Service Unavailable', 'Service Unavailable'), headers: { 'retry-after': '1' } }],
    [418, { status: 418, body: envelope(418, "I'm a Teapot", "I'm a Teapot") }],
  ])('renders an injected %i in Kangaroo\'s shape', (status, expected) => {
    expect(kangarooErrorForStatus(status)).toEqual(expected);
  });
});

describe('the token endpoint answers in OAuth2\'s shape', () => {
  const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as unknown as FastifyRequest;
  const body = (error: string, description: string, hint?: string) =>
    hint === undefined ? { error, error_description: description, message: description } : { error, error_description: description, hint, message: description };
  const INVALID_REQUEST =
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.';

  it.each<[string, ErrorKind, string | undefined, { status: number; body: unknown; headers?: Record<string, string> }]>([
    ['invalid_client', { kind: 'api', error: oauthError('invalid_client') }, undefined, { status: 401, body: body('invalid_client', 'Client authentication failed') }],
    [
      'invalid_client after Basic credentials',
      { kind: 'api', error: oauthError('invalid_client') },
      'Basic eDp5',
      { status: 401, body: body('invalid_client', 'Client authentication failed'), headers: { 'www-authenticate': 'Basic realm="OAuth"' } },
    ],
    [
      'invalid_credentials',
      { kind: 'api', error: oauthError('invalid_credentials') },
      undefined,
      { status: 400, body: body('invalid_grant', 'The user credentials were incorrect.') },
    ],
    [
      'invalid_refresh_token',
      { kind: 'api', error: oauthError('invalid_refresh_token', 'Token has expired') },
      undefined,
      { status: 401, body: body('invalid_request', 'The refresh token is invalid.', 'Token has expired') },
    ],
    [
      'invalid_scope',
      { kind: 'api', error: oauthError('invalid_scope', 'Check the `x` scope') },
      undefined,
      { status: 400, body: body('invalid_scope', 'The requested scope is invalid, unknown, or malformed', 'Check the `x` scope') },
    ],
    [
      'a parameter sent twice',
      { kind: 'validation', status: 400, message: 'x', issues: [{ field: 'body.client_id', message: 'Invalid input', missing: false }] },
      undefined,
      { status: 400, body: body('invalid_request', INVALID_REQUEST, 'Check the `client_id` parameter') },
    ],
    [
      'malformed JSON',
      { kind: 'malformed_body', status: 400, message: 'The request body is not valid JSON' },
      undefined,
      { status: 400, body: body('invalid_request', INVALID_REQUEST, 'The request body is not valid JSON') },
    ],
    [
      'a body too large',
      { kind: 'body_too_large', status: 413, message: 'over 1 MiB' },
      undefined,
      { status: 413, body: body('invalid_request', INVALID_REQUEST, 'over 1 MiB') },
    ],
    [
      'an unsupported media type',
      { kind: 'unsupported_media_type', status: 415, message: 'Unsupported Content-Type "text/plain"' },
      undefined,
      {
        status: 415,
        body: body(
          'invalid_request',
          INVALID_REQUEST,
          'Unsupported Content-Type "text/plain": send the parameters as application/x-www-form-urlencoded or application/json',
        ),
      },
    ],
    [
      'a busy database',
      { kind: 'busy', status: 503, message: 'busy' },
      undefined,
      { status: 503, body: body('temporarily_unavailable', 'The authorization server is temporarily unable to handle the request.', 'busy'), headers: { 'retry-after': '1' } },
    ],
    [
      'an internal error',
      { kind: 'internal', status: 500, message: 'boom' },
      undefined,
      {
        status: 500,
        body: body('server_error', 'The authorization server encountered an unexpected condition which prevented it from fulfilling the request.'),
      },
    ],
    ['an unknown route', { kind: 'not_found', status: 404, message: 'No route' }, undefined, { status: 404, body: envelope(404, 'Not found', NOT_FOUND) }],
  ])('renders %s', (_case, failure, authorization, expected) => {
    expect(kangarooTokenErrorRenderer(failure, request(authorization))).toEqual(expected);
  });

  it('keeps league\'s key order: error, error_description, hint, message', () => {
    const rendered = kangarooTokenErrorRenderer({ kind: 'api', error: oauthError('invalid_scope', 'h') }, request());
    expect(Object.keys(rendered.body as object)).toEqual(['error', 'error_description', 'hint', 'message']);
  });

  it('renders a Kangaroo ApiError thrown on the token route in the API envelope', () => {
    expect(kangarooTokenErrorRenderer({ kind: 'api', error: kangarooError('unauthenticated') }, request()).status).toBe(401);
  });
});
