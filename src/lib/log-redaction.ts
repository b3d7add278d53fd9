import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** Query parameters that carry a secret in the vendors' APIs: client secrets, tokens, passwords, keys. */
const SECRET_PARAMETER = /^(?:client_secret|password|code|state|access_token|refresh_token|integration_token|[a-z_]*_token|token|api_key|apikey|application_key)$/i;

/** Path segments that are credentials themselves (Rulrr's pre-signed upload URLs, and receipt ids: the only key to a receipt page). */
const SECRET_SEGMENT = /^(?:rup|rit|rat|rrt|rcpt)_/;
/** SECRET_SEGMENT at the start of any segment of a path that has no escapes (so reads as sent). */
const SECRET_SEGMENT_IN_PATH = /(?:^|\/)(?:rup|rit|rat|rrt|rcpt)_/;

export const REDACTED = '[redacted]';

/** Whether a query parameter of this name carries a secret. */
export function isSecretParameter(name: string): boolean {
  return name.length <= 100 && SECRET_PARAMETER.test(name);
}

/**
 * Body fields that carry a secret, in snake_case or camelCase: the OAuth grants, sign-in forms, the
 * tokens an answer hands out (`accessToken`). Narrower than the query list: `code` or `state` in a
 * body is far more often an order's data than OAuth.
 */
const SECRET_FIELD = /^(?:password|secret|client_?secret|api_?key|application_?key|[a-z_]*token)$/i;

export function isSecretField(name: string): boolean {
  return name.length <= 100 && SECRET_FIELD.test(name);
}

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
  // Most paths hold no credential: one test of the whole path spares splitting it (every request is logged).
  const safePath =
    !path.includes('%') && !SECRET_SEGMENT_IN_PATH.test(path)
      ? path
      : path
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

/** Headers that carry credentials, by name: the ones the APIs read and those a proxy or an answer may carry. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-application-key', 'cookie', 'set-cookie']);

/**
 * Headers fit for the request journal: credentials replaced, an Authorization header keeping its
 * scheme (`Bearer [redacted]`) so a wrong scheme still shows.
 */
export function redactHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string | string[]> {
  const safe: Record<string, string | string[]> = {};
  // for…in rather than Object.entries: every journaled call comes through here twice.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (!SECRET_HEADERS.has(lower)) {
      safe[lower] = typeof value === 'number' ? String(value) : value;
    } else if (lower.endsWith('authorization') && typeof value === 'string') {
      const scheme = /^([A-Za-z]{1,20})[ \t]/.exec(value)?.[1];
      safe[lower] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      safe[lower] = REDACTED;
    }
  }
  return safe;
}

/**
 * Fastify's request serializer, with the URL redacted. It names the fields a log line shows and
 * never headers, so no credential header can reach a log line through `req`.
 */
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
 * The app's logger options: the redacting request serializer. One function, so a test that logs
 * to a stream of its own checks the options the app really uses. No pino `redact` paths for the
 * headers: the serializer already leaves them out, and redact's copy of every request line cost
 * about 2% of a read's CPU (docs/bench.md).
 */
export function loggerOptions(level: string) {
  return {
    level,
    serializers: { req: serializeRequest },
  } satisfies FastifyServerOptions['logger'];
}
