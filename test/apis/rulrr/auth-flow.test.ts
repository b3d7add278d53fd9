import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, query } from '../../helpers/build.js';
import { completeIntegration, connectedStore, createIntegration, retrieveTokens } from '../../helpers/rulrr.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

const status = (integrationToken: string, credentials: Record<string, string> = DEMO_CLIENT) =>
  app.inject({ method: 'GET', url: `/rulrr/v1/auth/integration?${query({ ...credentials, integration_token: integrationToken })}` });

const advanceClock = (advanceBy: string) =>
  app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy } });

describe('STEP 1 — POST /v1/auth/integration', () => {
  it('creates a long random integration token', async () => {
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({ success: true, integrationToken: expect.stringMatching(/^rit_[\w-]{43}$/) });
  });

  it('answers 400 for an unknown client_id', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/rulrr/v1/auth/integration?${query({ client_id: 'nobody', client_secret: 'x' })}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ success: false, error: 'invalid_client', message: 'Unknown client_id "nobody"' });
  });

  it('answers 403 for a wrong client_secret', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/rulrr/v1/auth/integration?${query({ client_id: 'pos-demo', client_secret: 'pos-demo-secreT' })}`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ success: false, error: 'invalid_client_secret' });
  });

  it.each([
    ['client_secret', { client_id: 'pos-demo' }],
    ['client_id', { client_secret: 'pos-demo-secret' }],
  ])('answers 400 missing_parameter when %s is missing', async (name, params) => {
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(params)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ success: false, error: 'missing_parameter', message: `query.${name} is required` });
  });

  it.each([
    ['client_id=pos-demo&client_id=pos-other&client_secret=x', 'query.client_id must be given once, as a string'],
    ['client_id=&client_secret=x', 'query.client_id must not be empty'],
  ])('answers 400 invalid_parameter for %s', async (params, message) => {
    const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${params}` });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ success: false, error: 'invalid_parameter', message });
  });

  it('tolerates Content-Type: application/json with an empty body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}`,
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('STEP 2 — GET /v1/auth/integration', () => {
  it('reads pending, then finished once Connect completes', async () => {
    const token = await createIntegration(app);
    expect((await status(token)).json()).toEqual({ success: true, status: 'pending' });
    await completeIntegration(app, token);
    expect((await status(token)).json()).toEqual({ success: true, status: 'finished' });
  });

  it('reads cancelled after a cancel', async () => {
    const token = await createIntegration(app);
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/cancel` });
    expect((await status(token)).json()).toEqual({ success: true, status: 'cancelled' });
  });

  it('reads cancelled when not finished within 15 minutes, and can no longer be finished', async () => {
    const token = await createIntegration(app);
    await advanceClock('PT14M59S');
    expect((await status(token)).json().status).toBe('pending');
    await advanceClock('PT2S');
    expect((await status(token)).json().status).toBe('cancelled');
    const complete = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/complete` });
    expect(complete.statusCode).toBe(409);
  });

  it('keeps a finished integration finished after 15 minutes', async () => {
    const token = await createIntegration(app);
    await completeIntegration(app, token);
    await advanceClock('PT1H');
    expect((await status(token)).json().status).toBe('finished');
  });

  it('answers 403 for an unknown integration token', async () => {
    const response = await status('rit_unknown');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ success: false, error: 'invalid_integration_token' });
  });

  it("answers 403 for another client's integration token", async () => {
    const token = await createIntegration(app);
    const response = await status(token, { client_id: 'pos-other', client_secret: 'pos-other-secret' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('invalid_integration_token');
  });

  it('answers 403 for a wrong client_secret and 400 for a missing integration_token', async () => {
    const token = await createIntegration(app);
    expect((await status(token, { client_id: 'pos-demo', client_secret: 'nope' })).statusCode).toBe(403);
    const missing = await app.inject({ method: 'GET', url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toBe('missing_parameter');
  });
});

describe('STEP 4 — GET /v1/auth/integration/token', () => {
  it('returns the tokens once, with a 365-day expiration and the e-receipt choice', async () => {
    const token = await createIntegration(app);
    await completeIntegration(app, token, { ereceipt: true });
    const { now } = (await app.inject({ method: 'GET', url: '/__admin/clock' })).json<{ now: string }>();
    const response = await retrieveTokens(app, token);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      success: true,
      accessToken: expect.stringMatching(/^rat_[\w-]{43}$/),
      refreshToken: expect.stringMatching(/^rrt_[\w-]{43}$/),
      expiration: expect.any(String),
      ereceipt: true,
    });
    const days = (Date.parse(body.expiration) - Date.parse(now)) / 86_400_000;
    expect(days).toBeGreaterThan(364.99);
    expect(days).toBeLessThan(365.01);
  });

  it('answers 409 while the integration is pending, and 409 once it was cancelled', async () => {
    const token = await createIntegration(app);
    const pending = await retrieveTokens(app, token);
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({ success: false, error: 'integration_not_finished' });
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/cancel` });
    const cancelled = await retrieveTokens(app, token);
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().message).toMatch(/cancelled/);
  });

  it('answers 410 to a second retrieval', async () => {
    const token = await createIntegration(app);
    await completeIntegration(app, token);
    expect((await retrieveTokens(app, token)).statusCode).toBe(200);
    const again = await retrieveTokens(app, token);
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ success: false, error: 'tokens_already_retrieved' });
  });

  it('answers 410 when the integration was revoked before its tokens were taken', async () => {
    const token = await createIntegration(app);
    await completeIntegration(app, token);
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/revoke` });
    const response = await retrieveTokens(app, token);
    expect(response.statusCode).toBe(410);
    expect(response.json().message).toMatch(/revoked/);
  });

  it('answers 403 for an unknown integration token and for a wrong secret', async () => {
    expect((await retrieveTokens(app, 'rit_nope')).statusCode).toBe(403);
    const token = await createIntegration(app);
    await completeIntegration(app, token);
    const wrongSecret = await app.inject({
      method: 'GET',
      url: `/rulrr/v1/auth/integration/token?${query({ client_id: 'pos-demo', client_secret: 'bad', integration_token: token })}`,
    });
    expect(wrongSecret.statusCode).toBe(403);
    // The failed attempt did not use up the one-time retrieval.
    expect((await retrieveTokens(app, token)).statusCode).toBe(200);
  });
});

