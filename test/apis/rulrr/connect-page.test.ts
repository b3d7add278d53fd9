import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, DEMO_MERCHANT, query } from '../../helpers/build.js';
import { completeIntegration, createIntegration, retrieveTokens } from '../../helpers/rulrr.js';

let app: FastifyInstance;
let token: string;
beforeEach(async () => {
  app = await buildTestApp();
  token = await createIntegration(app);
});
afterEach(() => app.close());

const link = (params: Record<string, string> = { integration_token: token, client_id: 'pos-demo' }) =>
  `/rulrr/connect?${query(params)}`;
const submit = (form: Record<string, string>, url = link()) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ integration_token: token, client_id: 'pos-demo', ...form }).toString(),
  });
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const status = async () =>
  (
    await app.inject({
      method: 'GET',
      url: `/rulrr/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: token })}`,
    })
  ).json().status;

async function signIn() {
  const response = await submit({ action: 'sign_in', ...DEMO_MERCHANT });
  expect(response.statusCode).toBe(200);
  return response;
}

describe('Rulrr-Connect page', () => {
  it('serves a framable, cookie-free sign-in page with labelled fields', async () => {
    const response = await app.inject({ method: 'GET', url: link() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).toContain('<label for="email">Email</label>');
    expect(response.body).toContain('<label for="password">Password</label>');
    expect(response.body).toMatch(/<button[^>]*>Sign in<\/button>/);
    expect(response.body).toMatch(/<button[^>]*>Cancel<\/button>/);
    expect(response.body).toContain('Connect Demo POS to Rulrr');
  });

  it('works without client_id, as connect.rulrr.com/?integration_token=… does', async () => {
    expect((await app.inject({ method: 'GET', url: link({ integration_token: token }) })).statusCode).toBe(200);
  });

  it('says "Incorrect email or password" for a wrong password or an unknown email, keeping the email', async () => {
    for (const credentials of [
      { email: DEMO_MERCHANT.email, password: 'wrong' },
      { email: 'nobody@demo-store.test', password: 'demo1234' },
    ]) {
      const response = await submit({ action: 'sign_in', ...credentials });
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('Incorrect email or password');
      expect(response.body).toContain(`value="${credentials.email}"`);
    }
    expect(await status()).toBe('pending');
  });

  it('signs in, offers the stores with the first preselected, and connects with e-receipts on', async () => {
    const consent = await signIn();
    expect(consent.body).toContain('<label for="store">Store</label>');
    expect(consent.body).toContain('<option value="store-demo-downtown" selected>Demo Coffee — Downtown</option>');
    expect(consent.body).toContain('<option value="store-demo-airport">Demo Coffee — Airport</option>');
    expect(consent.body).toMatch(/<input id="ereceipt" name="ereceipt" type="checkbox"/);
    expect(consent.body).toContain('<label for="ereceipt">E-receipts</label>');

    const state = hidden(consent.body, 'state')!;
    const done = await submit({ action: 'connect', state, store_id: 'store-demo-airport', ereceipt: 'on' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Connected');
    expect(await status()).toBe('finished');
    const tokens = (await retrieveTokens(app, token)).json();
    expect(tokens.ereceipt).toBe(true);
    const store = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${tokens.accessToken}` });
    expect(store.json().store.storeId).toBe('store-demo-airport');
  });

  it('connects with e-receipts off when the box is not ticked', async () => {
    const state = hidden((await signIn()).body, 'state')!;
    await submit({ action: 'connect', state, store_id: 'store-demo-downtown' });
    expect((await retrieveTokens(app, token)).json().ereceipt).toBe(false);
  });

  it('refuses a tampered or foreign sign-in state and a store the merchant does not own', async () => {
    const state = hidden((await signIn()).body, 'state')!;
    const [payload, signature] = state.split('.');
    const forged = Buffer.from(JSON.stringify([1, 'someone-else', Date.now() + 1e9])).toString('base64url');
    const tampered = await submit({ action: 'connect', state: `${forged}.${signature}`, store_id: 'store-demo-downtown' });
    expect(tampered.statusCode).toBe(401);
    expect(tampered.body).toContain('sign in again');
    expect(payload).toBeTruthy();

    const otherToken = await createIntegration(app);
    const replayed = await submit(
      { integration_token: otherToken, action: 'connect', state, store_id: 'store-demo-downtown' },
      link({ integration_token: otherToken }),
    );
    expect(replayed.statusCode).toBe(401);

    const notMine = await submit({ action: 'connect', state, store_id: 'store-of-someone-else' });
    expect(notMine.statusCode).toBe(400);
    expect(notMine.body).toContain('Choose one of your stores.');
    expect(await status()).toBe('pending');
  });

  it('Cancel on either screen cancels the integration', async () => {
    const cancel = await submit({ action: 'cancel' });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.body).toContain('Connection cancelled');
    expect(await status()).toBe('cancelled');

    token = await createIntegration(app);
    const state = hidden((await signIn()).body, 'state')!;
    await submit({ action: 'cancel', state });
    expect(await status()).toBe('cancelled');
  });

  it('answers a 404 page for an unknown token or a client_id that does not match', async () => {
    for (const url of [link({ integration_token: 'rit_unknown' }), link({ integration_token: token, client_id: 'pos-other' })]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('Unknown link');
    }
  });

  it('answers a 400 page when the link has no integration_token', async () => {
    const response = await app.inject({ method: 'GET', url: '/rulrr/connect' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Incomplete link');
  });

  it.each([
    ['used', async () => completeIntegration(app, token), 'Link already used'],
    ['cancelled', async () => void (await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/cancel` })), 'Connection cancelled'],
    ['expired', async () => void (await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT15M' } })), 'Link expired'],
  ])('answers a 410 page for a %s token, also to a form post', async (_name, makeIt, title) => {
    await makeIt();
    const page = await app.inject({ method: 'GET', url: link() });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain(title);
    const post = await submit({ action: 'sign_in', ...DEMO_MERCHANT });
    expect(post.statusCode).toBe(410);
  });

  it('refuses to connect once the link expired between sign-in and Connect', async () => {
    const state = hidden((await signIn()).body, 'state')!;
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT16M' } });
    const late = await submit({ action: 'connect', state, store_id: 'store-demo-downtown' });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('Link expired');
    expect(await status()).toBe('cancelled');
  });

  it('escapes what it echoes back', async () => {
    const response = await submit({ action: 'sign_in', email: '"><script>alert(1)</script>', password: 'x' });
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('answers an HTML 400 page for an unknown action', async () => {
    const response = await submit({ action: 'explode' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});
