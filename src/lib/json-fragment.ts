/**
 * Partial deep match of a JSON value against a fragment (request verification): an object
 * fragment matches an object having each of its keys with a matching value (other keys are
 * ignored); an array fragment matches an array in which each of its elements matches some
 * element (order and extra elements ignored); anything else matches an equal value. The walk
 * follows the fragment, so its cost is bounded by the fragment's size times the arrays met.
 */
export function containsFragment(value: unknown, fragment: unknown): boolean {
  if (Array.isArray(fragment)) {
    return Array.isArray(value) && fragment.every((wanted) => value.some((element) => containsFragment(element, wanted)));
  }
  if (fragment !== null && typeof fragment === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.entries(fragment).every(([key, wanted]) => Object.hasOwn(record, key) && containsFragment(record[key], wanted));
  }
  return value === fragment;
}

/** How deep a JSON value nests (a scalar is 0), without recursion, stopping once past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}
