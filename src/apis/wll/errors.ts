import { STATUS_CODES } from 'node:http';
import { errorFactory, type ErrorTemplate } from '../../lib/api-error.js';
import type { ErrorRenderer, RenderedError } from '../../core/error-envelope.js';
import { describeIssues } from '../../lib/fastify-errors.js';
import type { WllErrorBody } from './schemas/common.js';

/**
 * WLL answers every failure as `{"status": "fail", "data": {"name", "httpCode", "message"}}`
 * (CONTRACT §4). The first five names and statuses are the documented ones; the docs show no
 * wording, so the messages are the sandbox's.
 */
export const WLL_ERRORS = {
  InvalidApiKeyError: { status: 403, message: 'The X-Api-Key header is missing or names no tenant' },
  UnauthorizedError: { status: 401, message: 'This call needs a valid bearer token in the Authorization header' },
  ForbiddenError: { status: 403, message: 'This call needs an admin token with the admin:receipts scope' },
  BadRequestError: { status: 400, message: 'The request is invalid' },
  NotFoundError: { status: 404, message: 'Not found' },
  // The sandbox's own names, in the same style, for failures the docs do not show.
  PayloadTooLargeError: { status: 413, message: 'The request body is too large' },
  UriTooLongError: { status: 414, message: 'The request URL is too long' },
  UnsupportedMediaTypeError: { status: 415, message: 'Send the body as application/json' },
  RequestHeaderFieldsTooLargeError: { status: 431, message: 'The request headers are too large' },
  InternalServerError: { status: 500, message: 'An unexpected error occurred' },
  ServiceUnavailableError: { status: 503, message: 'The sandbox database is busy; retry the request' },
} as const satisfies Record<string, ErrorTemplate>;

export type WllErrorName = keyof typeof WLL_ERRORS;

/** `throw wllError('NotFoundError', 'No receipt with id …')`: the one way WLL code fails a request. */
export const wllError = errorFactory(WLL_ERRORS);

export function wllErrorBody(name: string, httpCode: number, message: string): WllErrorBody {
  return { status: 'fail', data: { name, httpCode, message } };
}

function rendered(name: string, status: number, message: string, headers?: Record<string, string>): RenderedError {
  return { status, body: wllErrorBody(name, status, message), ...(headers ? { headers } : {}) };
}

const NAME_BY_STATUS = new Map<number, WllErrorName>([
  [400, 'BadRequestError'],
  [401, 'UnauthorizedError'],
  [403, 'ForbiddenError'],
  [404, 'NotFoundError'],
  [413, 'PayloadTooLargeError'],
  [414, 'UriTooLongError'],
  [415, 'UnsupportedMediaTypeError'],
  [431, 'RequestHeaderFieldsTooLargeError'],
  [500, 'InternalServerError'],
  [503, 'ServiceUnavailableError'],
]);

/** 429 → `TooManyRequestsError`: a status the catalogue lacks still gets a name in its style. */
function nameForStatus(status: number): string {
  const known = NAME_BY_STATUS.get(status);
  if (known) return known;
  const phrase = STATUS_CODES[status] ?? (status >= 500 ? 'Server' : 'Client');
  return `${phrase.replace(/'/g, '').replace(/(?:^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_match, first: string) => first.toUpperCase())}Error`;
}

/**
 * The WLL body for any status, worded by the caller or by the catalogue: for failures that start
 * outside a request's own handling, such as a fault the admin API injects.
 */
export function renderWllStatus(status: number, message?: string): RenderedError {
  const name = nameForStatus(status);
  const template = WLL_ERRORS[name as WllErrorName] as ErrorTemplate | undefined;
  const headers = status === 503 ? { 'retry-after': '1' } : undefined;
  return rendered(name, status, message ?? template?.message ?? STATUS_CODES[status] ?? 'The request failed', headers);
}

/** WLL lists ten issues, and its count has no noun: "…; and 3 more". */
const LISTED_ISSUES = 10;

/** How the WLL API words and wraps every failure, thrown or framework-made (see ErrorRenderer). */
export const renderWllError: ErrorRenderer = (failure) => {
  switch (failure.kind) {
    case 'api': {
      const { statusCode, code, message } = failure.error;
      // An HTTP 401 names the scheme it wants (RFC 9110); WLL's docs show no headers either way.
      const headers = statusCode === 401 ? { 'www-authenticate': 'Bearer' } : undefined;
      return rendered(code, statusCode, message, headers);
    }
    case 'validation':
      return rendered('BadRequestError', 400, `Invalid request: ${describeIssues(failure.issues, LISTED_ISSUES, '')}`);
    case 'malformed_body':
    case 'bad_url':
      return rendered('BadRequestError', 400, failure.message);
    case 'body_too_large':
      return rendered('PayloadTooLargeError', 413, failure.message);
    case 'unsupported_media_type':
      return rendered('UnsupportedMediaTypeError', 415, `${failure.message}: send the body as application/json`);
    case 'not_found':
      return rendered('NotFoundError', 404, failure.message);
    case 'uri_too_long':
      return rendered('UriTooLongError', 414, failure.message);
    case 'headers_too_large':
      return rendered('RequestHeaderFieldsTooLargeError', 431, failure.message);
    case 'busy':
      return rendered('ServiceUnavailableError', 503, failure.message, { 'retry-after': '1' });
    case 'client':
      return renderWllStatus(failure.status, failure.message);
    case 'internal':
      // Never the error's own message: it may carry SQL or a stack.
      return rendered('InternalServerError', 500, WLL_ERRORS.InternalServerError.message);
  }
};
