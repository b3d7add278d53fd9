/** A path pattern: `*` matches any characters (slashes too), everything else matches itself. */
export type PathMatcher = (path: string) => boolean;

export const MAX_PATH_PATTERN_LENGTH = 512;

export class PathPatternError extends Error {}

/**
 * Compiles a pattern such as `/rulrr/v1/orders*` or `*\/receipts/*` into a matcher. No regular
 * expression is built: the literal pieces between stars are found left to right, each at its
 * earliest place, which is enough for `*` alone and never backtracks — a match costs one pass.
 */
export function compilePathPattern(pattern: string): PathMatcher {
  if (pattern.length === 0 || pattern.length > MAX_PATH_PATTERN_LENGTH) {
    throw new PathPatternError(`a path pattern has 1 to ${MAX_PATH_PATTERN_LENGTH} characters`);
  }
  if (!pattern.startsWith('/') && !pattern.startsWith('*')) {
    throw new PathPatternError('a path pattern starts with "/" (the path as received, API prefix included) or "*"');
  }
  const pieces = pattern.split('*');
  if (pieces.length === 1) return (path) => path === pattern;
  const head = pieces[0]!;
  const tail = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const fixedLength = head.length + tail.length;
  return (path) => {
    if (path.length < fixedLength || !path.startsWith(head) || !path.endsWith(tail)) return false;
    let from = head.length;
    const end = path.length - tail.length;
    for (const piece of middle) {
      const at = path.indexOf(piece, from);
      if (at === -1 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}
