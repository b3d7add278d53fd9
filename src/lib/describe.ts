/**
 * Error messages name the input that was wrong, but never echo more than a glimpse of it: a
 * 40 KB e-mail or a 10k-deep JSON value becomes a short, bounded description (CONTRACT §4).
 */
const DEFAULT_MAX = 60;

/**
 * A string in double quotes, escaped as JSON, cut to at most `max` characters of output with an
 * ellipsis and its full length. The cut counts the escaped form (a NUL shows as six characters)
 * and never splits an escape or a surrogate pair.
 */
export function quote(text: string, max = DEFAULT_MAX): string {
  let shown = '';
  let taken = 0;
  for (const char of text) {
    const escaped = JSON.stringify(char).slice(1, -1);
    if (shown.length + escaped.length > max) break;
    shown += escaped;
    taken += char.length;
  }
  return taken === text.length ? `"${shown}"` : `"${shown}"… (${text.length} characters)`;
}

/** Any JSON value described in bounded time and space, without walking nested structures. */
export function describeValue(value: unknown, max = DEFAULT_MAX): string {
  if (typeof value === 'string') return quote(value, max);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Up to `maxItems` strings, each quoted and cut, then how many more there were: `"a", "b" and 3 more`. */
export function quoteList(texts: readonly string[], maxItems = 5, max = 40): string {
  const shown = texts.slice(0, maxItems).map((text) => quote(text, max)).join(', ');
  return texts.length > maxItems ? `${shown} and ${texts.length - maxItems} more` : shown;
}
