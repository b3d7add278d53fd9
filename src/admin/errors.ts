import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorFactory, type ErrorTemplate } from '../lib/api-error.js';
import { classifyError } from '../lib/fastify-errors.js';

/** The admin API is the sandbox's own: `{"error": "<code>", "message": "…"}`. */
export const ADMIN_ERRORS = {
  unauthorized: { status: 401, message: 'This admin API needs Authorization: Bearer <SANDBOX_ADMIN_TOKEN>' },
  invalid_request: { status: 400, message: 'The request is invalid' },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'The resource is not in a state that allows this' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  unsupported_media_type: { status: 415, message: 'Admin calls take JSON: send Content-Type: application/json' },
  busy: { status: 503, message: 'The sandbox database is busy; retry the request' },
  internal_error: { status: 500, message: 'An unexpected error occurred' },
} as const satisfies Record<string, ErrorTemplate>;

export const adminError = errorFactory(ADMIN_ERRORS);

export const adminErrorResponse = z.object({ error: z.string(), message: z.string() }).meta({ id: 'AdminError' });

export function adminErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const failure = classifyError(error, request);
  switch (failure.kind) {
    case 'api':
      return reply.code(failure.error.statusCode).send({ error: failure.error.code, message: failure.error.message });
    case 'body_too_large':
      return reply.code(413).send({ error: 'payload_too_large', message: failure.message });
    case 'unsupported_media_type':
      return reply
        .code(415)
        .send({ error: 'unsupported_media_type', message: `${failure.message}. ${ADMIN_ERRORS.unsupported_media_type.message}` });
    case 'busy':
      return reply.code(503).header('retry-after', '1').send({ error: 'busy', message: failure.message });
    case 'internal':
      request.log.error({ err: error }, 'unexpected error in the admin API');
      return reply.code(500).send({ error: 'internal_error', message: ADMIN_ERRORS.internal_error.message });
    default:
      return reply.code(failure.status).send({ error: 'invalid_request', message: failure.message });
  }
}

export function adminNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ error: 'not_found', message: `No admin endpoint ${request.method} ${request.url.split('?')[0]}` });
}
