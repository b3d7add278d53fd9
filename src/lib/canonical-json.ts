import { hash } from 'node:crypto';
import { JsonTooDeepError, MAX_JSON_DEPTH, valueDeeperThan } from './json-depth.js';

/**
 * JSON with object keys sorted at every depth, so equal values always serialize equally.
 * Throws JsonTooDeepError, before serializing anything, for a value nested deeper than `maxDepth`
 * (JSON.stringify recurses, so a deep enough value would overflow the stack).
 */
export function canonicalJson(value: unknown, maxDepth = MAX_JSON_DEPTH): string {
  if (valueDeeperThan(value, maxDepth)) throw new JsonTooDeepError(maxDepth);
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return inner;
  });
}

export function canonicalHash(value: unknown, maxDepth = MAX_JSON_DEPTH): string {
  return hash('sha256', canonicalJson(value, maxDepth), 'hex');
}
