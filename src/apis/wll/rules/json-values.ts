/**
 * Which limit, if any, a parsed JSON value goes past. Walks with its own stack rather than
 * recursing, because the value may be nested deeper than the call stack (or JSON.stringify)
 * can follow, and stops as soon as a limit is passed. The size is the length of the value
 * serialised without whitespace, escapes not counted.
 */
export function jsonLimitPassed(value: unknown, maxDepth: number, maxBytes: number): 'depth' | 'size' | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let bytes = 0;
  while (stack.length > 0) {
    const next = stack.pop()!;
    const node = next.value;
    if (typeof node === 'string') bytes += node.length + 2;
    else if (typeof node === 'number' || typeof node === 'boolean') bytes += String(node).length;
    else if (node === null) bytes += 4;
    else if (typeof node === 'object') {
      if (next.depth >= maxDepth) return 'depth';
      const children = Array.isArray(node) ? node : Object.values(node);
      const keys = Array.isArray(node) ? [] : Object.keys(node);
      bytes += 2 + Math.max(0, children.length - 1) + keys.reduce((sum, key) => sum + key.length + 3, 0);
      for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
    }
    if (bytes > maxBytes) return 'size';
  }
  return undefined;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
