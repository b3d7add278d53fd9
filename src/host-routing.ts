import type { IncomingMessage } from 'node:http';
import type { EmulatedApi } from './core/api.js';

/**
 * Builds Fastify's `rewriteUrl`: a request whose Host is a vendor's host name (api.rulrr.com …)
 * is served at that API's sandbox path, so a POS can switch with a hosts-file entry alone
 * (CONTRACT §2). Any other Host is left alone.
 */
export function hostRewriter(apis: EmulatedApi[]) {
  const routes = new Map(apis.flatMap((api) => Object.entries(api.hosts)));
  return (request: IncomingMessage): string => {
    const url = request.url ?? '/';
    const host = request.headers.host?.replace(/:\d+$/, '').toLowerCase();
    const route = host ? routes.get(host) : undefined;
    if (!route) return url;
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt);
    return route(path) + query;
  };
}
