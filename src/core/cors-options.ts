import type { FastifyCorsOptions } from '@fastify/cors';

/** What a page may read off an answer besides the CORS-safelisted headers: the request id and the rate-limit headers. */
export const EXPOSED_HEADERS = ['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After'];

/**
 * CORS for every emulated API, so browser-based POS and loyalty apps can call the sandbox from a
 * page: any origin (`*`) by default — the APIs take credentials in headers and query parameters,
 * never in cookies, so no request needs the origin echoed — or only the configured origins
 * (SANDBOX_CORS_ORIGINS): any other gets no Access-Control-Allow-Origin, and the browser refuses.
 */
export function corsOptions(origins: string[] | undefined): FastifyCorsOptions {
  return {
    origin: origins ?? '*',
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    // Seconds a browser may reuse a preflight: short, so a changed origin list takes effect soon.
    maxAge: 600,
  };
}
