import type { FastifyRequest } from 'fastify';

/**
 * The base URL of an API as this caller reached it: `http://localhost:4010/rulrr` on the
 * sandbox's own paths, `http://api.rulrr.com` when Host-header routing stripped the prefix
 * (CONTRACT §2), so links the sandbox hands out work the way the caller connects.
 */
export function publicBaseUrl(request: FastifyRequest, apiPrefix: string): string {
  const hostRouted = request.originalUrl !== request.url;
  return `${request.protocol}://${request.host}${hostRouted ? '' : apiPrefix}`;
}
