import { z } from 'zod';
import { errorFactory, type ErrorTemplate } from '../lib/api-error.js';
import type { ErrorRenderer } from './error-envelope.js';

/** The admin API is the sandbox's own: `{"error": "<code>", "message": "…"}`. */
export const ADMIN_ERRORS = {
  unauthorized: { status: 401, message: 'This admin API needs Authorization: Bearer <SANDBOX_ADMIN_TOKEN>' },
  invalid_request: { status: 400, message: 'The request is invalid' },
  forbidden: { status: 403, message: 'Forbidden' },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'The resource is not in a state that allows this' },
  too_many_workspaces: { status: 409, message: 'The sandbox holds as many workspaces as SANDBOX_MAX_WORKSPACES allows' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  unsupported_media_type: { status: 415, message: 'Admin calls take JSON: send Content-Type: application/json' },
  uri_too_long: { status: 414, message: 'The URL is too long' },
  headers_too_large: { status: 431, message: 'The request headers are too large' },
  busy: { status: 503, message: 'The sandbox database is busy; retry the request' },
  internal_error: { status: 500, message: 'An unexpected error occurred' },
} as const satisfies Record<string, ErrorTemplate>;

export const adminError = errorFactory(ADMIN_ERRORS);

export const adminErrorResponse = z.object({ error: z.string(), message: z.string() }).meta({ id: 'AdminError' });

const body = (error: string, message: string) => ({ error, message });

/** The admin envelope; also what the sandbox answers on paths that belong to no API. */
export const renderAdminError: ErrorRenderer = (failure) => {
  switch (failure.kind) {
    case 'api':
      return { status: failure.error.statusCode, body: body(failure.error.code, failure.error.message) };
    case 'not_found':
      return { status: 404, body: body('not_found', failure.message) };
    case 'body_too_large':
      return { status: 413, body: body('payload_too_large', failure.message) };
    case 'unsupported_media_type':
      return {
        status: 415,
        body: body('unsupported_media_type', `${failure.message}. ${ADMIN_ERRORS.unsupported_media_type.message}`),
      };
    case 'uri_too_long':
      return { status: 414, body: body('uri_too_long', failure.message) };
    case 'headers_too_large':
      return { status: 431, body: body('headers_too_large', failure.message) };
    case 'busy':
      return { status: 503, body: body('busy', failure.message), headers: { 'retry-after': '1' } };
    case 'internal':
      return { status: 500, body: body('internal_error', ADMIN_ERRORS.internal_error.message) };
    default:
      return { status: failure.status, body: body('invalid_request', failure.message) };
  }
};
