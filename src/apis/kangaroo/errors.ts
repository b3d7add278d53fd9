import { STATUS_CODES } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { ErrorRenderer, RenderedError } from '../../core/error-envelope.js';
import { type ApiError, errorFactory, type ErrorTemplate } from '../../lib/api-error.js';
import type { ErrorKind } from '../../lib/fastify-errors.js';
import { fieldErrorsOf, type FieldErrors } from './field-errors.js';

// ── The API's envelope (/api/v1) ─────────────────────────────────────────────

/**
 * Kangaroo's failures as its api-docs show them (kangaroo-api-shapes.md §3):
 * 401/404/400-style `{"error": {"status_code", "message", "description"}}`, 403 `{"message"}`,
 * 422 a bare field map. 406/413/414/415/431/429/500/503 are not documented; they take the 400-style
 * envelope with the HTTP reason as `message` (the sandbox's choice).
 */
export const KANGAROO_ERRORS = {
  bad_request: { status: 400, message: 'Bad Request' },
  unauthenticated: { status: 401, message: 'Unauthenticated.' },
  unauthorized: { status: 403, message: 'This action is unauthorized.' },
  not_found: { status: 404, message: 'Not found' },
  integration_not_found: { status: 404, message: 'Integration not found' },
  customer_not_found: { status: 404, message: 'Customer not found' },
  transaction_not_found: { status: 404, message: 'Transaction not found' },
  // Sandbox: Kangaroo documents no 406; its body is the 400-style envelope with the HTTP reason.
  not_acceptable: { status: 406, message: 'Not Acceptable' },
  payload_too_large: { status: 413, message: 'Payload Too Large' },
  uri_too_long: { status: 414, message: 'URI Too Long' },
  unsupported_media_type: { status: 415, message: 'Unsupported Media Type' },
  invalid_data: { status: 422, message: 'The given data was invalid.' },
  // Laravel's ThrottleRequests wording; Kangaroo documents the headers but no 429 body.
  too_many_requests: { status: 429, message: 'Too Many Attempts.' },
  headers_too_large: { status: 431, message: 'Request Header Fields Too Large' },
  internal_error: { status: 500, message: 'Internal Server Error' },
  service_unavailable: { status: 503, message: 'Service Unavailable' },
} as const satisfies Record<string, ErrorTemplate>;

export type KangarooErrorCode = keyof typeof KANGAROO_ERRORS;

export const NOT_FOUND_DESCRIPTION = "The requested resource doesn't exist.";
const INTERNAL_DESCRIPTION = 'An unexpected error occurred';

/** What a Kangaroo ApiError carries beside its message. */
interface KangarooErrorDetails {
  description?: string;
  fields?: FieldErrors;
  headers?: Record<string, string>;
}

const fail = errorFactory(KANGAROO_ERRORS);

/** An error in Kangaroo's envelope; `description` defaults to the message (404: Kangaroo's fixed text). */
export function kangarooError(code: KangarooErrorCode, description?: string, headers?: Record<string, string>): ApiError {
  const details: KangarooErrorDetails = {};
  if (description !== undefined) details.description = description;
  if (headers !== undefined) details.headers = headers;
  return fail(code, undefined, details);
}

/** 422 with Kangaroo's bare field map. */
export function invalidData(fields: FieldErrors): ApiError {
  return fail('invalid_data', undefined, { fields } satisfies KangarooErrorDetails);
}

export interface KangarooErrorEnvelope {
  error: { status_code: number; message: string; description: string };
}

export function errorEnvelope(status: number, message: string, description: string): KangarooErrorEnvelope {
  return { error: { status_code: status, message, description } };
}

function messageFor(status: number): string {
  const template = Object.values(KANGAROO_ERRORS).find((entry) => entry.status === status);
  return template?.message ?? STATUS_CODES[status] ?? 'Error';
}

function rendered(status: number, body: unknown, headers?: Record<string, string>): RenderedError {
  return headers && Object.keys(headers).length > 0 ? { status, body, headers } : { status, body };
}

