import type { FastifyInstance } from 'fastify';
import { JsonTooDeepError, jsonTextDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';

/**
 * The sandbox's JSON body parser for one Fastify scope: an empty body is no body (real SDKs send
 * `Content-Type: application/json` without one, CONTRACT §4), a body nested deeper than
 * `maxDepth` is refused before JSON.parse spends time on it, and the rest goes to Fastify's own
 * parser (which refuses `__proto__` and `constructor.prototype` keys).
 */
export function useJsonBodyParser(scope: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    if (jsonTextDeeperThan(text, maxDepth)) return done(new JsonTooDeepError(maxDepth), undefined);
    parse(request, text, done);
  });
}
