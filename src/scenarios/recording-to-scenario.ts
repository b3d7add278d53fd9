import { childPath, isIsoDate, MATCHER_NAMES } from './matchers.js';
import { WORKSPACE_ROOTS, type ScenarioApi } from './scenario-schema.js';
import { escapeLiteral, escapeRegex } from './variables.js';

/** One call the recorder saw, as it went upstream and came back. */
export interface RecordedExchange {
  /** An emulated API call, or a call to the upstream sandbox's admin API. */
  target: 'api' | 'admin';
  method: string;
  /** Relative to the API's base (or to /__admin). */
  path: string;
  query: Array<[string, string]>;
  /** Lower-case names; only those worth replaying (see RECORDED_HEADER). */
  headers: Record<string, string>;
  body?: { json: unknown } | { text: string } | { form: Array<[string, string]> };
  response: { status: number; contentType?: string; json?: unknown };
}

/**
 * The POS's own credentials, by the field (query, header or body key) they travel in: replaced by
 * the workspace's variables, so the recording replays with whichever workspace the runner makes.
 */
const CREDENTIAL_FIELDS: Record<ScenarioApi, Record<string, string>> = {
  rulrr: {
    client_id: 'rulrr.clientId',
    client_secret: 'rulrr.clientSecret',
    email: 'rulrr.merchant.email',
    password: 'rulrr.merchant.password',
  },
  wll: { 'x-api-key': 'wll.apiKey', apikey: 'wll.apiKey' },
  kangaroo: {
    client_id: 'kangaroo.clientId',
    client_secret: 'kangaroo.clientSecret',
    'x-application-key': 'kangaroo.applicationKey',
    username: 'kangaroo.username',
    password: 'kangaroo.password',
  },
};

/** A field whose value must not be written to a file as it is. */
const SECRET_FIELD = /secret|passw|token|api[-_]?key|[-_]key$|^key$|authorization|signature|credential|session|cookie/i;
/** A field whose value changes from run to run: matched by its type, not its value. */
const VOLATILE_FIELD = /(?:^id$|_id$|[a-z]Id$|ID$|uuid|token|secret|key$|Key$|url$|Url$|URL$|^(?:created|updated|expires|received|issued)|At$|_at$|date|Date|time$|Time$|expiration|nonce|signature)/;
/** Long opaque text with digits in it (tokens, signed values, absolute URLs): volatile whatever its field is called. */
const OPAQUE_TEXT = /^[A-Za-z0-9_\-.~+/=:%]{20,}$/;
const isOpaque = (text: string) => OPAQUE_TEXT.test(text) && /\d/.test(text) && /[A-Za-z]/.test(text);
/** Values shorter than this are only recognised where they stand alone, never inside other text. */
const MIN_REUSED_LENGTH = 6;
/** Numeric ids share the map of produced values, under a key that ordinary text does not start with. */
const NUMBER_MARK = '\u0000';
const numberKey = (value: number | string) => `${NUMBER_MARK}${value}`;

export interface ScenarioDocument {
  name: string;
  description: string;
  api: ScenarioApi;
  variables?: Record<string, string>;
  steps: Array<Record<string, unknown>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeLiteral(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStrings(inner)]));
  return value;
}

/** A string of an answer that changes from run to run: matched by type, and captured when a call sends it back. */
function isVolatile(value: string, field: string | undefined): boolean {
  return isIsoDate(value) || (field !== undefined && VOLATILE_FIELD.test(field)) || isOpaque(value);
}

