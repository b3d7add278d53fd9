import { patternShape } from './variables.js';
/**
 * Partial matching of an answer against what a scenario expects, with matchers.
 *
 * A matcher is an object with exactly one key, one of MATCHER_NAMES, all of which start with `$`.
 * Any other key starting with `$` in an expectation is refused when the file is read, so a typo
 * (`$isodate`) cannot silently turn into a literal; a real body with such a key is matched
 * through `{"$literal": …}`.
 */

export const MATCHER_NAMES = ['$any', '$isoDate', '$regex', '$absent', '$literal'] as const;
export type MatcherName = (typeof MATCHER_NAMES)[number];

const ANY_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null', 'any'] as const;

/** Caps: a pattern and the text it runs on are bounded, so a careless pattern cannot take seconds. */
const MAX_REGEX_LENGTH = 200;
const MAX_REGEX_SUBJECT = 10_000;

// Date, or date and time with optional seconds, fraction and zone; a space for the T (Laravel's format).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export interface Difference {
  /** Where: `status`, `headers.content-type`, or a JSONPath into the body such as `$.order.total`. */
  path: string;
  message: string;
}

export function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.a.b[0]`, with `$['odd key']` for keys that are not identifiers: JSONPath that jsonpath-plus reads back. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

type Json = unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The matcher an expectation is, or undefined when it is a plain value. */
export function asMatcher(value: unknown): { name: MatcherName; argument: unknown } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(MATCHER_NAMES as readonly string[]).includes(keys[0]!)) return undefined;
  return { name: keys[0] as MatcherName, argument: value[keys[0]!] };
}

/** Problems with the matchers inside an expectation, each with its JSONPath; empty when well formed. */
export function matcherProblems(expected: Json, path = '$', depth = 0): Difference[] {
  if (depth > 64) return [{ path, message: 'is nested more than 64 levels deep' }];
  if (Array.isArray(expected)) return expected.flatMap((item, i) => matcherProblems(item, childPath(path, i), depth + 1));
  if (!isPlainObject(expected)) return [];
  const matcher = asMatcher(expected);
  if (matcher) return argumentProblems(matcher.name, matcher.argument, path);
  const problems: Difference[] = [];
  for (const [key, inner] of Object.entries(expected)) {
    if (key.startsWith('$')) {
      problems.push({
        path,
        message: (MATCHER_NAMES as readonly string[]).includes(key)
          ? `a matcher (${key}) must be the only key of its object`
          : `unknown matcher "${key}" (matchers: ${MATCHER_NAMES.join(', ')}); to expect a key that starts with $, wrap the object in {"$literal": …}`,
      });
      continue;
    }
    problems.push(...matcherProblems(inner, childPath(path, key), depth + 1));
  }
  return problems;
}

function argumentProblems(name: MatcherName, argument: unknown, path: string): Difference[] {
  const problem = (message: string) => [{ path, message: `${name} ${message}` }];
  switch (name) {
    case '$any':
      return typeof argument === 'string' && (ANY_TYPES as readonly string[]).includes(argument)
        ? []
        : problem(`takes one of ${ANY_TYPES.map((t) => `"${t}"`).join(', ')}`);
    case '$isoDate':
    case '$absent':
      return argument === true ? [] : problem('takes true');
    case '$regex': {
      if (typeof argument !== 'string' || argument.length === 0 || argument.length > MAX_REGEX_LENGTH) {
        return problem(`takes a pattern of 1 to ${MAX_REGEX_LENGTH} characters`);
      }
      try {
        // References (`${token}`) are filled in, escaped, before the pattern runs.
        new RegExp(patternShape(argument), 'u');
        return [];
      } catch (error) {
        return problem(`is not a valid pattern: ${(error as Error).message}`);
      }
    }
    case '$literal':
      return [];
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchAny(type: string, actual: unknown): boolean {
  switch (type) {
    case 'any':
      return actual !== undefined;
    case 'integer':
      return Number.isInteger(actual);
    default:
      return typeOf(actual) === type;
  }
}

function applyMatcher(name: MatcherName, argument: unknown, actual: unknown, path: string): Difference[] {
  const differ = (expected: string) => [{ path, message: `expected ${expected}, got ${show(actual)}` }];
  switch (name) {
    case '$any':
      return matchAny(argument as string, actual) ? [] : differ(argument === 'any' ? 'a value' : `any ${argument as string}`);
    case '$isoDate':
      return isIsoDate(actual) ? [] : differ('an ISO 8601 date');
    case '$regex': {
      const pattern = new RegExp(argument as string, 'u');
      const matches = typeof actual === 'string' && actual.length <= MAX_REGEX_SUBJECT && pattern.test(actual);
      return matches ? [] : differ(`a string matching /${argument as string}/`);
    }
    case '$absent':
      return actual === undefined ? [] : differ('no value');
    case '$literal':
      return equalDeep(argument, actual) ? [] : differ(show(argument));
  }
}

function equalDeep(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => equalDeep(item, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equalDeep(a[key], b[key]));
  }
  return Object.is(a, b);
}

/**
 * Every difference between an expectation and an actual value, in document order. Objects match
 * partially (keys not expected are ignored); arrays match item by item and must be as long;
 * anything else must be equal, type included.
 */
export function differences(expected: Json, actual: unknown, path = '$'): Difference[] {
  const matcher = asMatcher(expected);
  if (matcher) return applyMatcher(matcher.name, matcher.argument, actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, message: `expected an array, got ${show(actual)}` }];
    const found: Difference[] =
      expected.length === actual.length ? [] : [{ path, message: `expected ${expected.length} items, got ${actual.length}` }];
    const shared = Math.min(expected.length, actual.length);
    for (let i = 0; i < shared; i++) found.push(...differences(expected[i], actual[i], childPath(path, i)));
    return found;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, message: `expected an object, got ${show(actual)}` }];
    // A missing key compares as undefined: "got nothing", except under $absent, which wants exactly that.
    return Object.entries(expected).flatMap(([key, inner]) =>
      differences(inner, Object.hasOwn(actual, key) ? actual[key] : undefined, childPath(path, key)),
    );
  }
  return Object.is(expected, actual) ? [] : [{ path, message: `expected ${show(expected)}, got ${show(actual)}` }];
}
