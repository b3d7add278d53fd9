import fc from 'fast-check';
import { jsonTextDeeperThan, MAX_JSON_DEPTH } from '../../src/lib/json-depth.js';
import {
  contentType as oddContentType,
  deep,
  encodeLeniently,
  hostileBodyText,
  hostileJson,
  hostileSegment,
  hostileString,
  queryPairs,
  queryString,
  toJsonText,
  type QueryPair,
} from '../apis/rulrr/generated-input/hostile-values.js';
import { hostileHeaders } from '../apis/rulrr/generated-input/probe.js';
import { pathParams, type JsonSchema, type RouteCase } from './route-catalogue.js';

/*
 * Bad input for any route, read off its own schemas: its real parameter and field names filled
 * with plausible values (the workspace's credentials and ids among them, so requests get past
 * authentication and lookups) mixed with wrong types, huge strings, deep nesting, control and
 * unicode characters, injection strings and prototype keys, fields left out, parameters repeated,
 * and bodies under the wrong Content-Type. The values themselves are the Rulrr suite's.
 */

/** Valid values by parameter or field name: credentials and ids of the workspace under test. */
export type Known = Record<string, readonly string[]>;

export const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE workspaces; --",
  '" OR ""="',
  "') UNION SELECT name, sql FROM sqlite_schema --",
  '$..*',
  "$[?(@.constructor.constructor('return process')())]",
  '$.__proto__',
  "(status:(eq:'AUTHORIZED'))",
  "(id:(like:'%'))",
  '!(',
  "(a:(eq:!n),b:'",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  'a\r\nSet-Cookie: x=1',
];

export const ODD_TEXT = ['\u0000', 'a\u0000b', '\u001b[31mred', '\u202Eevil', '\uFEFF', '\uD800', '😀🦘', 'e\u0301', 'İı', '\t\n\r', '\u2028\u2029'];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

const badScalar = fc.oneof(
  hostileString,
  fc.constantFrom(...INJECTIONS, ...ODD_TEXT),
  fc.integer(),
  fc.constantFrom(1e308, -1, 0, -0, 2 ** 53, 0.5),
  fc.boolean(),
  fc.constant(null),
);

/** Anything but what the schema asks for, or hostile text where it asks for text. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: badScalar, weight: 10 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: fc.array(badScalar, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString), badScalar, { maxKeys: 3 }), weight: 1 },
  { arbitrary: hostileJson, weight: 1 },
);

type Defs = Record<string, JsonSchema>;

function resolve(schema: JsonSchema, defs: Defs): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = defs[ref.replace('#/$defs/', '')];
  return target ? { ...target, ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$ref')) } : {};
}

function stringFor(schema: JsonSchema, name: string | undefined, known: Known): fc.Arbitrary<string> {
  const options: Array<fc.WeightedArbitrary<string>> = [];
  if (name && known[name]?.length) options.push({ arbitrary: fc.constantFrom(...known[name]), weight: 8 });
  const format = schema.format;
  if (format === 'date-time') options.push({ arbitrary: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), weight: 3 });
  if (format === 'date') options.push({ arbitrary: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 3 });
  if (format === 'email') options.push({ arbitrary: fc.emailAddress(), weight: 3 });
  if (format === 'uuid') options.push({ arbitrary: fc.uuid(), weight: 3 });
  if (format === 'uri') options.push({ arbitrary: fc.constantFrom('https://receipts.sandbox.test/party-basket.jpg', 'http://127.0.0.1:9/hooks', 'https://example.com/x'), weight: 3 });
  if (typeof schema.pattern === 'string') {
    try {
      options.push({ arbitrary: fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= 200), weight: 6 });
    } catch {
      // A pattern fast-check cannot generate from: the other options still apply.
    }
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.max(minLength, Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 24, 24));
  // Any text of the allowed length: plausible for a free-text field, rarely right for a formatted one.
  options.push({ arbitrary: fc.string({ minLength, maxLength }), weight: options.length === 0 ? 2 : 1 });
  return fc.oneof(...options);
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : -1000;
  const max = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : 100_000;
  const low = Math.max(min, -(2 ** 31));
  const high = Math.max(low, Math.min(max, 2 ** 31));
  return integer
    ? fc.oneof(fc.integer({ min: Math.ceil(low), max: Math.floor(high) }), fc.constantFrom(Math.ceil(low), Math.floor(high)))
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
}

/**
 * A value for a schema: most of the time the shape it asks for, each part of it plausible and now
 * and then bad; objects sometimes lose a required field or gain a prototype key.
 */