/** The strings of an answer that can become captures (volatile, long enough to be recognised). */
function capturableStrings(value: unknown, field: string | undefined, depth = 0): string[] {
  if (typeof value === 'string') return value.length >= MIN_REUSED_LENGTH && isVolatile(value, field) ? [value] : [];
  if (depth > 64 || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((inner) => capturableStrings(inner, field, depth + 1));
  return Object.entries(value).flatMap(([key, inner]) => capturableStrings(inner, key, depth + 1));
}

/** Every (field, value) the POS sent: query parameters, headers, form fields and JSON body strings under their key. */
function sentFields(exchange: RecordedExchange): Array<[string, string]> {
  const fields: Array<[string, string]> = [...exchange.query, ...Object.entries(exchange.headers)];
  const body = exchange.body;
  if (body && 'form' in body) fields.push(...body.form);
  const walk = (value: unknown, key: string, depth: number): void => {
    if (typeof value === 'string') fields.push([key, value]);
    else if (Array.isArray(value) && depth < 64) value.forEach((item) => walk(item, key, depth + 1));
    else if (isPlainObject(value) && depth < 64) for (const [inner, item] of Object.entries(value)) walk(item, inner, depth + 1);
  };
  if (body && 'json' in body) walk(body.json, '', 0);
  return fields;
}

/** Turns what the recorder saw into a scenario: secrets as variables, volatile values captured or typed. */
export function recordingToScenario(
  exchanges: RecordedExchange[],
  options: { api: ScenarioApi; name: string; description: string },
): ScenarioDocument {
  const credentials = CREDENTIAL_FIELDS[options.api];
  /** A value the POS sent → the variable (without ${}) that stands for it. */
  const known = new Map<string, string>();
  /** A value an answer held → where it first appeared; becomes a capture once a later call uses it. */
  const produced = new Map<string, { step: Record<string, unknown>; path: string; field: string; name?: string }>();
  /** Values the POS itself sent: when an answer echoes one (an orderId), it is expected as it is. */
  const sent = new Set<string>();
  const usedNames = new Set(WORKSPACE_ROOTS);
  const variables: Record<string, string> = {};

  const freshName = (field: string) => {
    const base = field.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_').slice(0, 50) || 'value';
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base}${n}`;
    usedNames.add(name);
    return name;
  };
  const captureOf = (value: string): string => {
    const origin = produced.get(value)!;
    if (!origin.name) {
      origin.name = freshName(origin.field);
      const captures = (origin.step.capture ??= {}) as Record<string, string>;
      captures[origin.name] = origin.path;
    }
    return origin.name;
  };

  /**
   * First pass: every value the POS sent in a credential or secret field, unless an earlier answer
   * gave it (then it is a capture). Known before any step is written, so a secret is replaced
   * wherever it appears, also in a call made before the one that named it.
   */
  const answered: string[] = [];
  const fromAnswer = (value: string) => answered.some((text) => value.includes(text));
  for (const exchange of exchanges) {
    for (const [field, value] of sentFields(exchange)) {
      if (known.has(value) || fromAnswer(value)) continue;
      const variable = credentials[field.toLowerCase()];
      if (variable && ![...known.values()].includes(variable)) known.set(value, variable);
      else if (SECRET_FIELD.test(field)) {
        const name = freshName(field);
        variables[name] = `<recorded secret removed: set "${name}" here or capture it in an earlier step>`;
        known.set(value, name);
      }
    }
    answered.push(...capturableStrings(exchange.response.json, undefined));
  }

  /** A string the POS sent, with every credential and every earlier answer's value replaced by its variable. */
  const scrub = (value: string, field: string | undefined): string => {
    sent.add(value);
    if (known.has(value)) return `\${${known.get(value)}}`;
    if (produced.has(value)) return `\${${captureOf(value)}}`;
    if (field && VOLATILE_FIELD.test(field) && produced.has(numberKey(value))) return `\${${captureOf(numberKey(value))}}`;
    let text = escapeLiteral(value);
    const candidates = [...new Set([...known.keys(), ...produced.keys()])]
      .filter((candidate) => !candidate.startsWith(NUMBER_MARK) && candidate.length >= MIN_REUSED_LENGTH && text.includes(candidate))
      .sort((a, b) => b.length - a.length);
    for (const candidate of candidates) {
      const name = known.get(candidate) ?? captureOf(candidate);
      text = text.split(candidate).join(`\${${name}}`);
    }
    return text;
  };

  const scrubJson = (value: unknown, field: string | undefined, depth = 0): unknown => {
    if (depth > 64) return null;
    if (typeof value === 'string') return scrub(value, field);
    if (typeof value === 'number' && field && VOLATILE_FIELD.test(field) && produced.has(numberKey(value))) return `\${${captureOf(numberKey(value))}}`;
    if (Array.isArray(value)) return value.map((item) => scrubJson(item, field, depth + 1));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, inner]) => [k, scrubJson(inner, k, depth + 1)]));
    return value;
  };

  /** What an answer is expected to hold: volatile values by type, the POS's credentials by variable, the rest as seen. */
  const expectJson = (value: unknown, path: string, field: string | undefined, step: Record<string, unknown>, depth = 0): unknown => {
    if (depth > 64) return { $any: 'any' };
    if (typeof value === 'string') {
      // A short value that equals a secret is most likely a coincidence (a "1"), not the secret echoed.
      if (known.has(value) && value.length >= MIN_REUSED_LENGTH) return `\${${known.get(value)}}`;
      // A token an earlier answer gave (a refresh answering the same refresh token) is expected to come back the
      // same; not a time, which two answers can share by chance within a millisecond.
      const earlier = produced.get(value);
      if (earlier && earlier.step !== step && !isIsoDate(value)) return `\${${captureOf(value)}}`;
      const volatile = !sent.has(value) && isVolatile(value, field);
      if (!volatile) return escapeLiteral(value);
      // Only values that change from run to run are worth a capture; the rest replay as they are.
      if (value.length >= MIN_REUSED_LENGTH && !produced.has(value)) produced.set(value, { step, path, field: field ?? 'value' });
      return isIsoDate(value) ? { $isoDate: true } : { $any: 'string' };
    }
    if (typeof value === 'number' && field && VOLATILE_FIELD.test(field)) {
      if (!produced.has(numberKey(value))) produced.set(numberKey(value), { step, path, field });
      return { $any: 'number' };
    }
    if (Array.isArray(value)) return value.map((item, i) => expectJson(item, childPath(path, i), field, step, depth + 1));
    if (isPlainObject(value)) {
      const expected = Object.fromEntries(
        Object.entries(value).map(([k, inner]) => [k, expectJson(inner, childPath(path, k), k, step, depth + 1)]),
      );
      // A body with a key like a matcher's is expected as it is, never read as a matcher.
      // Its strings are still escaped: variables are filled in everything a step expects, $literal included.
      return Object.keys(value).some((k) => (MATCHER_NAMES as readonly string[]).includes(k) || k.startsWith('$'))
        ? { $literal: escapeStrings(value) }
        : expected;
    }
    return value;
  };

  const steps = exchanges.map((exchange) => {
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of exchange.query) {
      const scrubbed = scrub(value, key);
      const already = query[key];
      query[key] = already === undefined ? scrubbed : [...(Array.isArray(already) ? already : [already]), scrubbed];
    }
    const headers = Object.fromEntries(Object.entries(exchange.headers).map(([name, value]) => [name, scrub(value, name)]));
    const path = scrub(exchange.path, undefined);
    const call: Record<string, unknown> = { method: exchange.method, path };
    if (exchange.query.length) call.query = query;
    if (exchange.target === 'api' && Object.keys(headers).length) call.headers = headers;
    const body = exchange.body;
    if (body && 'json' in body) call.body = scrubJson(body.json, undefined);
    // The admin API reads JSON only: a call that sent it anything else is replayed without a body.
    else if (exchange.target === 'admin') call.body = undefined;
    else if (body && 'text' in body) call.text = scrub(body.text, undefined);
    else if (body && 'form' in body) call.form = Object.fromEntries(body.form.map(([key, value]) => [key, scrub(value, key)]));

    const step: Record<string, unknown> =
      exchange.target === 'api'
        ? { name: `${exchange.method} ${path}`, ...call }
        : { name: `admin ${exchange.method} ${path}`, admin: call };
    const expect: Record<string, unknown> = { status: exchange.response.status };
    const mediaType = exchange.response.contentType?.split(';')[0]?.trim();
    if (mediaType) expect.headers = { 'content-type': { $regex: `^${escapeRegex(mediaType)}` } };
    if (exchange.response.json !== undefined) expect.body = expectJson(exchange.response.json, '$', undefined, step);
    step.expect = expect;
    return step;
  });

  return {
    name: options.name,
    description: options.description,
    api: options.api,
    ...(Object.keys(variables).length ? { variables } : {}),
    steps,
  };
}
