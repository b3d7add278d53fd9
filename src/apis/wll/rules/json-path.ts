import { JSONPath } from 'jsonpath-plus';
import { RULE_SET_LIMITS } from './limits.js';
import { RULE_SET_MESSAGES as M } from './rule-set-errors.js';

/**
 * JSONPath for rule conditions, the docs' path language (`$.transaction.lineItems[*].productId`,
 * `[?(@.productId==='…')]`). Evaluated only by jsonpath-plus's safe interpreter, which refuses
 * `constructor`, `__proto__`, `Function` and assignments. On top of that a path may not call
 * anything or use a regular expression: the safe interpreter allows `@.name.repeat(1e9)` and
 * `.match(/(a+)+$/)`, which would cost seconds of CPU or gigabytes per claim.
 */
export function pathProblem(path: string): string | undefined {
  if (path.length > RULE_SET_LIMITS.pathLength) return M.pathTooLong;
  let quote: string | undefined;
  let previous = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (quote !== undefined) {
      if (char === '\\') i++;
      else if (char === quote) {
        quote = undefined;
        previous = char;
      }
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '/') return M.pathSlash;
    else if (char === '`') return M.pathBacktick;
    // A call is "(" right after a name, a closing bracket or a string; "?(" and "[(" open filters.
    else if (char === '(' && /[\w$@)\]'"]/.test(previous)) return M.pathCall;
    if (!/\s/.test(char)) previous = char;
  }
  return quote === undefined ? undefined : M.pathUnclosedQuote;
}

export type PathResolver = (value: object, path: string) => unknown;

/**
 * The `pathResolver` given to json-rules-engine: `wrap: false` like the engine's own, so a path
 * to one property gives its value and a path through `[*]`, `[?()]` or `..` gives an array — in
 * jsonpath-plus 11 even for a single match, so of the docs' `contains`/`equal` pairs it is
 * `contains` that matches (their `equal` "HACK" served an older JSONPath that unwrapped a single
 * match). Paths were checked when the rule set was written; they are
 * checked again here (once per distinct path) so a stored set that skipped that check still
 * cannot run one. A refused path throws, and so does a filter the interpreter rejects: the rule
 * throws and the claim goes to manual review. Results are kept per fact value, so a path that
 * several conditions of one run share (every BASKET rule reads `lineItems[*].productId`) is
 * evaluated once per run.
 */
export function createPathResolver(): PathResolver {
  const checked = new Set<string>();
  const results = new WeakMap<object, Map<string, unknown>>();
  return (value, path) => {
    let known = results.get(value);
    if (known?.has(path)) return known.get(path);
    if (!checked.has(path)) {
      const problem = pathProblem(path);
      if (problem !== undefined) throw new Error(`The path ${problem}`);
      checked.add(path);
    }
    const result: unknown = JSONPath({ path, json: value, wrap: false, eval: 'safe' });
    if (known === undefined) results.set(value, (known = new Map()));
    known.set(path, result);
    return result;
  };
}
