import fc from 'fast-check';

/**
 * The values a generated request is made of: the real field names of the Rulrr API filled with
 * hostile values (long strings, the e-mail that made the old pattern backtrack, deep nesting,
 * wrong types, NUL bytes, lone surrogates), mixed with valid ones so the handlers run too.
 */

export const KB40 = 40 * 1024;
/** The e-mail that made the old pattern backtrack for seconds. */
export const BACKTRACKING_EMAIL = `a@${'.'.repeat(KB40)}@`;

/** Text for JSON nested `depth` levels deep, too deep for JSON.stringify to write or read back into a message. */
export function nestedJsonText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

const LONG_STRINGS = [
  'x'.repeat(KB40),
  BACKTRACKING_EMAIL,
  `a@${'.'.repeat(250)}@`,
  '+1'.repeat(KB40 / 2),
  '9'.repeat(KB40),
  'U'.repeat(KB40),
  `${'ü'.repeat(1000)}@${'é'.repeat(1000)}.com`,
];

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '\u202E',
  'null',
  'true',
  'false',
  '0',
  '-1',
  '1e308',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%00',
  '%zz',
  '{}',
  '[]',
  'US',
  'USA',
  '840',
  'usd',
  'USD',
  'ZZZ',
  '+14155550123',
  '14155550123',
  'ada@example.com',
  'a@b',
  '1250',
  '12.50',
  '2026-06-28T14:03:00Z',
  '2026-02-30T00:00:00Z',
  'on',
  'sign_in',
  'connect',
  'cancel',
];

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 4 });

/** The characters patterns and parsers trip on, repeated: alone, or between two @ as in an e-mail. */
const RUN_CHARS = ['.', '@', '+', '1', ' ', 'x', '-', '\u0000', '"', ',', '\n', 'é', '\uD800'];
const RUN_LENGTHS = [10, 300, 5000, 40 * 1024];
const runs = fc
  .tuple(fc.constantFrom(...RUN_CHARS), fc.constantFrom(...RUN_LENGTHS), fc.constantFrom('', 'a@|@', 'a@b.|', '+1|', '|\u0000'))
  .map(([char, length, frame]) => (frame === '' ? char.repeat(length) : frame.replace('|', char.repeat(length))));

/** Codes of about the length a currency, a country or an amount has, in any case and with digits. */
const codeLike = fc.string({ unit: fc.constantFrom('U', 'S', 'A', 'D', 'Z', 'u', 's', '8', '4', '0', '-'), maxLength: 4 });

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.constantFrom(...LONG_STRINGS),
  codeLike,
  runs,
  loneSurrogates,
);

/** Marks a value to be written as JSON nested `depth` levels deep (too deep for JSON.stringify to write). */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
}

export const deep = fc.record({ depth: fc.constantFrom(100, 10_000, 100_000), kind: fc.constantFrom('array' as const, 'object' as const) }).map(
  ({ depth, kind }) => new Deep(depth, kind),
);

export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    deep,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** The first value most of the time, the others now and then. */
export function likely<T>(first: T, ...others: T[]): fc.Arbitrary<T> {
  return others.length === 0 ? fc.constant(first) : fc.oneof({ arbitrary: fc.constant(first), weight: 6 }, fc.constantFrom(...others));
}

/** A value for a named field: mostly a valid one, else anything hostile. */
export function field(...valid: unknown[]): fc.Arbitrary<unknown> {
  return valid.length === 0
    ? hostileJson
    : fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 4 }, { arbitrary: hostileString, weight: 2 }, hostileJson);
}

/** JSON text for a value that may hold Deep markers. */
export function toJsonText(value: unknown): string {
  const deepValues: Deep[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (!(inner instanceof Deep)) return inner;
    deepValues.push(inner);
    return `\u0001deep${deepValues.length - 1}\u0001`;
  });
  if (text === undefined) return 'null';
  return text.replace(/"\\u0001deep(\d+)\\u0001"/g, (_match, index: string) => {
    const { depth, kind } = deepValues[Number(index)]!;
    return kind === 'array' ? nestedJsonText(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  });
}

