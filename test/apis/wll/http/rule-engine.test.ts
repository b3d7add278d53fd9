import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { mintToken, picture, USER, wll } from '../../../helpers/wll.js';
import { expectMatchesDocSchema } from '../../../helpers/wll-doc-schemas.js';
import { docs } from '../rules/docs-rule-sets.js';

/*
 * Issue 7 through HTTP: rule sets written through the API decide claims with json-rules-engine,
 * as the docs describe it.
 */

let app: FastifyInstance;
let admin: string;
let user: string;

const PEPSI = 'c94074f6-42e2-413a-a803-edff365b1b62';
const CORN_EXCHANGE = 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf';
const MARK = '__wllHttpPwned';

beforeEach(async () => {
  app = await buildTestApp();
  admin = await mintToken(app, 'admin');
  user = await mintToken(app, 'user');
});
afterEach(() => app.close());

type Claimed = { id: string; status: string; paramountReview: { reason: string; verdict: string; comment: string } };

async function createRuleSet(body: unknown) {
  const response = await wll(app, '/transactions-rule-engine/rule-sets', { token: admin, body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data as { id: string; rules: Array<Record<string, unknown>> };
}

async function claimPicture(name: string): Promise<Claimed> {
  return (await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture(name) } })).json().data;
}

/** A preparsed claim from yesterday that passes every step before the rule engine. */
async function claim(fields: Record<string, unknown> = {}): Promise<Claimed> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const response = await wll(app, '/receipts', {
    token: admin,
    body: {
      useParser: false,
      submitter: { authIdentifier: USER },
      ocrConfidence: 0.9,
      serviceDate: { value: yesterday, confidence: 1 },
      total: { value: 20, confidence: 1 },
      lineItems: [],
      ...fields,
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

async function ruleEngineOutputOf(receiptId: string) {
  const response = await app.inject({ url: `/__admin/wll/receipts/${receiptId}/rule-engine` });
  expect(response.statusCode).toBe(200);
  return response.json().ruleEngineOutput as {
    params: Record<string, unknown>;
    rules: Array<{ name: string; result: boolean }>;
    stopped: boolean;
    error?: string;
  } | null;
}

function custom(name: string, priority: number, conditions: unknown, success: unknown[] = [], failure: unknown[] = []) {
  return { type: 'CUSTOM', name, priority, ruleProperties: { conditions, event: { type: name }, priority }, resultParams: { success, failure } };
}
const param = (key: string, value: unknown) => ({ key, value });
const always = { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: -1 }] };

describe("the docs' Deeset Rules (prawns, Pepsi, the Corn Exchange, the final check)", () => {
  beforeEach(async () => {
    const { id } = await createRuleSet(docs.createRequest);
    const patched = await wll(app, `/transactions-rule-engine/rule-sets/${id}`, { method: 'PATCH', token: admin, body: docs.updateRequest });
    expect(patched.statusCode, patched.body).toBe(200);
  });

  it('abstains on the party basket at the Corn Exchange: every check passes, the venue rule sends it to manual review', async () => {
    const claimed = await claimPicture('party-basket');
    expect(claimed).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'OTHER' } });
    const output = await ruleEngineOutputOf(claimed.id);
    expect(output).toMatchObject({
      params: { prawnsPresent: true, pepsiPresent: true, inCornExchange: true, finalCheckPass: true, verdict: 'ABSTAIN', stopRuleEngine: false },
      stopped: false,
    });
    expect(output!.rules.map((rule) => rule.name)).toEqual(['prawns-present', 'pepsi-present', 'venue-is-corn-exchange', 'final-check']);
    expect(claimed.paramountReview.comment).toContain('"finalCheckPass":true');
  });

  it('rejects a receipt from another venue and stops before the final check', async () => {
    const claimed = await claimPicture('supermarket');
    expect(claimed).toMatchObject({ status: 'REJECTED', paramountReview: { verdict: 'REJECT', reason: 'OTHER' } });
    const output = await ruleEngineOutputOf(claimed.id);
    expect(output).toMatchObject({ params: { inCornExchange: false, verdict: 'REJECT', stopRuleEngine: true, prawnsPresent: false }, stopped: true });
    expect(output!.rules.map((rule) => rule.name)).not.toContain('final-check');
  });

  it('keeps the stored verdicts FAIL and SUCCESS, which leave the decision alone', async () => {
    const list = (await wll(app, '/transactions-rule-engine/rule-sets', { token: admin })).json();
    expectMatchesDocSchema('GET /transactions-rule-engine/rule-sets', 200, list);
    const prawns = list.data[0].rules[0];
    expect(prawns.resultParams.failure).toContainEqual({ key: 'verdict', value: 'FAIL' });
    expect(prawns.resultParams.success).toContainEqual({ key: 'verdict', value: 'SUCCESS' });
  });

  it('answers claims that an earlier step decides without running the rule engine', async () => {
    await claimPicture('party-basket');
    const duplicate = await claimPicture('party-basket');
    expect(duplicate.paramountReview.reason).toBe('DUPLICATE');
    expect(await ruleEngineOutputOf(duplicate.id)).toBeNull();
    expect(await ruleEngineOutputOf((await claimPicture('blurry')).id)).toBeNull();
  });
});

