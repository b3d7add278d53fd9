/**
 * How deep JSON may nest. JSON.parse takes a quarter of a second on 600 KB of `[[[…]]]`, and
 * JSON.stringify overflows the stack on a value 10 000 levels deep, so depth is checked first,
 * in a single pass, and anything deeper is refused. No body any API takes comes near the cap.
 */
export const MAX_JSON_DEPTH = 64;

export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`JSON nested more than ${maxDepth} levels deep`);
    this.name = 'JsonTooDeepError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/** Whether JSON text opens more than `maxDepth` arrays and objects at once; brackets in strings do not count. */
export function jsonTextDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === BACKSLASH) at++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The same for a value already parsed; an explicit stack, so the walk cannot overflow on what it measures. */
export function valueDeeperThan(root: unknown, maxDepth: number): boolean {
  const pending: Array<[value: unknown, depth: number]> = [[root, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const inner of Object.values(value)) pending.push([inner, depth + 1]);
  }
  return false;
}
