import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KANGAROO, newWorkspace, passwordGrantForm, passwordTokens, tokenByForm, tokenByJson } from '../../../helpers/kangaroo.js';

/*
 * POST /kangaroo/oauth/token over HTTP: the grants as Kangaroo's clients send them, and every
 * failure in OAuth2's shape (RFC 6749 §5.2) as Laravel Passport (league/oauth2-server 8.5) words it.
 */
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const INVALID_REQUEST =
  'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.';
const oauth = (error: string, description: string, hint?: string) =>
  hint === undefined ? { error, error_description: description, message: description } : { error, error_description: description, hint, message: description };

const magento = { grant_type: 'client_credentials', client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret, scope: 'admin' };
const password = passwordGrantForm();

const branchesWith = (accessToken: string) =>
  app.inject({
    method: 'GET',
    url: '/kangaroo/api/v1/branches',
    headers: { authorization: `Bearer ${accessToken}`, 'x-application-key': DEMO_KANGAROO.applicationKey },
  });

describe('the grants, as real clients send them', () => {
  it("client_credentials as Kangaroo's Magento extension sends it: JSON, Accept: */*, no X-Application-Key", async () => {
    const response = await tokenByJson(app, magento);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ token_type: 'Bearer', expires_in: 86400, access_token: expect.stringMatching(/^kat_[0-9a-f]{64}$/) });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect((await branchesWith(response.json().access_token)).statusCode).toBe(200);
  });

  it('the password grant form-encoded, application_key in the body, as the core docs show it', async () => {
    const response = await tokenByForm(app, password);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      token_type: 'Bearer',
      expires_in: 86400,
      access_token: expect.stringMatching(/^kat_[0-9a-f]{64}$/),
      refresh_token: expect.stringMatching(/^krt_[0-9a-f]{64}$/),
    });
  });

  it('the password grant as JSON, the application key as the X-Application-Key header', async () => {
    const { application_key: _key, ...body } = password;
    const response = await tokenByJson(app, body, { 'x-application-key': DEMO_KANGAROO.applicationKey });
    expect(response.statusCode).toBe(200);
    expect(response.json().refresh_token).toMatch(/^krt_/);
  });

  it('client credentials from an Authorization: Basic header', async () => {
    const basic = Buffer.from(`${DEMO_KANGAROO.clientId}:${DEMO_KANGAROO.clientSecret}`).toString('base64');
    const response = await tokenByForm(app, { grant_type: 'client_credentials', scope: 'admin' }, { authorization: `Basic ${basic}` });
    expect(response.statusCode).toBe(200);
  });

  it('the refresh_token grant, form-encoded and as JSON, each refresh token once', async () => {
    const first = await passwordTokens(app);
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret, scope: 'admin' };
    const second = await tokenByForm(app, refresh);
    expect(second.statusCode).toBe(200);
    expect((await branchesWith(first.access_token)).statusCode).toBe(401);
    expect((await branchesWith(second.json().access_token)).statusCode).toBe(200);
    const third = await tokenByJson(app, { ...refresh, refresh_token: second.json().refresh_token });
    expect(third.statusCode).toBe(200);
    const again = await tokenByJson(app, refresh);
    expect({ status: again.statusCode, body: again.json() }).toEqual({
      status: 401,
      body: oauth('invalid_request', 'The refresh token is invalid.', 'Token has been revoked'),
    });
  });

  it('is served at integrations.kangarooapis.com/oauth/token too', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { host: 'integrations.kangarooapis.com', 'content-type': 'application/json', accept: '*/*' },
      payload: JSON.stringify(magento),
    });
    expect(response.statusCode).toBe(200);
  });

  it('takes a JSON number as a client id, as Passport reads it', async () => {
    const response = await tokenByJson(app, { ...magento, client_id: 12 });
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 401, body: oauth('invalid_client', 'Client authentication failed') });
  });
});