describe('access tokens, refresh and revocation', () => {
  const stores = (accessToken: string) => app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}` });
  const refresh = (refreshToken: string, credentials: Record<string, string> = DEMO_CLIENT) =>
    app.inject({ method: 'POST', url: `/rulrr/v1/auth/token?${query({ ...credentials, refresh_token: refreshToken })}` });

  it('an access token works for 365 days and answers 403 after', async () => {
    const { accessToken } = await connectedStore(app);
    await advanceClock('P364DT23H');
    expect((await stores(accessToken)).statusCode).toBe(200);
    await advanceClock('PT1H');
    const expired = await stores(accessToken);
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toMatchObject({ success: false, error: 'invalid_access_token' });
  });

  it('refresh returns a new access token in the shape of STEP 4; the refresh token never expires', async () => {
    const tokens = await connectedStore(app, { ereceipt: true });
    await advanceClock('P800D');
    expect((await stores(tokens.accessToken)).statusCode).toBe(403);
    const response = await refresh(tokens.refreshToken);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      success: true,
      accessToken: expect.stringMatching(/^rat_/),
      refreshToken: tokens.refreshToken,
      expiration: expect.any(String),
      ereceipt: true,
    });
    expect(body.accessToken).not.toBe(tokens.accessToken);
    expect((await stores(body.accessToken)).statusCode).toBe(200);
  });

  it('refresh answers 403 for an unknown refresh token, an access token, or another client', async () => {
    const tokens = await connectedStore(app);
    expect((await refresh('rrt_unknown')).statusCode).toBe(403);
    expect((await refresh(tokens.accessToken)).json().error).toBe('invalid_refresh_token');
    expect((await refresh(tokens.refreshToken, { client_id: 'pos-other', client_secret: 'pos-other-secret' })).statusCode).toBe(403);
    expect((await refresh(tokens.refreshToken, { client_id: 'pos-demo', client_secret: 'wrong' })).statusCode).toBe(403);
    expect((await refresh(tokens.refreshToken, { client_id: 'ghost', client_secret: 'x' })).statusCode).toBe(400);
  });

  it('revocation kills the access and the refresh token', async () => {
    const tokens = await connectedStore(app);
    const refreshed = (await refresh(tokens.refreshToken)).json().accessToken as string;
    const revoke = await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${tokens.integrationToken}/revoke` });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ revoked: true, status: 'finished' });
    expect((await stores(tokens.accessToken)).statusCode).toBe(403);
    expect((await stores(refreshed)).statusCode).toBe(403);
    expect((await refresh(tokens.refreshToken)).statusCode).toBe(403);
  });

  it('accepts the access token as a Bearer header, and 403 without any token', async () => {
    const { accessToken } = await connectedStore(app);
    const bearer = await app.inject({ method: 'GET', url: '/rulrr/v1/stores', headers: { authorization: `Bearer ${accessToken}` } });
    expect(bearer.statusCode).toBe(200);
    const none = await app.inject({ method: 'GET', url: '/rulrr/v1/stores' });
    expect(none.statusCode).toBe(403);
    expect(none.json().error).toBe('invalid_access_token');
    const unknown = await stores('rat_made_up');
    expect(unknown.statusCode).toBe(403);
    const twice = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${accessToken}&access_token=${accessToken}` });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: 'invalid_parameter', message: 'query.access_token must be given once' });
  });
});