export function shaped(schema: JsonSchema, defs: Defs, known: Known, name?: string, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    // Now and then every part plausible, so that requests get past validation to the handler.
    { arbitrary: plausible(schema, defs, known, name, depth, true), weight: depth === 0 ? 3 : 0 },
    { arbitrary: plausible(schema, defs, known, name, depth, false), weight: 6 },
    { arbitrary: badValue, weight: 1 },
  );
}

/** A value of the schema's shape; its parts `shaped` (some bad), or with `throughout` all plausible. */
function plausible(raw: JsonSchema, defs: Defs, known: Known, name: string | undefined, depth: number, throughout = false): fc.Arbitrary<unknown> {
  const part = (schema: JsonSchema, partName: string | undefined) =>
    throughout ? plausible(schema, defs, known, partName, depth + 1, true) : shaped(schema, defs, known, partName, depth + 1);
  const schema = resolve(raw, defs);
  if (depth > 6) return badScalar;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    // `nullable()` is a branch of its own: taken now and then, not half the time.
    return fc.oneof(...branches.map((branch) => ({ arbitrary: plausible(branch, defs, known, name, depth + 1, throughout), weight: branch.type === 'null' ? 1 : 3 })));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, name, known);
    case 'integer':
      return name && known[name]?.length ? fc.oneof(fc.constantFrom(...known[name]).map(Number), numberFor(schema, true)) : numberFor(schema, true);
    case 'number':
      return numberFor(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(minLength, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3));
      return fc.array(part(items, name), { minLength, maxLength });
    }
    case 'object':
      return objectFor(schema, part, throughout);
    default:
      return hostileJson;
  }
}

function objectFor(
  schema: JsonSchema,
  part: (schema: JsonSchema, name: string | undefined) => fc.Arbitrary<unknown>,
  throughout: boolean,
): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? part(schema.additionalProperties as JsonSchema, undefined) : badScalar;
    return fc.dictionary(throughout ? fc.string({ maxLength: 12 }) : fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_KEYS)), values, { maxKeys: 3 });
  }
  const record = fc.record(Object.fromEntries(names.map((name) => [name, part(properties[name]!, name)])), {
    requiredKeys: names.filter((name) => required.has(name)),
  });
  // The fewest fields the schema allows get past cross-field rules most often; one optional field
  // beside them puts that field's own checks to work.
  const requiredOnly = Object.fromEntries(names.filter((name) => required.has(name)).map((name) => [name, part(properties[name]!, name)]));
  const optional = names.filter((name) => !required.has(name));
  const fewest = fc.record(requiredOnly);
  const oneMore = optional.length === 0 ? fewest : fc.constantFrom(...optional).chain((name) => fc.record({ ...requiredOnly, [name]: part(properties[name]!, name) }));
  if (throughout) return fc.oneof(record, fewest, oneMore);
  const extra = fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), hostileString), badValue, { minKeys: 1, maxKeys: 2 });
  const variants: Array<fc.WeightedArbitrary<unknown>> = [
    { arbitrary: record, weight: 4 },
    { arbitrary: oneMore, weight: 2 },
    { arbitrary: fc.tuple(record, extra).map(([body, more]) => ({ ...body, ...more })), weight: 1 },
  ];
  if (required.size > 0) {
    // A required field or two left out.
    const left = fc.subarray([...required], { minLength: 1, maxLength: Math.min(2, required.size) });
    variants.push({ arbitrary: fc.tuple(record, left).map(([body, names]) => omit(body, names)), weight: 1 });
  }
  return fc.oneof(...variants);
}