describe('OAuth2 errors (RFC 6749 §5.2, in Passport\'s words)', () => {
  it.each<[string, Record<string, unknown>, number, ReturnType<typeof oauth>]>([
    ['no grant_type', { ...magento, grant_type: undefined }, 400, oauth('unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.', 'Check that all required parameters have been provided')],
    ['grant_type authorization_code', { ...magento, grant_type: 'authorization_code' }, 400, oauth('unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.', 'Check that all required parameters have been provided')],
    ['no client_id', { ...magento, client_id: undefined }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `client_id` parameter')],
    ['an empty client_id', { ...magento, client_id: '' }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `client_id` parameter')],
    ['a wrong secret', { ...magento, client_secret: 'nope' }, 401, oauth('invalid_client', 'Client authentication failed')],
    ['an unknown client', { ...magento, client_id: 'nobody' }, 401, oauth('invalid_client', 'Client authentication failed')],
    ['no scope', { ...magento, scope: undefined }, 400, oauth('invalid_scope', 'The requested scope is invalid, unknown, or malformed', 'Specify a scope in the request or set a default scope')],
    ['scope read', { ...magento, scope: 'read' }, 400, oauth('invalid_scope', 'The requested scope is invalid, unknown, or malformed', 'Check the `read` scope')],
    ['a wrong password', { ...password, password: 'demo12345' }, 400, oauth('invalid_grant', 'The user credentials were incorrect.')],
    ['no username', { ...password, username: undefined }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `username` parameter')],
    ['the password grant without an application key', { ...password, application_key: undefined }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `application_key` parameter')],
    ['an unknown application key', { ...password, application_key: 'kak_unknown' }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `application_key` parameter')],
    ['no refresh_token', { ...magento, grant_type: 'refresh_token' }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `refresh_token` parameter')],
    ['an unknown refresh token', { ...magento, grant_type: 'refresh_token', refresh_token: 'krt_00' }, 401, oauth('invalid_request', 'The refresh token is invalid.', 'Cannot decrypt the refresh token')],
    ['a parameter that is an object', { ...magento, scope: { admin: true } }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `scope` parameter')],
    ['a parameter over 2048 characters', { ...magento, client_secret: 's'.repeat(2049) }, 400, oauth('invalid_request', INVALID_REQUEST, 'Check the `client_secret` parameter')],
  ])('%s', async (_case, body, status, expected) => {
    const response = await tokenByJson(app, body);
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status, body: expected });
  });

  it('answers invalid_client with a WWW-Authenticate challenge when Basic credentials were sent', async () => {
    const basic = Buffer.from(`${DEMO_KANGAROO.clientId}:wrong`).toString('base64');
    const response = await tokenByForm(app, { grant_type: 'client_credentials', scope: 'admin' }, { authorization: `Basic ${basic}` });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="OAuth"');
  });

  it('answers a form parameter sent twice with invalid_request naming it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/kangaroo/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=a&client_id=b&client_secret=x&scope=admin',
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status: 400, body: oauth('invalid_request', INVALID_REQUEST, 'Check the `client_id` parameter') });
  });

  it('answers an X-Application-Key sent as two headers with invalid_request', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/kangaroo/oauth/token',
      headers: { 'content-type': 'application/json', 'x-application-key': [DEMO_KANGAROO.applicationKey, DEMO_KANGAROO.applicationKey] },
      payload: JSON.stringify({ ...password, application_key: undefined }),
    });
    expect(response.json().hint).toBe('Check the `application_key` parameter');
  });

  it.each([
    ['malformed JSON', 'application/json', '{"grant_type":', 400, 'The request body is not valid JSON'],
    ['a JSON array', 'application/json', '[]', 400, undefined],
    ['another Content-Type', 'text/xml', '<grant_type/>', 415, undefined],
  ])('answers %s in OAuth2\'s shape', async (_case, contentType, payload, status, hint) => {
    const response = await app.inject({ method: 'POST', url: '/kangaroo/oauth/token', headers: { 'content-type': contentType }, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: 'invalid_request', error_description: INVALID_REQUEST, hint: hint ?? expect.any(String), message: INVALID_REQUEST });
  });

  it('takes Content-Type: application/json with an empty body as no parameters at all', async () => {
    const response = await app.inject({ method: 'POST', url: '/kangaroo/oauth/token', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('unsupported_grant_type');
  });

  it('answers a body over 1 MiB with 413 in OAuth2\'s shape', async () => {
    const response = await tokenByJson(app, { ...magento, padding: 'x'.repeat(1_100_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'invalid_request', hint: expect.stringMatching(/1 MiB/) });
  });
});

describe('lifetimes on the workspace\'s sandbox clock', () => {
  const move = (advanceBy: string, workspace = 'demo') =>
    app.inject({ method: 'POST', url: `/__admin/clock?workspace=${workspace}`, payload: { advanceBy } });
  const restore = (workspace = 'demo') => app.inject({ method: 'DELETE', url: `/__admin/clock?workspace=${workspace}` });

  it('an access token opens the API for 24 hours, then answers 401 Unauthenticated.', async () => {
    const { access_token } = await passwordTokens(app);
    try {
      await move('PT23H59M');
      expect((await branchesWith(access_token)).statusCode).toBe(200);
      await move('PT1M');
      const expired = await branchesWith(access_token);
      expect({ status: expired.statusCode, body: expired.json() }).toEqual({
        status: 401,
        body: { error: { status_code: 401, message: 'Unauthenticated.', description: 'Unauthenticated.' } },
      });
    } finally {
      await restore();
    }
  });

  it('a refresh token lapses 30 days after issue, unused', async () => {
    const { refresh_token } = await passwordTokens(app);
    const refresh = { grant_type: 'refresh_token', refresh_token, client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret };
    try {
      await move('P30D');
      const lapsed = await tokenByForm(app, refresh);
      expect({ status: lapsed.statusCode, body: lapsed.json() }).toEqual({
        status: 401,
        body: oauth('invalid_request', 'The refresh token is invalid.', 'Token has expired'),
      });
    } finally {
      await restore();
    }
  });

  it('a refresh token still works a minute before it lapses, and another workspace\'s clock moves nothing', async () => {
    const other = await newWorkspace(app);
    const { refresh_token, access_token } = await passwordTokens(app);
    try {
      await move('P60D', other.id);
      expect((await branchesWith(access_token)).statusCode).toBe(200);
      await move('P29DT23H59M');
      const renewed = await tokenByForm(app, { grant_type: 'refresh_token', refresh_token, client_id: DEMO_KANGAROO.clientId, client_secret: DEMO_KANGAROO.clientSecret });
      expect(renewed.statusCode).toBe(200);
    } finally {
      await restore();
    }
  });
});
