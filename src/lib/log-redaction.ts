import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** Query parameters that carry a secret in the vendors' APIs: client secrets, tokens, passwords, keys. */
const SECRET_PARAMETER = /^(?:client_secret|password|code|state|access_token|refresh_token|integration_token|[a-z_]*_token|token|api_key|apikey|application_key)$/i;

/** Path segments that are credentials themselves (Rulrr's pre-signed upload URLs, and receipt ids: the only key to a receipt page). */
const SECRET_SEGMENT = /^(?:rup|rit|rat|rrt|rcpt)_/;

export const REDACTED = '[redacted]';

/** A URL part as the router or the query parser reads it; one with a malformed escape, as sent. */
function decoded(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A URL fit for a log line: secret query values and credential path segments replaced. Names and
 * segments are matched decoded, as the APIs read them, so `%72up_…` is an upload URL too.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const safePath = path
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(decoded(segment)) ? REDACTED : segment))
    .join('/');
  if (queryAt === -1) return safePath;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && SECRET_PARAMETER.test(decoded(name.replace(/\+/g, ' '))) ? `${name}=${REDACTED}` : pair;
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

/**
 * The app's logger options: the redacting request serializer and the secret header paths. One
 * function, so a test that logs to a stream of its own checks the options the app really uses.
 */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: { req: serializeRequest },
    redact: { paths: SECRET_HEADER_PATHS, censor: REDACTED },
  } satisfies FastifyServerOptions['logger'];
}
