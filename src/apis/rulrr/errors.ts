import { STATUS_CODES } from 'node:http';
import type { ErrorRenderer, RenderedError } from '../../core/error-envelope.js';
import { errorFactory, type ErrorTemplate } from '../../lib/api-error.js';

/**
 * Rulrr answers failures as `{"success": false, "error": "<snake_case_code>", "message": "…"}`
 * (CONTRACT §4). The statuses are the documented ones: 400 unknown client or missing parameter,
 * 403 wrong secret or token, 409 not finished yet, 410 tokens already taken. The codes and
 * wording are the sandbox's: Rulrr's public docs do not show its error bodies.
 */
export const RULRR_ERRORS = {
  missing_parameter: { status: 400, message: 'A required parameter is missing' },
  invalid_parameter: { status: 400, message: 'A parameter is invalid' },
  invalid_request_body: { status: 400, message: 'The request body is invalid' },
  invalid_client: { status: 400, message: 'Unknown client_id' },
  invalid_client_secret: { status: 403, message: 'The client_secret is incorrect' },
  invalid_integration_token: { status: 403, message: 'The integration_token is incorrect' },
  invalid_access_token: { status: 403, message: 'The access token is missing, unknown, expired or revoked' },
  invalid_refresh_token: { status: 403, message: 'The refresh token is unknown or revoked' },
  integration_not_finished: { status: 409, message: 'The integration is not finished yet' },
  tokens_already_retrieved: { status: 410, message: 'The tokens of this integration were already retrieved' },
  order_conflict: { status: 409, message: 'An order with this orderId was already sent with a different body' },
  order_not_found: { status: 404, message: 'No order with this orderId' },
  upload_not_found: { status: 404, message: 'Unknown upload URL' },
  upload_expired: { status: 410, message: 'This upload URL has expired; request a new one with GET /v1/customers' },
  invalid_upload: { status: 400, message: 'The customers file cannot be read' },
  invalid_request: { status: 400, message: 'The request is invalid' },
  not_found: { status: 404, message: 'No such endpoint' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  unsupported_media_type: { status: 415, message: 'Unsupported Content-Type' },
  uri_too_long: { status: 414, message: 'The URL is too long' },
  headers_too_large: { status: 431, message: 'The request headers are too large' },
  service_unavailable: { status: 503, message: 'The sandbox database is busy; retry the request' },
  internal_error: { status: 500, message: 'An unexpected error occurred' },
  // Only ever answered through an injected fault (CONTRACT §6): Rulrr's own code for these is unknown.
  too_many_requests: { status: 429, message: 'Too many requests' },
  bad_gateway: { status: 502, message: 'Bad gateway' },
  gateway_timeout: { status: 504, message: 'Gateway timeout' },
} as const satisfies Record<string, ErrorTemplate>;

export type RulrrErrorCode = keyof typeof RULRR_ERRORS;

export const rulrrError = errorFactory(RULRR_ERRORS);

export interface RulrrErrorBody {
  success: false;
  error: string;
  message: string;
}

export function rulrrErrorBody(error: string, message: string): RulrrErrorBody {
  return { success: false, error, message };
}

/** Rulrr's envelope for every failure, its own and the framework's (CONTRACT §4). */
export const renderRulrrError: ErrorRenderer = (failure) => {
  switch (failure.kind) {
    case 'api':
      return { status: failure.error.statusCode, body: rulrrErrorBody(failure.error.code, failure.error.message) };
    case 'validation': {
      const inBody = failure.issues.some((issue) => issue.field.startsWith('body'));
      const code = inBody ? 'invalid_request_body' : failure.issues.every((i) => i.missing) ? 'missing_parameter' : 'invalid_parameter';
      return { status: 400, body: rulrrErrorBody(code, failure.message) };
    }
    case 'malformed_body':
      return { status: 400, body: rulrrErrorBody('invalid_request_body', failure.message) };
    case 'body_too_large':
      return { status: 413, body: rulrrErrorBody('payload_too_large', failure.message) };
    case 'unsupported_media_type':
      return {
        status: 415,
        body: rulrrErrorBody('unsupported_media_type', `${failure.message}: send application/json (or text/csv to an upload URL)`),
      };
    case 'not_found':
      return { status: 404, body: rulrrErrorBody('not_found', failure.message) };
    case 'bad_url':
      return { status: 400, body: rulrrErrorBody('invalid_request', failure.message) };
    case 'uri_too_long':
      return { status: 414, body: rulrrErrorBody('uri_too_long', failure.message) };
    case 'headers_too_large':
      return { status: 431, body: rulrrErrorBody('headers_too_large', failure.message) };
    case 'client':
      return { status: failure.status, body: rulrrErrorBody('invalid_request', failure.message) };
    case 'busy':
      return { status: 503, body: rulrrErrorBody('service_unavailable', failure.message), headers: { 'retry-after': '1' } };
    case 'internal':
      return { status: 500, body: rulrrErrorBody('internal_error', RULRR_ERRORS.internal_error.message) };
  }
};

/** The catalogue's code for each status a fault may inject, where the catalogue has a generic one. */
const INJECTED_CODES: Partial<Record<number, RulrrErrorCode>> = {
  400: 'invalid_request',
  403: 'invalid_access_token',
  404: 'not_found',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'headers_too_large',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/**
 * An error status injected by a fault, in Rulrr's envelope: the catalogue's code for that status,
 * else the status's reason in snake_case (`409` → `conflict`). 429 and 503 say when to retry.
 */
export function rulrrInjectedError(status: number, message: string): RenderedError {
  const reason = STATUS_CODES[status] ?? `http ${status}`;
  const code = INJECTED_CODES[status] ?? reason.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const body = rulrrErrorBody(code, message);
  return status === 429 || status === 503 ? { status, body, headers: { 'retry-after': '1' } } : { status, body };
}