function envelopeFor(status: number, message: string, description: string | undefined, headers?: Record<string, string>): RenderedError {
  if (status === 403) return rendered(403, { message: KANGAROO_ERRORS.unauthorized.message }, headers);
  const fallback = status === 404 ? NOT_FOUND_DESCRIPTION : message;
  return rendered(status, errorEnvelope(status, message, description ?? fallback), headers);
}

/**
 * Any status in Kangaroo's shape, for failures that carry only a status (an injected fault, a
 * framework error): 403 `{"message"}`, 422 a field map under `request`, else the envelope.
 */
export function kangarooErrorForStatus(status: number, description?: string): RenderedError {
  if (status === 422) return rendered(422, { request: [description ?? KANGAROO_ERRORS.invalid_data.message] });
  const headers = status === 503 ? { 'retry-after': '1' } : undefined;
  return envelopeFor(status, messageFor(status), description, headers);
}

function isKangarooCode(code: string): code is KangarooErrorCode {
  return Object.hasOwn(KANGAROO_ERRORS, code);
}

function renderApiError(error: ApiError): RenderedError {
  if (!isKangarooCode(error.code)) return kangarooErrorForStatus(error.statusCode, error.message);
  const details = (error.details ?? {}) as KangarooErrorDetails;
  if (error.code === 'invalid_data') return rendered(422, details.fields ?? {});
  return envelopeFor(error.statusCode, error.message, details.description, details.headers);
}

/** How the Kangaroo API answers every failure (CONTRACT §4). */
export const kangarooErrorRenderer: ErrorRenderer = (failure: ErrorKind): RenderedError => {
  switch (failure.kind) {
    case 'api':
      return renderApiError(failure.error);
    case 'validation': {
      const fields = fieldErrorsOf(failure.issues);
      return fields ? rendered(422, fields) : envelopeFor(400, KANGAROO_ERRORS.bad_request.message, 'The request body must be a JSON object.');
    }
    case 'malformed_body':
    case 'bad_url':
      return envelopeFor(400, KANGAROO_ERRORS.bad_request.message, failure.message);
    case 'body_too_large':
      return envelopeFor(413, KANGAROO_ERRORS.payload_too_large.message, failure.message);
    case 'unsupported_media_type':
      return envelopeFor(415, KANGAROO_ERRORS.unsupported_media_type.message, `${failure.message}: send application/json`);
    case 'not_found':
      return envelopeFor(404, KANGAROO_ERRORS.not_found.message, NOT_FOUND_DESCRIPTION);
    case 'uri_too_long':
      return envelopeFor(414, KANGAROO_ERRORS.uri_too_long.message, failure.message);
    case 'headers_too_large':
      return envelopeFor(431, KANGAROO_ERRORS.headers_too_large.message, failure.message);
    case 'busy':
      return envelopeFor(503, KANGAROO_ERRORS.service_unavailable.message, failure.message, { 'retry-after': '1' });
    case 'client':
      return kangarooErrorForStatus(failure.status, failure.message);
    case 'internal':
      return envelopeFor(500, KANGAROO_ERRORS.internal_error.message, INTERNAL_DESCRIPTION);
  }
};

// ── The token endpoint's envelope (/oauth/token) ────────────────────────────

/**
 * OAuth2 errors (RFC 6749 §5.2) as Laravel Passport, Kangaroo's stack, answers them: the bodies of
 * league/oauth2-server 8.5, `{error, error_description, hint?, message}`. Kangaroo documents no
 * token error; its refresh tokens' `def502…` form is league's (kangaroo-api-shapes.md §12).
 * league 8.x answers an invalid refresh token 401 `invalid_request`; 9.x changed that to 400
 * `invalid_grant`. The sandbox keeps 8.5, the version whose body carries `message`.
 */
