import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { mintToken, picture, USER, wll } from '../../../helpers/wll.js';
import {
  docExampleRequests,
  docResponses,
  expectMatchesDocSchema,
  WLL_DOC_ACTIONS,
  type WllDocAction,
} from '../../../helpers/wll-doc-schemas.js';

/*
 * CONTRACT §5: every documented example request is accepted, and every answer — success and
 * failure alike — validates against the JSON Schema the docs show for that action and status.
 */

let app: FastifyInstance;
let admin: string;
let user: string;
let receiptId: string;
let orderId: string;
let ruleSetId: string;

beforeAll(async () => {
  app = await buildTestApp();
  admin = await mintToken(app, 'admin');
  user = await mintToken(app, 'user', { authIdentifier: USER });
  receiptId = (await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('supermarket') } })).json().data.id;
  orderId = (await wll(app, '/orders', { token: admin, body: docExampleRequests('POST /orders')[0] })).json().data.id;
  ruleSetId = (await wll(app, '/transactions-rule-engine/rule-sets', { token: admin, body: docExampleRequests('POST /transactions-rule-engine/rule-sets')[0] }))
    .json().data.id;
});
afterAll(() => app.close());

/** The path of an action with its `{id}` filled in. */
function pathOf(action: WllDocAction): string {
  const [, path] = action.split(' ') as [string, string];
  if (path.startsWith('/receipts/')) return path.replace('{id}', receiptId);
  if (path.startsWith('/orders/') && path !== '/orders/asyncly') return path.replace('{id}', orderId);
  return path.replace('{id}', ruleSetId);
}

function methodOf(action: WllDocAction) {
  return action.split(' ')[0] as 'GET' | 'POST' | 'PATCH';
}

/** A body the action accepts: its first documented example, or a manual review. */
function bodyOf(action: WllDocAction): unknown {
  return methodOf(action) === 'GET' ? undefined : docExampleRequests(action)[0];
}

/** One request of an action that answers `status`, as the docs list them (200, 403, 401, 400). */
async function answering(action: WllDocAction, status: number): Promise<LightMyRequestResponse> {
  const call = { method: methodOf(action), body: bodyOf(action) };
  switch (status) {
    case 200:
      return wll(app, pathOf(action), { ...call, token: admin });
    case 401:
      return wll(app, pathOf(action), call);
    case 403:
      return wll(app, pathOf(action), { ...call, token: admin, apiKey: 'not-a-tenant-key' });
    case 400:
      // The docs' one 400: a rule whose priority differs from its ruleProperties.priority.
      return wll(app, pathOf(action), { ...call, token: admin, body: priorityMismatch(action) });
  }
  throw new Error(`no request for ${action} answering ${status}`);
}

function priorityMismatch(action: WllDocAction) {
  const body = structuredClone(docExampleRequests(action)[0]) as { ruleDefinitions: Array<{ ruleProperties: { priority: number } }> };
  body.ruleDefinitions[0]!.ruleProperties.priority = 11;
  return body;
}

describe('every documented answer of every action', () => {
  const cases = WLL_DOC_ACTIONS.flatMap((action) =>
    [...new Set(docResponses(action).map((response) => response.status))].map((status) => [action, status] as const),
  );

  it.each(cases)("%s answers %i as the docs show it", async (action, status) => {
    const response = await answering(action, status);
    expect(response.statusCode, response.body).toBe(status);
    const documented = docResponses(action).find((candidate) => candidate.status === status)!;
    if (documented.validate) expectMatchesDocSchema(action, status, response.json());
    // The docs' 400 comes without a schema but with its whole body: answered word for word.
    else expect(response.json()).toEqual(documented.body);
  });
});

describe('every documented example request', () => {
  it.each(WLL_DOC_ACTIONS.filter((action) => docExampleRequests(action).length > 0))('%s accepts each of its examples', async (action) => {
    for (const body of docExampleRequests(action)) {
      const response = await wll(app, pathOf(action), { method: methodOf(action), token: admin, body });
      expect(response.statusCode, response.body).toBe(200);
      expectMatchesDocSchema(action, 200, response.json());
    }
  });

  it("takes the docs' default-mode claim with the user's own token, and the preparsed one with an admin token only", async () => {
    const [defaultMode, preparsed] = docExampleRequests('POST /receipts');
    const own = await wll(app, '/receipts', { token: user, body: defaultMode });
    expect(own.statusCode).toBe(200);
    expect(own.json().data).toMatchObject({ status: 'PENDING', paramountReview: { reason: 'INSUFFICIENT_DATA', isAutomated: true } });
    const refused = await wll(app, '/receipts', { token: user, body: preparsed });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().data.name).toBe('ForbiddenError');
  });
});

describe('bodies the docs require more of than their examples show', () => {
  it('answers a receipt without a date with "" for the dates the docs require', async () => {
    const blurry = (await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('unknown-picture') } })).json().data;
    const response = await wll(app, `/receipts/${blurry.id}`, { token: admin });
    expect(response.json().data).toMatchObject({ serviceDate: '', serviceTime: '', servedAt: '', ocrConfidence: '0' });
    expectMatchesDocSchema('GET /receipts/{id}', 200, response.json());
  });

  it('answers the reviews of a receipt with the automated one first, `reviwer` spelled as documented', async () => {
    await wll(app, `/receipts/${receiptId}/reviews`, { token: admin, body: { verdict: 'REJECT', reason: 'SUSPICIOUS' } });
    const reviews = (await wll(app, `/receipts/${receiptId}/reviews`, { token: admin })).json().data;
    const automated = reviews.map((review: { isAutomated: boolean }) => review.isAutomated);
    expect(automated[0]).toBe(true);
    expect(automated.slice(1).every((flag: boolean) => !flag)).toBe(true);
    expect(reviews.at(-1)).toMatchObject({ verdict: 'REJECT', reason: 'SUSPICIOUS', reviwer: { authIdentifier: 'admin-1' } });
    expect(Object.keys(reviews[0])).toContain('reviwer');
  });
});
