import type { FastifyRequest } from 'fastify';
import { tagWorkspace } from '../../core/request-context.js';
import type { Connection } from './db/token-table.js';
import { rulrrError } from './errors.js';
import type { OAuthFlow } from './oauth-flow.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Rulrr partner-endpoint hook: the store the access token opens. */
    rulrrConnection: Connection | null;
  }
}

/**
 * Rulrr's partner endpoints take the access token as `?access_token=` (its documented way);
 * an `Authorization: Bearer` header is accepted too. The query parameter wins when both are sent.
 */
export function presentedAccessToken(request: FastifyRequest): string | undefined {
  const fromQuery = (request.query as { access_token?: unknown } | undefined)?.access_token;
  if (Array.isArray(fromQuery)) throw rulrrError('invalid_parameter', 'query.access_token must be given once');
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const header = request.headers.authorization;
  const match = header && header.length <= 1024 ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match?.[1];
}

/** An onRequest hook: 403 unless the request carries a live access token, which names the workspace. */
export function requireAccessToken(flow: OAuthFlow) {
  return async (request: FastifyRequest) => {
    const token = presentedAccessToken(request);
    if (!token) throw rulrrError('invalid_access_token', 'An access token is required: pass ?access_token= or an Authorization: Bearer header');
    const connection = flow.connectionFor(token);
    if (!connection) throw rulrrError('invalid_access_token');
    tagWorkspace(request, connection.workspaceId);
    request.rulrrConnection = connection;
  };
}

export function connectionOf(request: FastifyRequest): Connection {
  if (!request.rulrrConnection) throw new Error('a partner route ran without the access-token hook');
  return request.rulrrConnection;
}