export const OAUTH_ERRORS = {
  unsupported_grant_type: {
    status: 400,
    error: 'unsupported_grant_type',
    message: 'The authorization grant type is not supported by the authorization server.',
  },
  invalid_request: {
    status: 400,
    error: 'invalid_request',
    message:
      'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
  },
  invalid_client: { status: 401, error: 'invalid_client', message: 'Client authentication failed' },
  invalid_scope: { status: 400, error: 'invalid_scope', message: 'The requested scope is invalid, unknown, or malformed' },
  invalid_credentials: { status: 400, error: 'invalid_grant', message: 'The user credentials were incorrect.' },
  invalid_refresh_token: { status: 401, error: 'invalid_request', message: 'The refresh token is invalid.' },
  server_error: {
    status: 500,
    error: 'server_error',
    message: 'The authorization server encountered an unexpected condition which prevented it from fulfilling the request.',
  },
  // RFC 6749's code for "try again later"; league has no equivalent.
  temporarily_unavailable: {
    status: 503,
    error: 'temporarily_unavailable',
    message: 'The authorization server is temporarily unable to handle the request.',
  },
} as const satisfies Record<string, ErrorTemplate & { error: string }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

/** league's hints, the part of its error that names what to fix. */
export const OAUTH_HINTS = {
  unsupportedGrantType: 'Check that all required parameters have been provided',
  parameter: (name: string) => `Check the \`${name}\` parameter`,
  noScope: 'Specify a scope in the request or set a default scope',
  scope: (scope: string) => `Check the \`${scope}\` scope`,
  refreshUnknown: 'Cannot decrypt the refresh token',
  refreshOtherClient: 'Token is not linked to client',
  refreshExpired: 'Token has expired',
  refreshRevoked: 'Token has been revoked',
} as const;

const failOAuth = errorFactory(OAUTH_ERRORS);

export function oauthError(code: OAuthErrorCode, hint?: string): ApiError {
  return failOAuth(code, undefined, hint === undefined ? {} : { hint });
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
  hint?: string;
  message: string;
}

function renderOAuth(code: OAuthErrorCode, hint: string | undefined, request: FastifyRequest | undefined, status?: number): RenderedError {
  const template = OAUTH_ERRORS[code];
  // league's key order: error, error_description, hint, then message (kept for old clients).
  const body: OAuthErrorBody = {
    error: template.error,
    error_description: template.message,
    ...(hint === undefined ? {} : { hint }),
    message: template.message,
  };
  const headers: Record<string, string> = {};
  // RFC 6749 §5.2: a client that tried the Authorization header gets a challenge in its scheme.
  const authorization = request?.headers.authorization;
  if (template.error === 'invalid_client' && authorization) {
    headers['www-authenticate'] = `${/^bearer/i.test(authorization) ? 'Bearer' : 'Basic'} realm="OAuth"`;
  }
  if (code === 'temporarily_unavailable') headers['retry-after'] = '1';
  return rendered(status ?? template.status, body, headers);
}

function isOAuthCode(code: string): code is OAuthErrorCode {
  return Object.hasOwn(OAUTH_ERRORS, code);
}

/** POST /oauth/token answers in OAuth2's own shape, not the API's envelope. */
export const kangarooTokenErrorRenderer: ErrorRenderer = (failure, request) => {
  switch (failure.kind) {
    case 'api': {
      if (!isOAuthCode(failure.error.code)) return kangarooErrorRenderer(failure, request);
      const hint = (failure.error.details as { hint?: string } | undefined)?.hint;
      return renderOAuth(failure.error.code, hint, request);
    }
    case 'validation': {
      const field = failure.issues[0]?.field.split('.')[1];
      return renderOAuth('invalid_request', field ? OAUTH_HINTS.parameter(field) : failure.message, request);
    }
    case 'malformed_body':
      return renderOAuth('invalid_request', failure.message, request);
    case 'body_too_large':
      return renderOAuth('invalid_request', failure.message, request, 413);
    case 'unsupported_media_type':
      return renderOAuth(
        'invalid_request',
        `${failure.message}: send the parameters as application/x-www-form-urlencoded or application/json`,
        request,
        415,
      );
    case 'busy':
      return renderOAuth('temporarily_unavailable', failure.message, request);
    case 'internal':
      return renderOAuth('server_error', undefined, request);
    default:
      return kangarooErrorRenderer(failure, request);
  }
};
