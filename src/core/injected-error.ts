import { STATUS_CODES } from 'node:http';
import type { ErrorKind } from '../lib/fastify-errors.js';
import type { EmulatedApi } from './api.js';
import type { RenderedError } from './error-envelope.js';

/**
 * How an API answers an injected error status: its own `injectedError`, or else its error
 * renderer given the failure kind closest to that status, with the status kept as asked.
 */
export function injectedErrorOf(api: EmulatedApi): (status: number, message: string, path: string) => RenderedError {
  if (api.injectedError) return (status, message, path) => api.injectedError!(status, message, path);
  return (status, message) => ({ ...api.renderError(failureFor(status, message), undefined), status });
}

/** The failure kind closest to an HTTP status, for an API's renderer. */
export function failureFor(status: number, message: string): ErrorKind {
  switch (status) {
    case 404:
      return { kind: 'not_found', status, message };
    case 413:
      return { kind: 'body_too_large', status, message };
    case 414:
      return { kind: 'uri_too_long', status, message };
    case 415:
      return { kind: 'unsupported_media_type', status, message };
    case 431:
      return { kind: 'headers_too_large', status, message };
    case 500:
      return { kind: 'internal', status, message };
    case 503:
      return { kind: 'busy', status, message };
    default:
      return { kind: 'client', status, message };
  }
}

/** The message of an injected error: the status's reason, and that the sandbox injected it (a POS should not parse messages). */
export function injectedMessage(status: number, faultId: number): string {
  return `${STATUS_CODES[status] ?? `HTTP ${status}`} (injected by sandbox fault ${faultId})`;
}