function omit(body: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => !names.includes(name)));
}

/** Content types no route parses: a body sent with one is refused whatever it holds. */
export const UNPARSED_TYPES = ['application/xml', 'application/octet-stream', 'image/png', 'multipart/form-data; boundary=x'];

export interface GeneratedBody {
  contentType?: string | undefined;
  payload?: string | undefined;
}

/** How a body is sent: mostly JSON of the route's shape, else broken, mislabelled, poisoned or oversized. */
export function bodyFor(route: RouteCase, known: Known): fc.Arbitrary<GeneratedBody> {
  const schema = route.json.body;
  const value = schema ? shaped(schema, (schema.$defs ?? {}) as Defs, known) : hostileJson;
  const json = value.map((body): GeneratedBody => ({ contentType: 'application/json', payload: toJsonText(body) }));
  const limit = route.bodyLimit ?? 1024 * 1024;
  return fc.oneof(
    { arbitrary: json, weight: 10 },
    // Prototype keys as JSON text (an object literal cannot carry a __proto__ key to JSON.stringify).
    {
      arbitrary: fc.tuple(json, fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":{"__proto__":{"x":1}}}')).map(
        ([body, poison]): GeneratedBody => ({ contentType: 'application/json', payload: body.payload!.startsWith('{') && body.payload !== '{}' ? `${poison.slice(0, -1)},${body.payload!.slice(1)}` : poison }),
      ),
      weight: 1,
    },
    { arbitrary: json.map((body): GeneratedBody => ({ ...body, payload: body.payload!.slice(0, -1) })), weight: 1 },
    { arbitrary: fc.tuple(fc.constantFrom(...UNPARSED_TYPES), json).map(([type, body]): GeneratedBody => ({ contentType: type, payload: body.payload })), weight: 1 },
    { arbitrary: fc.record({ contentType: oddContentType, payload: fc.oneof(hostileBodyText, json.map((body) => body.payload!)) }), weight: 2 },
    { arbitrary: json.map((body): GeneratedBody => ({ payload: body.payload })), weight: 1 },
    { arbitrary: fc.constantFrom<GeneratedBody>({ contentType: 'application/json', payload: '' }, {}), weight: 1 },
    // Over the limit (the 32 MiB snapshot route gets 2 MiB: a string its schema refuses all the same).
    { arbitrary: fc.constant<GeneratedBody>({ contentType: 'application/json', payload: `"${'x'.repeat(Math.min(limit, 2 * 1024 * 1024))}"` }), weight: 1 },
  );
}

export interface BadRequest {
  method: RouteCase['method'];
  /** The path with its parameters filled in, encoded. */
  path: string;
  /** Each parameter's value as the route sees it after decoding; null when one was sent with raw escapes. */
  params: Record<string, string> | null;
  query: QueryPair[];
  headers: Record<string, string>;
  body: GeneratedBody;
}

