import type { FastifyRequest } from 'fastify';

/** Query parameters that carry a secret in the vendors' APIs: client secrets, tokens, passwords, keys. */
const SECRET_PARAMETER = /^(?:client_secret|password|code|state|access_token|refresh_token|integration_token|[a-z_]*_token|token|api_key|apikey|application_key)$/i;

/** Path segments that are credentials themselves (Rulrr's upload URLs are pre-signed). */
const SECRET_SEGMENT = /^(?:rup|rit|rat|rrt)_/;

export const REDACTED = '[redacted]';

/** A URL fit for a log line: secret query values and credential path segments replaced. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const safePath = path
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(segment) ? REDACTED : segment))
    .join('/');
  if (queryAt === -1) return safePath;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is logged as sent; it cannot be a parameter the APIs read.
      }
      return equals !== -1 && SECRET_PARAMETER.test(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${query}`;
}

/** Headers that carry credentials, for pino's `redact` (they are not logged by default; this keeps it so). */
export const SECRET_HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-application-key"]',
  'req.headers.cookie',
];

/** Fastify's request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url ?? ''),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
