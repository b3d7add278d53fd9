import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { quote } from './describe.js';
import { JsonTooDeepError } from './json-depth.js';

/**
 * What went wrong with a request, independent of any API's envelope. Every API's error handler
 * starts here and only decides how to word and wrap it.
 */
export type ErrorKind =
  | { kind: 'api'; error: ApiError }
  | { kind: 'validation'; status: 400; issues: ValidationIssue[]; message: string }
  | { kind: 'malformed_body'; status: 400; message: string }
  | { kind: 'body_too_large'; status: 413; message: string }
  | { kind: 'unsupported_media_type'; status: 415; message: string }
  | { kind: 'busy'; status: 503; message: string }
  /** No route for this method and path (the API's 404). */
  | { kind: 'not_found'; status: 404; message: string }
  /** A URL that cannot be decoded (`%zz`), or a malformed request line. */
  | { kind: 'bad_url'; status: 400; message: string }
  | { kind: 'uri_too_long'; status: 414; message: string }
  | { kind: 'headers_too_large'; status: 431; message: string }
  | { kind: 'client'; status: number; message: string }
  | { kind: 'internal'; status: 500; message: string };

export interface ValidationIssue {
  /** Where: `query.client_id`, `body.items.0.price`. */
  field: string;
  message: string;
  /** The value was absent, not wrong. */
  missing: boolean;
}

const PARTS: Record<string, { name: string; of: (request: FastifyRequest) => unknown }> = {
  querystring: { name: 'query', of: (request) => request.query },
  body: { name: 'body', of: (request) => request.body },
  params: { name: 'path', of: (request) => request.params },
  headers: { name: 'header', of: (request) => request.headers },
};

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root);
}

function validationIssues(error: FastifyError, request: FastifyRequest | undefined): ValidationIssue[] {
  const part = PARTS[(error as { validationContext?: string }).validationContext ?? ''];
  const data = part && request ? part.of(request) : undefined;
  return (error.validation ?? []).map((issue) => {
    const path = String(issue.instancePath ?? '').split('/').filter(Boolean);
    // Zod does not report the input, so "missing" is read off the request itself.
    const missing = issue.keyword === 'required' || (request !== undefined && valueAt(data, path) === undefined);
    return {
      field: [part?.name ?? 'request', ...path].join('.'),
      message: missing ? 'is required' : (issue.message ?? 'is invalid'),
      missing,
    };
  });
}

function bytes(limit: number | undefined): string {
  if (!limit) return 'size';
  return limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MiB` : `${Math.round(limit / 1024)} KiB`;
}

/** Text cut to `max` characters, for messages that name what the caller sent. */
function truncated(message: string, max = 300): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

/**
 * "body.total is required; query.limit must be at most 100", the first `shown` issues, then how
 * many more (`and 3 more problem(s)`; `noun` words the count). A body of 500 bad items fails 500
 * times, so the message names a few; each is cut short, since a field path is the caller's own
 * key and a 40 KB key must not come back whole.
 */
export function describeIssues(issues: readonly ValidationIssue[], shown = 5, noun = ' problem(s)'): string {
  if (issues.length === 0) return 'the request is invalid';
  const listed = issues.slice(0, shown).map((issue) => `${truncated(issue.field, 80)} ${truncated(issue.message, 120)}`);
  const more = issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; and ${more} more${noun}` : listed.join('; ');
}

export function classifyError(error: unknown, request?: FastifyRequest): ErrorKind {
  if (error instanceof ApiError) return { kind: 'api', error };
  if (error instanceof JsonTooDeepError) {
    return { kind: 'malformed_body', status: 400, message: `The request body is ${error.message}` };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.validation) {
    const issues = validationIssues(fastifyError, request);
    return { kind: 'validation', status: 400, issues, message: describeIssues(issues) };
  }
  // Another process holds the database's write lock past the busy timeout: worth a retry.
  if (typeof fastifyError?.code === 'string' && fastifyError.code.startsWith('SQLITE_BUSY')) {
    return { kind: 'busy', status: 503, message: 'The sandbox database is busy; retry the request' };
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        kind: 'body_too_large',
        status: 413,
        message: `The request body is larger than the ${bytes(request?.routeOptions.bodyLimit)} limit`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const sent = request?.headers['content-type'];
      return {
        kind: 'unsupported_media_type',
        status: 415,
        message: sent ? `Unsupported Content-Type ${quote(sent)}` : 'The request has a body but no Content-Type',
      };
    }
    case 'FST_ERR_BAD_URL':
      return { kind: 'bad_url', status: 400, message: 'The URL is malformed: a percent-encoded part does not decode' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { kind: 'uri_too_long', status: 414, message: 'A part of the URL path is longer than the sandbox accepts' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { kind: 'malformed_body', status: 400, message: 'The request body is empty but Content-Type is application/json' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { kind: 'malformed_body', status: 400, message: 'The request body is not valid JSON' };
  }
  if (error instanceof SyntaxError || fastifyError?.statusCode === 400) {
    if (fastifyError?.statusCode === 400 && !(error instanceof SyntaxError)) {
      return { kind: 'client', status: 400, message: truncated(fastifyError.message) };
    }
    return { kind: 'malformed_body', status: 400, message: 'The request body is not valid JSON' };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { kind: 'client', status, message: truncated(fastifyError.message) };
  }
  return { kind: 'internal', status: 500, message: 'An unexpected error occurred' };
}
