import { REDACTED, isSecretField, isSecretParameter, redactHeaders, redactUrl } from '../lib/log-redaction.js';
import { WORKSPACE_ID_PATTERN } from '../workspaces/workspace-ids.js';

/** Each body is kept up to this many characters; a longer one is cut and says so. */
export const BODY_CAP = 16 * 1024;

/** A fault that hit a call, as the journal records it. */
export interface InjectedFault {
  id: number;
  kind: 'status' | 'delay' | 'drop' | 'malformed';
  delayMs?: number;
}

/**
 * What the request path hands the journal: references only, so recording costs nothing there.
 * Masking, serialising and cutting happen when the queue is written (see `journalRow`).
 */
export interface CapturedCall {
  api: string;
  /** The workspace the API resolved from a valid credential, or null. */
  workspaceId: string | null;
  requestId: string;
  method: string;
  /** The URL as routed: API prefix included, query included. */
  url: string;
  host: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  responseHeaders: Record<string, string | string[] | number | undefined>;
  /** The serialised answer as sent, when it was a string or bytes. */
  responseBody: unknown;
  durationMs: number;
  receivedAtMs: number;
  fault: InjectedFault | null;
}

/** A journal row, but for the workspace and sandbox time, which the writer settles against the database. */
export interface JournalRow {
  workspaceResolved: 0 | 1;
  api: string;
  requestId: string;
  method: string;
  path: string;
  host: string | null;
  query: string;
  requestHeaders: string;
  requestBody: string | null;
  requestBodyTruncated: 0 | 1;
  status: number;
  responseHeaders: string;
  responseBody: string | null;
  responseBodyTruncated: 0 | 1;
  durationMs: number;
  receivedAt: string;
  fault: string | null;
}

/** How deep masking walks into a body; deeper values are kept as they came. */
const MASK_DEPTH = 32;

/**
 * The row for a call, secrets masked: the query's secret parameters, credential headers, fields
 * named like secrets in either body (`password`, `client_secret`, `accessToken`…), and any secret
 * the call presented wherever it shows up again (a page echoing a token in a hidden field).
 */
export function journalRow(call: CapturedCall): JournalRow {
  const queryAt = call.url.indexOf('?');
  const { query, secrets } = readQuery(queryAt === -1 ? '' : call.url.slice(queryAt + 1));
  secrets.push(...presentedSecrets(call));
  const shown = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH && secret.length <= 4096);
  const request = bodyText(call.body, shown);
  const response = bodyText(parsedIfSecretive(call.responseBody, call.responseHeaders['content-type']), shown);
  return {
    workspaceResolved: call.workspaceId ? 1 : 0,
    api: call.api,
    requestId: call.requestId,
    method: call.method,
    path: redactUrl(queryAt === -1 ? call.url : call.url.slice(0, queryAt)),
    host: call.host ?? null,
    query: JSON.stringify(query),
    requestHeaders: JSON.stringify(redactHeaders(call.headers)),
    requestBody: request.text,
    requestBodyTruncated: request.truncated,
    status: call.status,
    responseHeaders: JSON.stringify(redactHeaders(call.responseHeaders)),
    responseBody: response.text,
    responseBodyTruncated: response.truncated,
    durationMs: Math.round(call.durationMs * 1000) / 1000,
    receivedAt: new Date(call.receivedAtMs).toISOString(),
    fault: call.fault ? JSON.stringify(call.fault) : null,
  };
}

/**
 * Where a call whose credential did not resolve is journaled: the workspace its credential's text
 * names (`pos-<id>`, `rat_<id>_…`: CONTRACT §1a puts the id there), so a POS with an expired or
 * mistyped token finds the failure in its own journal; the caller falls back to demo, home of the
 * credentials that carry no id.
 */
export function workspaceNamedBy(call: Pick<CapturedCall, 'url' | 'headers'>): string | undefined {
  const texts = [call.url, call.headers.authorization, call.headers['x-api-key'], call.headers['x-application-key']];
  for (const text of texts) {
    if (typeof text !== 'string' || text.length > 8192) continue;
    for (const match of text.matchAll(WORKSPACE_IN_TEXT)) {
      const id = match[1]!;
      if (WORKSPACE_ID_PATTERN.test(id)) return id;
    }
  }
  return undefined;
}

/** `ws` and ten characters standing alone between delimiters (`pos-ws…`, `_ws…_`, `=ws…&`). */
const WORKSPACE_IN_TEXT = /(?<![0-9a-z])(ws[0-9a-z]{10})(?![0-9a-z])/g;

/** The query as an object (repeated names as lists), secret parameters masked, and their values. */
function readQuery(query: string): { query: Record<string, string | string[]>; secrets: string[] } {
  const result: Record<string, string | string[]> = {};
  const secrets: string[] = [];
  // Most calls have no query: no URLSearchParams to build for them.
  if (query === '') return { query: result, secrets };
  for (const [name, raw] of new URLSearchParams(query)) {
    let value = raw;
    if (isSecretParameter(name)) {
      secrets.push(raw);
      value = REDACTED;
    }
    const previous = result[name];
    result[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return { query: result, secrets };
}

/** Presented secrets shorter than this are not looked for in bodies: they would mask ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** The secret values a call presented besides its query: secret body fields, credential headers. */
function presentedSecrets(call: CapturedCall): string[] {
  const secrets: string[] = [];
  if (call.body !== null && typeof call.body === 'object' && !Array.isArray(call.body) && !Buffer.isBuffer(call.body)) {
    for (const [name, value] of Object.entries(call.body)) {
      if (typeof value === 'string' && isSecretField(name)) secrets.push(value);
    }
  }
  for (const header of ['authorization', 'x-api-key', 'x-application-key']) {
    const value = call.headers[header];
    if (typeof value === 'string') secrets.push(header === 'authorization' ? value.replace(/^[A-Za-z]{1,20}[ \t]+/, '') : value);
  }
  return secrets;
}

/** What every secret field name contains (case aside): an answer without any has none to mask. */
const SECRET_HINT = /token|secret|password|key/i;

/** A JSON answer that may hold secret fields, parsed so they can be masked; anything else as it is. */
function parsedIfSecretive(payload: unknown, contentType: unknown): unknown {
  if (typeof contentType !== 'string' || !contentType.startsWith('application/json')) return payload;
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined || !SECRET_HINT.test(text)) return payload;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON after all (a fault garbled it): kept as sent.
    return payload;
  }
}

function bodyText(body: unknown, secrets: string[]): { text: string | null; truncated: 0 | 1 } {
  if (body === undefined || body === null) return { text: null, truncated: 0 };
  let text: string;
  if (typeof body === 'string') text = body;
  else if (Buffer.isBuffer(body)) text = body.toString('utf8', 0, Math.min(body.length, BODY_CAP * 4));
  else if (typeof body === 'object' && typeof (body as { pipe?: unknown }).pipe === 'function') return { text: '[stream]', truncated: 1 };
  else text = JSON.stringify(masked(body, 0)) ?? String(body);
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
  if (text.length <= BODY_CAP && !(Buffer.isBuffer(body) && body.length > BODY_CAP * 4)) return { text, truncated: 0 };
  return { text: text.slice(0, BODY_CAP), truncated: 1 };
}

/** A copy of a parsed body with the values of secret fields (password, client_secret…) replaced. */
function masked(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth >= MASK_DEPTH) return value;
  if (Array.isArray(value)) return value.map((element) => masked(element, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = isSecretField(key) && field !== null && field !== '' ? REDACTED : masked(field, depth + 1);
  }
  return copy;
}
