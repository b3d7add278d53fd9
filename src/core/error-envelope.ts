import type { FastifyRequest } from 'fastify';
import type { ErrorKind } from '../lib/fastify-errors.js';

/** A failure as one API answers it: status, body in that API's envelope, extra headers. */
export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * How an API words and wraps every failure (CONTRACT §4): the failures its own code throws
 * (`ApiError`), validation, and Fastify's framework errors. The request is absent when the
 * failure happened before Fastify parsed one (a header block too large).
 */
export type ErrorRenderer = (failure: ErrorKind, request: FastifyRequest | undefined) => RenderedError;
