import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import { expect } from 'vitest';

/*
 * The WLL docs' own JSON Schemas (draft-04), as extracted into the seeds, so tests can hold the
 * sandbox's answers to exactly what the vendor documents (CONTRACT §5: every success body
 * validates against the schema shown for it).
 */

export const WLL_DOC_EXAMPLES_PATH = fileURLToPath(
  new URL('../../../shared/seeds/wll-receipts-core-api.examples.json', import.meta.url),
);

interface DocExample {
  kind: 'request' | 'response';
  headers: string[];
  body: unknown;
  schema?: object;
}

interface DocAction {
  name: string;
  method: string;
  path: string;
  examples: DocExample[];
}

export const WLL_DOC_ACTIONS = [
  'POST /receipts',
  'GET /receipts',
  'GET /receipts/{id}',
  'POST /receipts/{id}/reviews',
  'GET /receipts/{id}/reviews',
  'POST /transactions-rule-engine/rule-sets',
  'GET /transactions-rule-engine/rule-sets',
  'GET /transactions-rule-engine/rule-sets/{id}',
  'PATCH /transactions-rule-engine/rule-sets/{id}',
  'GET /orders',
  'GET /orders/{id}',
  'POST /orders',
  'POST /orders/asyncly',
] as const;
export type WllDocAction = (typeof WLL_DOC_ACTIONS)[number];

export interface DocResponse {
  status: number;
  body: unknown;
  validate: ValidateFunction | undefined;
}

// The order schemas list "ORDER" twice in an enum, which a draft-04 meta-schema check refuses.
// A CommonJS module: under NodeNext its class is the `default` of what the default import gives.
const ajv = new AjvDraft04.default({ validateSchema: false, strict: false, allErrors: true });

/** `GET /receipts{?limit,…}` → `GET /receipts`. */
const actionKey = (action: DocAction) => `${action.method} ${action.path.replace(/\{\?[^}]*\}$/, '')}`;

/** The docs give no status codes: a `fail` body carries its own `httpCode`, a success is 200. */
function statusOf(body: unknown): number {
  const envelope = body as { status?: string; data?: { httpCode?: number } };
  return envelope?.status === 'fail' && typeof envelope.data?.httpCode === 'number' ? envelope.data.httpCode : 200;
}

function loadActions(): Map<string, { requests: unknown[]; responses: DocResponse[] }> {
  const actions = JSON.parse(readFileSync(WLL_DOC_EXAMPLES_PATH, 'utf8')) as DocAction[];
  const byKey = new Map<string, { requests: unknown[]; responses: DocResponse[] }>();
  for (const action of actions) {
    const requests = action.examples.filter((e) => e.kind === 'request' && e.body !== null).map((e) => e.body);
    const responses = action.examples
      .filter((e) => e.kind === 'response')
      .map((e) => ({ status: statusOf(e.body), body: e.body, validate: e.schema ? ajv.compile(e.schema) : undefined }));
    byKey.set(actionKey(action), { requests, responses });
  }
  const unknown = [...byKey.keys()].filter((key) => !(WLL_DOC_ACTIONS as readonly string[]).includes(key));
  if (unknown.length > 0 || byKey.size !== WLL_DOC_ACTIONS.length) {
    throw new Error(`the WLL examples file no longer lists the expected actions (unexpected: ${unknown.join(', ') || 'none'})`);
  }
  return byKey;
}

const ACTIONS = loadActions();

function actionOf(action: WllDocAction) {
  const found = ACTIONS.get(action);
  if (!found) throw new Error(`no documented action ${action}`);
  return found;
}

/** Every documented example response of an action, with its status and compiled schema (when the docs give one). */
export function docResponses(action: WllDocAction): DocResponse[] {
  return actionOf(action).responses;
}

/** The documented example request bodies of an action (both modes for a receipt claim). */
export function docExampleRequests(action: WllDocAction): unknown[] {
  return actionOf(action).requests;
}

/**
 * Asserts that `body` validates against a JSON Schema the docs show for `action` answering
 * `status` (any one of them, when the docs show several: a claim's two modes).
 */
export function expectMatchesDocSchema(action: WllDocAction, status: number, body: unknown): void {
  const validators = docResponses(action)
    .filter((response) => response.status === status)
    .flatMap((response) => (response.validate ? [response.validate] : []));
  if (validators.length === 0) throw new Error(`the docs show no schema for ${action} answering ${status}`);
  const problems = validators.map((validate) => (validate(body) ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n')));
  const matched = problems.some((list) => list.length === 0);
  expect(matched ? [] : problems[0], `${action} ${status}: the body does not match the docs' JSON Schema`).toEqual([]);
}
