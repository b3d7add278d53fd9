import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MERCHANT, DEMO_STORE_ID } from '../../../helpers/build.js';
import { contentType, hostileSegment, hostileString, likely, queryPairs, queryString } from './hostile-values.js';
import { generatedRequest, hostileHeaders, pendingIntegration, sandboxForThisFile, type GeneratedRequest } from './probe.js';

/**
 * The pages Rulrr hosts (the Connect page and the e-receipt), sent generated links and forms.
 * They answer HTML whatever happens, so a browser in the POS's iframe never shows raw JSON.
 */
const sandbox = sandboxForThisFile();
let receiptPath: string;

/** Stand-ins the generators use for what exists only at run time (found encoded in the request). */
const PENDING = '{{pending}}';
const STATE = '{{state}}';
const PENDING_ENCODED = encodeURIComponent(PENDING);
const STATE_ENCODED = encodeURIComponent(STATE);
let pending = { token: '', state: '' };

beforeAll(async () => {
  const placed = await sandbox.app.inject({
    method: 'POST',
    url: `/rulrr/v1/orders?access_token=${sandbox.tokens.accessToken}`,
    payload: { orderId: 'receipt-1', total: '1250', items: [{ name: 'Latte <b>', quantity: 2, price: '625' }], ereceipt: true },
  });
  receiptPath = new URL(placed.json<{ order: { ereceipt: { url: string } } }>().order.ereceipt.url).pathname;
});

async function integrationStatus(token: string): Promise<string | undefined> {
  if (!token) return undefined;
  const response = await sandbox.app.inject({ method: 'GET', url: `/__admin/rulrr/integrations/${token}` });
  return response.json<{ status?: string }>().status;
}

/** A pending integration, and a signed sign-in state for it when the request uses one. */
async function fillIn(request: GeneratedRequest): Promise<GeneratedRequest> {
  const text = `${request.url}${request.payload ?? ''}`;
  if (!text.includes(PENDING_ENCODED)) return request;
  if ((await integrationStatus(pending.token)) !== 'pending') pending = { token: await pendingIntegration(sandbox.app), state: '' };
  if (text.includes(STATE_ENCODED) && !pending.state) {
    const signedIn = await sandbox.app.inject({
      method: 'POST',
      url: '/rulrr/connect',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ integration_token: pending.token, action: 'sign_in', ...DEMO_MERCHANT }).toString(),
    });
    pending.state = /name="state" value="([^"]*)"/.exec(signedIn.body)?.[1] ?? '';
  }
  const fill = (value: string) => value.replaceAll(PENDING_ENCODED, pending.token).replaceAll(STATE_ENCODED, pending.state);
  return { ...request, url: fill(request.url), ...(request.payload !== undefined && { payload: fill(request.payload) }) };
}

const linkValues = () => ({
  integration_token: likely(PENDING, sandbox.tokens.integrationToken, `${sandbox.tokens.integrationToken}x`),
  client_id: likely('pos-demo', 'pos-other', ''),
});

describe('generated requests to the hosted pages', { timeout: 60_000 }, () => {
  it('GET /connect', async () => {
    const probe = sandbox.probe('GET /connect', 'html');
    const requests = generatedRequest({
      method: 'GET',
      path: '/rulrr/connect',
      query: queryPairs(['integration_token', 'client_id'], linkValues()),
      headers: hostileHeaders(),
    });
    const corpus = [{ method: 'GET' as const, url: `/rulrr/connect?integration_token=${'t'.repeat(15_000)}&client_id=pos-demo`, headers: {} }];
    await probe.run(requests, { seed: 401, corpus, prepare: fillIn });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('POST /connect', async () => {
    const probe = sandbox.probe('POST /connect', 'html');
    const form = queryPairs(['integration_token', 'client_id', 'action', 'email', 'password', 'state', 'store_id', 'ereceipt'], {
      ...linkValues(),
      action: fc.oneof({ arbitrary: fc.constantFrom('sign_in', 'connect'), weight: 8 }, fc.constant('cancel'), hostileString),
      email: likely(DEMO_MERCHANT.email, 'nobody@demo-store.test', ` ${DEMO_MERCHANT.email} `),
      password: likely(DEMO_MERCHANT.password, 'wrong'),
      state: likely(STATE, `${STATE}x`, 'e30.e30', '.'),
      store_id: likely(DEMO_STORE_ID, 'store-demo-airport', 'store-of-someone-else'),
      ereceipt: likely('on', 'true', ''),
    });
    const body = fc.oneof(
      { arbitrary: form.map((pairs) => ({ contentType: 'application/x-www-form-urlencoded', payload: queryString(pairs) })), weight: 6 },
      fc.record({ contentType, payload: form.map(queryString) }, { requiredKeys: [] }),
      fc.record({ contentType, payload: hostileString }, { requiredKeys: [] }),
    );
    const requests = generatedRequest({
      method: 'POST',
      path: '/rulrr/connect',
      query: queryPairs(['integration_token', 'client_id'], linkValues()),
      headers: hostileHeaders(),
      body,
    });
    await probe.run(requests, { seed: 402, prepare: fillIn });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('GET /receipts/:receiptId', async () => {
    const probe = sandbox.probe('GET /receipts', 'html');
    const requests = generatedRequest({
      method: 'GET',
      path: fc.oneof(
        { arbitrary: fc.constant(receiptPath), weight: 3 },
        hostileSegment.filter((segment) => segment !== '').map((segment) => `/rulrr/receipts/${segment}`),
      ),
      query: queryPairs(['receiptId', 'access_token']),
      headers: hostileHeaders(),
    });
    const corpus = [{ method: 'GET' as const, url: `/rulrr/receipts/${'r'.repeat(600)}`, headers: {} }];
    await probe.run(requests, { seed: 403, corpus });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });
});
