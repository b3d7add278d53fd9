import { createHash } from 'node:crypto';

/** Deeper than any body an API takes; JSON.stringify recurses, so a deeper value could overflow the stack. */
export const MAX_CANONICAL_DEPTH = 64;

export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`the value is nested more than ${maxDepth} levels deep`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * JSON with object keys sorted at every depth, so equal values always serialize equally.
 * Throws JsonTooDeepError, before serializing anything, for a value nested deeper than `maxDepth`.
 */
export function canonicalJson(value: unknown, maxDepth = MAX_CANONICAL_DEPTH): string {
  if (nestedDeeperThan(value, maxDepth)) throw new JsonTooDeepError(maxDepth);
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return inner;
  });
}

export function canonicalHash(value: unknown, maxDepth = MAX_CANONICAL_DEPTH): string {
  return createHash('sha256').update(canonicalJson(value, maxDepth)).digest('hex');
}

/** An explicit stack, not recursion: the walk itself must not overflow on the value it measures. */
function nestedDeeperThan(root: unknown, maxDepth: number): boolean {
  const pending: Array<[value: unknown, depth: number]> = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return true;
    for (const inner of Object.values(value)) pending.push([inner, depth + 1]);
  }
  return false;
}
