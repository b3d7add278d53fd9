/**
 * `${name}` and `${name.path.to.value}` in scenario strings, filled from the workspace's
 * credentials and earlier captures. `$${` is a literal `${`. A string that is one reference and
 * nothing else takes the variable's own value (a number stays a number); inside longer text a
 * value is written as text (objects as JSON).
 */

export class VariableError extends Error {}

/** A variable's name: a root (a capture, `workspace`, an API's credentials) and dotted steps into it. */
const REFERENCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;
const MAX_NAME = 200;

export type Variables = Record<string, unknown>;

type Piece = { text: string } | { name: string };

/** Splits a string into literal text and references; throws VariableError for a malformed one. */
function pieces(text: string): Piece[] {
  const found: Piece[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    const dollar = text.indexOf('$', at);
    if (dollar === -1) {
      literal += text.slice(at);
      break;
    }
    literal += text.slice(at, dollar);
    if (text.startsWith('$${', dollar)) {
      literal += '${';
      at = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      const end = text.indexOf('}', dollar + 2);
      const name = end === -1 ? '' : text.slice(dollar + 2, end);
      if (end === -1 || name.length > MAX_NAME || !REFERENCE_NAME.test(name)) {
        const shown = text.slice(dollar, end === -1 ? dollar + 20 : Math.min(end + 1, dollar + 40));
        throw new VariableError(`"${shown}" is not a variable reference: write \${name} or \${name.field}, and $\${ for a literal \${`);
      }
      if (literal) found.push({ text: literal });
      literal = '';
      found.push({ name });
      at = end + 1;
    } else {
      literal += '$';
      at = dollar + 1;
    }
  }
  if (literal) found.push({ text: literal });
  return found;
}

/** The variable names a string refers to (for checking a file before it runs). */
export function referencesIn(text: string): string[] {
  return pieces(text).flatMap((piece) => ('name' in piece ? [piece.name] : []));
}

function lookUp(name: string, variables: Variables): unknown {
  const [root, ...steps] = name.split('.');
  let value: unknown = Object.hasOwn(variables, root!) ? variables[root!] : undefined;
  for (const step of steps) {
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step] : undefined;
  }
  if (value === undefined) {
    const known = Object.keys(variables).sort().join(', ');
    throw new VariableError(`unknown variable \${${name}} (known: ${known || 'none'})`);
  }
  return value;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A string with its references filled in; a lone reference keeps its value's type. */
export function fillString(text: string, variables: Variables): unknown {
  const parts = pieces(text);
  if (parts.length === 1 && 'name' in parts[0]!) return lookUp(parts[0].name, variables);
  return parts.map((piece) => ('name' in piece ? asText(lookUp(piece.name, variables)) : piece.text)).join('');
}

/** A string field (a path, a header) with its references filled in, always as text. */
export function fillText(text: string, variables: Variables): string {
  return asText(fillString(text, variables));
}

/** Text made to match itself literally inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A `$regex` pattern with its references filled in, each value escaped so that it matches itself. */
export function fillPattern(pattern: string, variables: Variables): string {
  return pieces(pattern)
    .map((piece) => ('name' in piece ? escapeRegex(asText(lookUp(piece.name, variables))) : piece.text))
    .join('');
}

/** A pattern as it will be once filled, for checking it is a valid regular expression before a run. */
export function patternShape(pattern: string): string {
  return pieces(pattern)
    .map((piece) => ('name' in piece ? 'x' : piece.text))
    .join('');
}

/** Fills every string inside a JSON value (object keys are left as written); a `$regex` gets escaped values. */
export function fill(value: unknown, variables: Variables): unknown {
  if (typeof value === 'string') return fillString(value, variables);
  if (isRegexMatcher(value)) return { $regex: fillPattern(value.$regex, variables) };
  if (Array.isArray(value)) return value.map((item) => fill(item, variables));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner, variables)]));
  }
  return value;
}

function isRegexMatcher(value: unknown): value is { $regex: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $regex?: unknown }).$regex === 'string';
}

/** Every string inside a JSON value, for checking references before a run. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Writes recorded text so that it reads back as itself: every `${` becomes `$${`. */
export function escapeLiteral(text: string): string {
  // A function, because in a replacement string "$$" would itself mean one "$".
  return text.replaceAll('${', () => '$${');
}