/** Anything that could arrive as a JSON body: a JSON value, broken JSON, or not JSON at all. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(
  hostileJson.map(toJsonText),
  hostileJson.map((value) => toJsonText(value).slice(0, -1)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', '{', '{"a":', '[1,2', 'nul', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\uFEFF{}', '{"a":1}{"b":2}'),
);

const ODD_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json;charset=utf-16',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/vnd.api+json',
  'text/csv',
  'text/csv; charset=utf-8',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'json',
  '',
  ';',
  'application/json; boundary=',
  'text/csv; charset="',
];

export const contentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_CONTENT_TYPES),
  fc.string({ unit: fc.constantFrom('a', '/', ';', '=', ' ', '"', '+', '*', 'j'), maxLength: 30 }),
);

/** A header value Node accepts on the wire: visible Latin-1 and tabs, up to 8 KB. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 10 }),
  fc.nat({ max: 8 * 1024 }).map((n) => 'h'.repeat(n)),
  fc.constantFrom('', '\t', 'Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'evil.example', 'evil.example:4010', '[::1]', '127.0.0.1:1'),
);

/** How a query parameter value goes on the URL: encoded, or raw with broken percent-escapes. */
const rawQueryText = fc.oneof(
  fc.constantFrom('%', '%z', '%zz', '%C3%28', '%ED%A0%80', '%F0%9F', '%00', '%2', '+', '&', '=', '==', '%25', '%%', ';', '#frag'),
  fc.string({ unit: fc.constantFrom('a', '%', '2', 'F', '+', '&', '=', 'C', '3'), maxLength: 20 }),
);

export type QueryPair = [name: string, value: string, raw: boolean];

/**
 * Query parameters built from the route's real names: every name once with a likely value (so
 * the handler runs), that set with one dropped and others added (some twice, some with broken
 * escapes), or random pairs.
 */
export function queryPairs(names: readonly string[], values: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<QueryPair[]> {
  const likely = (name: string) => values[name] ?? hostileString;
  const pair: fc.Arbitrary<QueryPair> = fc.oneof(
    fc.constantFrom(...names).chain((name) =>
      fc.oneof(
        likely(name).map((value): QueryPair => [name, value, false]),
        hostileString.map((value): QueryPair => [name, value, false]),
        rawQueryText.map((value): QueryPair => [name, value, true]),
      ),
    ),
    fc.tuple(hostileString, hostileString).map(([name, value]): QueryPair => [name, value, false]),
    fc.tuple(rawQueryText, rawQueryText).map(([name, value]): QueryPair => [name, value, true]),
  );
  const complete = fc.tuple(...names.map((name) => likely(name).map((value): QueryPair => [name, value, false])));
  const altered = fc.tuple(complete, fc.nat(), fc.array(pair, { minLength: 1, maxLength: 3 })).map(([base, drop, extra]) => [
    ...base.filter((_, i) => i !== drop % (base.length + 1)),
    ...extra,
  ]);
  return fc.oneof(
    { arbitrary: complete, weight: 2 },
    { arbitrary: altered, weight: 3 },
    { arbitrary: fc.array(pair, { maxLength: 6 }), weight: 2 },
  );
}

export function queryString(pairs: QueryPair[]): string {
  return pairs
    .map(([name, value, raw]) => (raw ? `${name}=${value}` : `${encodeLeniently(name)}=${encodeLeniently(value)}`))
    .join('&');
}

/** `encodeURIComponent` throws on a lone surrogate; the query builder must not. */
export function encodeLeniently(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
}

/** A path segment: encoded, or raw with broken escapes. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(hostileString.map(encodeLeniently), rawQueryText.map((text) => text.replace(/[#?&]/g, '')));