/** Encoded values for one path parameter: known ids, the schema's own, hostile text, raw broken escapes, or too long. */
function paramFor(route: RouteCase, name: string, known: Known): fc.Arbitrary<string> {
  const schema = (route.json.params?.properties as Record<string, JsonSchema> | undefined)?.[name] ?? { type: 'string' };
  const value = fc.oneof(
    { arbitrary: name in known && known[name]!.length > 0 ? fc.constantFrom(...known[name]!) : stringFor(schema, name, known), weight: 4 },
    { arbitrary: plausible(schema, {}, known, name, 0).map(String), weight: 2 },
    { arbitrary: fc.oneof(hostileString, fc.constantFrom(...INJECTIONS, ...ODD_TEXT)), weight: 3 },
    { arbitrary: fc.constant('p'.repeat(600)), weight: 1 },
  );
  return fc.oneof({ arbitrary: value.map(encodeLeniently), weight: 5 }, { arbitrary: hostileSegment, weight: 1 });
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** One generated request to a route; `credentials` are added after, so they win over hostile headers. */
export function requestFor(route: RouteCase, known: Known, credentials: Record<string, string>): fc.Arbitrary<BadRequest> {
  const names = pathParams(route.url);
  const params = names.length === 0 ? fc.constant([] as string[]) : fc.tuple(...names.map((name) => paramFor(route, name, known)));
  const queryNames = Object.keys((route.json.querystring?.properties ?? {}) as Record<string, JsonSchema>);
  const queryValues = Object.fromEntries(
    queryNames.map((name) => {
      const schema = (route.json.querystring!.properties as Record<string, JsonSchema>)[name]!;
      return [name, shaped(schema, {}, known, name).map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? ''))];
    }),
  );
  const query = queryNames.length === 0 ? fc.array(fc.tuple(hostileString, hostileString, fc.constant(false)), { maxLength: 3 }) : queryPairs(queryNames, queryValues);
  const body = route.method === 'GET' ? fc.oneof({ arbitrary: fc.constant<GeneratedBody>({}), weight: 5 }, { arbitrary: bodyFor(route, known), weight: 1 }) : bodyFor(route, known);
  return fc.tuple(params, query, hostileHeaders(), body).map(([segments, pairs, headers, sent]) => {
    let path = route.url;
    segments.forEach((segment, i) => {
      path = path.replace(`:${names[i]!}`, segment);
    });
    const values = segments.map(decoded);
    const asRouted = values.every((value) => value !== undefined) ? Object.fromEntries(values.map((value, i) => [names[i]!, value!])) : null;
    return { method: route.method, path, params: asRouted, query: pairs, headers: { ...headers, ...credentials }, body: sent };
  });
}

export function urlOf(request: BadRequest): string {
  const query = queryString(request.query);
  return query === '' ? request.path : `${request.path}?${query}`;
}

/** The query as Fastify hands it to validation: repeated names become arrays. */
function parsedQuery(pairs: QueryPair[]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(queryString(pairs))) {
    const before = query[name];
    query[name] = before === undefined ? value : [before, value].flat();
  }
  return query;
}

function refusedBy(refuses: ((value: unknown) => boolean) | undefined, value: unknown): boolean {
  return refuses !== undefined && refuses(value);
}

/**
 * Why the route must refuse this request with a 4xx, whatever its credentials and state, or
 * undefined when it may accept it. Read off the route's own validators (the ones Fastify runs on
 * it) and the rules every route shares: a body over the limit, nested too deep, not
 * JSON under a JSON Content-Type, carrying a prototype key, or under a Content-Type nobody parses.
 */
export function mustRefuse(route: RouteCase, request: BadRequest): string | undefined {
  const { params } = request;
  if (params && Object.values(params).some((value) => value.length > 512)) return 'a path parameter over 512 characters';
  if (params && !Object.values(params).some((value) => value === '') && refusedBy(route.refuses.params, params)) return 'path parameters the schema refuses';
  if (!request.query.some(([, , raw]) => raw) && refusedBy(route.refuses.querystring, parsedQuery(request.query))) return 'a query the schema refuses';

  const { contentType, payload } = request.body;
  if (route.method === 'GET' || payload === undefined) return route.refuses.body && refusedBy(route.refuses.body, undefined) && route.method !== 'GET' ? 'no body where one is required' : undefined;
  if (Buffer.byteLength(payload) > (route.bodyLimit ?? 1024 * 1024)) return 'a body over the limit';
  if (contentType !== undefined && UNPARSED_TYPES.includes(contentType) && payload !== '') return 'a Content-Type no route parses';
  if (contentType !== 'application/json') return undefined;
  if (payload.trim() === '') return route.refuses.body && refusedBy(route.refuses.body, undefined) ? 'no body where one is required' : undefined;
  if (jsonTextDeeperThan(payload, MAX_JSON_DEPTH)) return 'JSON nested too deep';
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return 'a body that is not JSON';
  }
  if (/"__proto__"\s*:|"constructor"\s*:\s*\{\s*"prototype"/.test(payload)) return 'a prototype key in the body';
  return refusedBy(route.refuses.body, body) ? 'a body the schema refuses' : undefined;
}