describe('the rule-engine step', () => {
  it('rejects with a documented reason param, and with OTHER when the reason is not one', async () => {
    await createRuleSet({ isActive: true, ruleDefinitions: [custom('no-big-totals', 1, { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThan', value: 100 }] }, [param('verdict', 'REJECT'), param('reason', 'SUSPICIOUS')])] });
    expect((await claim({ total: { value: 150, confidence: 1 } })).paramountReview).toMatchObject({ verdict: 'REJECT', reason: 'SUSPICIOUS' });
    expect((await claim({ total: { value: 50, confidence: 1 } })).status).toBe('AUTHORIZED');
    await createRuleSet({ isActive: true, ruleDefinitions: [custom('any', 1, always, [param('verdict', 'REJECT'), param('reason', 'MADE_UP')])] });
    expect((await claim()).paramountReview.reason).toBe('OTHER');
  });

  it.each(['AUTHORIZE', 'FAIL', 'SUCCESS', 42])('leaves the decision alone for the verdict %s', async (verdict) => {
    await createRuleSet({ isActive: true, ruleDefinitions: [custom('any', 1, always, [param('verdict', verdict)])] });
    expect((await claim()).paramountReview).toMatchObject({ verdict: 'AUTHORIZE', reason: 'VALID_DATA' });
  });

  it('runs higher priorities first, and lets lower ones test the params they set', async () => {
    await createRuleSet({
      isActive: true,
      ruleDefinitions: [
        custom('late', 1, { all: [{ fact: 'big', operator: 'equal', value: true }] }, [param('verdict', 'ABSTAIN'), param('reason', 'FLAGGED_FOR_SPOT_CHECK')]),
        custom('early', 9, { all: [{ fact: 'request', path: '$.transaction.total', operator: 'greaterThanInclusive', value: 100 }] }, [param('big', true)], [param('big', false)]),
      ],
    });
    const spotChecked = await claim({ total: { value: 100, confidence: 1 } });
    expect(spotChecked).toMatchObject({ status: 'PENDING', paramountReview: { reason: 'FLAGGED_FOR_SPOT_CHECK' } });
    expect((await ruleEngineOutputOf(spotChecked.id))!.rules.map((rule) => rule.name)).toEqual(['early', 'late']);
    expect((await claim({ total: { value: 99, confidence: 1 } })).status).toBe('AUTHORIZED');
  });

  it('stopRuleEngine stops lower priorities but not the rest of its own', async () => {
    await createRuleSet({
      isActive: true,
      ruleDefinitions: [
        custom('stopper', 5, always, [param('stopRuleEngine', true)]),
        custom('sibling', 5, always, [param('sibling', true)]),
        custom('lower', 1, always, [param('verdict', 'REJECT')]),
      ],
    });
    const claimed = await claim();
    expect(claimed.status).toBe('AUTHORIZED');
    const output = await ruleEngineOutputOf(claimed.id);
    expect(output).toMatchObject({ stopped: true, params: { stopRuleEngine: true, sibling: true } });
    expect(output!.rules.map((rule) => rule.name).sort()).toEqual(['sibling', 'stopper']);
  });

  it("inflates a BASKET rule with the catalogue's price when no overriding price is given", async () => {
    const { rules } = await createRuleSet({
      isActive: true,
      ruleDefinitions: [
        {
          type: 'BASKET',
          name: 'pepsi',
          priority: 2,
          configuration: { productId: PEPSI, isUnitPriceCheckNeeded: true },
          resultParams: { success: [param('pepsi', true)], failure: [param('verdict', 'REJECT'), param('reason', 'NO_QUALIFYING_PRODUCTS')] },
        },
      ],
    });
    expect(JSON.stringify(rules[0]!.ruleProperties)).toContain(`$.transaction.lineItems[?(@.productId==='${PEPSI}')].unitPrice`);
    expect(JSON.stringify(rules[0]!.ruleProperties)).toContain('10.2');
    const pepsi = (unitPrice: number) => ({ lineItems: [{ quantity: 1, description: 'PEPSI MAX', identifier: 'SKU-PEPSI-MAX-12', unitPrice }] });
    expect((await claim(pepsi(10.2))).status).toBe('AUTHORIZED');
    expect((await claim(pepsi(9.99))).paramountReview.reason).toBe('NO_QUALIFYING_PRODUCTS');
    expect((await claim()).paramountReview.reason).toBe('NO_QUALIFYING_PRODUCTS');
  });

  it("answers 400 for a BASKET rule checking the price of a product the catalogue has no price for", async () => {
    const response = await wll(app, '/transactions-rule-engine/rule-sets', {
      token: admin,
      body: {
        isActive: true,
        ruleDefinitions: [{ type: 'BASKET', name: 'b', priority: 1, configuration: { productId: 'no-such-product', isUnitPriceCheckNeeded: true }, resultParams: { success: [], failure: [] } }],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().data.message).toMatch(/no catalogue price/);
  });

  it("matches a venue by the receipt's location, as the workspace's venues list it", async () => {
    await createRuleSet({
      isActive: true,
      ruleDefinitions: [custom('at-corn-exchange', 1, { all: [{ fact: 'request', operator: 'venueMatches', value: CORN_EXCHANGE }] }, [], [param('verdict', 'REJECT'), param('reason', 'INVALID_VENUE')])],
    });
    const at = (location: string) => claim({ locationIdentifier: { value: location, confidence: 1 } });
    expect((await at('LEEDS-CORN-EXCHANGE')).status).toBe('AUTHORIZED');
    expect((await at('POP-UP-1')).paramountReview.reason).toBe('INVALID_VENUE');
    const moved = await app.inject({ method: 'PUT', url: `/__admin/wll/venues/${CORN_EXCHANGE}`, payload: { name: 'The Corn Exchange', locationIdentifiers: ['POP-UP-1'] } });
    expect(moved.statusCode).toBe(200);
    expect((await at('POP-UP-1')).status).toBe('AUTHORIZED');
    expect((await at('LEEDS-CORN-EXCHANGE')).paramountReview.reason).toBe('INVALID_VENUE');
    expect((await at(CORN_EXCHANGE)).status).toBe('AUTHORIZED');
  });

  it('sends a claim to manual review when a rule throws, and carries on serving', async () => {
    await createRuleSet({ isActive: true, ruleDefinitions: [custom('broken', 1, { all: [{ fact: 'neverSet', operator: 'equal', value: true }] })] });
    const claimed = await claim();
    expect(claimed).toMatchObject({ status: 'PENDING', paramountReview: { verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' } });
    expect(claimed.paramountReview.comment).toMatch(/A rule threw: .*neverSet/);
    expect((await ruleEngineOutputOf(claimed.id))!.error).toMatch(/neverSet/);
    expect((await claim()).paramountReview.reason).toBe('RULE_ENGINE_THREW_ERROR');
    expect((await app.inject({ url: '/__admin/health' })).statusCode).toBe(200);
  });

  it('runs the newest active rule set, and none when none is active', async () => {
    const older = await createRuleSet({ isActive: true, ruleDefinitions: [custom('older', 1, always, [param('verdict', 'REJECT')])] });
    await createRuleSet({ isActive: false, ruleDefinitions: [custom('inactive', 1, always, [param('verdict', 'REJECT')])] });
    const newer = await createRuleSet({ isActive: true, ruleDefinitions: [custom('newer', 1, always, [param('verdict', 'ABSTAIN')])] });
    expect((await claim()).status).toBe('PENDING');
    await wll(app, `/transactions-rule-engine/rule-sets/${newer.id}`, { method: 'PATCH', token: admin, body: { isActive: false } });
    expect((await claim()).status).toBe('REJECTED');
    await wll(app, `/transactions-rule-engine/rule-sets/${older.id}`, { method: 'PATCH', token: admin, body: { isActive: false } });
    const none = await claim();
    expect(none.status).toBe('AUTHORIZED');
    expect(await ruleEngineOutputOf(none.id)).toBeNull();
  });

  it('runs the new rules after a PATCH, even on a clock that has not moved', async () => {
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: new Date().toISOString() } });
    admin = await mintToken(app, 'admin');
    const set = await createRuleSet({ isActive: true, ruleDefinitions: [custom('r', 1, always, [param('verdict', 'REJECT')])] });
    expect((await claim()).status).toBe('REJECTED');
    await wll(app, `/transactions-rule-engine/rule-sets/${set.id}`, {
      method: 'PATCH',
      token: admin,
      body: { ruleDefinitions: [custom('r', 1, always, [param('verdict', 'ABSTAIN')])] },
    });
    expect((await claim()).status).toBe('PENDING');
  });
});

describe('hostile rule sets', () => {
  it.each([
    ["$.transaction.lineItems[?(@.constructor.constructor('globalThis.__wllHttpPwned = true')())]", /must not call functions/],
    ['$.transaction.lineItems[?(@.description.repeat(1e9))]', /must not call functions/],
    ["$.transaction.lineItems[?(@.description.match(/(a+)+$/))]", /must not (call functions|use '\/')/],
    ['$.transaction.`x`', /must not use backticks/],
  ])('refuses the path %s when the rule set is written', async (path, message) => {
    const response = await wll(app, '/transactions-rule-engine/rule-sets', {
      token: admin,
      body: { isActive: true, ruleDefinitions: [custom('hostile', 1, { all: [{ fact: 'request', path, operator: 'equal', value: 1 }] })] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().data).toMatchObject({ name: 'BadRequestError', message: expect.stringMatching(message) });
  });

  it.each(['$..constructor', '$.__proto__', "$['__proto__']['constructor']", '$.transaction.__proto__.polluted'])(
    'runs %s as data, never as code',
    async (path) => {
      await createRuleSet({ isActive: true, ruleDefinitions: [custom('probe', 1, { all: [{ fact: 'request', path, operator: 'equal', value: 1 }] }, [param('verdict', 'REJECT')])] });
      const started = performance.now();
      const claimed = await claim({ metadata: { source: 'API', constructor: 'x' } });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(['AUTHORIZED', 'PENDING']).toContain(claimed.status);
      expect((globalThis as Record<string, unknown>)[MARK]).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

describe('the rule-set API', () => {
  it('lists oldest first and answers one by id; 404 for an id it does not know', async () => {
    const first = await createRuleSet({ name: 'January Rules', isActive: true });
    const second = await createRuleSet({ isActive: false });
    const list = (await wll(app, '/transactions-rule-engine/rule-sets', { token: admin })).json().data;
    expect(list.map((set: { id: string }) => set.id)).toEqual([first.id, second.id]);
    expect(list[0]).toMatchObject({ name: 'January Rules', isActive: true, rules: [] });
    expect(list[1].name).toBeUndefined();
    const one = await wll(app, `/transactions-rule-engine/rule-sets/${first.id}`, { token: admin });
    expectMatchesDocSchema('GET /transactions-rule-engine/rule-sets/{id}', 200, one.json());
    for (const method of ['GET', 'PATCH'] as const) {
      const missing = await wll(app, '/transactions-rule-engine/rule-sets/nope', { method, token: admin, ...(method === 'PATCH' ? { body: { isActive: true } } : {}) });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().data.name).toBe('NotFoundError');
    }
  });

  it('answers the tenant the set belongs to when it is created (sandbox-defined, without the API key)', async () => {
    const response = await wll(app, '/transactions-rule-engine/rule-sets', { token: admin, body: { isActive: true } });
    const { tenant } = response.json().data;
    expect(tenant).toEqual({
      id: 'demo',
      name: 'Demo Tenant',
      slug: 'demo-tenant',
      authentication: { issuer: 'https://auth.receipts.sandbox.test/demo/', jwksUrl: 'http://localhost:80/wll/.well-known/jwks.json?workspace=demo', algorithm: 'RS256' },
      eventSecrets: {},
      configuration: { timezone: 'Europe/London', maxReceiptAgeDays: 30 },
    });
    expect(JSON.stringify(response.json())).not.toContain('wll-demo-key');
  });

  it('replaces the whole rules array on PATCH, with new rule ids, and keeps what it is not given', async () => {
    const set = await createRuleSet({ name: 'Keep me', isActive: true, ruleDefinitions: [custom('a', 2, always), custom('b', 1, always)] });
    const patched = (
      await wll(app, `/transactions-rule-engine/rule-sets/${set.id}`, { method: 'PATCH', token: admin, body: { ruleDefinitions: [custom('c', 1, always)] } })
    ).json().data;
    expect(patched).toMatchObject({ name: 'Keep me', isActive: true });
    expect(patched.rules.map((rule: { name: string }) => rule.name)).toEqual(['c']);
    expect(patched.rules[0].id).not.toBe(set.rules[0]!.id);
  });

  it.each([
    ['an empty body', undefined, 'The request body is required!'],
    ['no isActive', { name: 'x' }, 'The isActive is required!'],
    ['a name other than its event type', { isActive: true, ruleDefinitions: [{ ...custom('a', 1, always), name: 'b' }] }, 'The ruleDefinitions[0].name must match the ruleProperties.event.type!'],
    ['an unknown rule type', { isActive: true, ruleDefinitions: [{ ...custom('a', 1, always), type: 'MAGIC' }] }, 'The ruleDefinitions[0].type must be CUSTOM or BASKET!'],
    ['a BASKET rule without its configuration', { isActive: true, ruleDefinitions: [{ type: 'BASKET', name: 'b', priority: 1, resultParams: { success: [], failure: [] } }] }, 'The ruleDefinitions[0].configuration is required for a BASKET rule!'],
    ['an unknown operator', { isActive: true, ruleDefinitions: [custom('a', 1, { all: [{ fact: 'request', operator: 'matches', value: 1 }] })] }, /ruleProperties\.conditions\.all\[0\]\.operator must be a known operator/],
  ])('answers 400 with the rules module\'s message for %s', async (_name, body, message) => {
    const response = await wll(app, '/transactions-rule-engine/rule-sets', { token: admin, ...(body === undefined ? { method: 'POST' as const } : { body }) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ status: 'fail', data: { name: 'BadRequestError', httpCode: 400, message: typeof message === 'string' ? message : expect.stringMatching(message) } });
  });
});
