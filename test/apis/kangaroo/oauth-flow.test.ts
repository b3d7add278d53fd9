import { beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_LIFETIME_S, REFRESH_TOKEN_LIFETIME_MS } from '../../../src/apis/kangaroo/oauth-flow.js';
import { TokenRepository } from '../../../src/apis/kangaroo/db/token-repository.js';
import { tokenRequestBody, type TokenRequestBody } from '../../../src/apis/kangaroo/schemas/oauth.js';
import { hashToken } from '../../../src/lib/secrets.js';
import { apiErrorOf, kangarooWorld, OTHER_WORKSPACE, passwordGrant, type KangarooWorld } from './world.js';

let world: KangarooWorld;
beforeEach(() => {
  world = kangarooWorld();
});

const HOUR = 60 * 60 * 1000;

function issue(body: Record<string, unknown>, headers = {}) {
  return world.services.oauth.issueToken(tokenRequestBody.parse(body), headers);
}

function clientCredentials(overrides: Partial<TokenRequestBody> = {}) {
  return {
    grant_type: 'client_credentials',
    client_id: world.demo.clientId,
    client_secret: world.demo.clientSecret,
    scope: 'admin',
    ...overrides,
  };
}

function oauthFailure(work: () => unknown) {
  const error = apiErrorOf(work);
  return { status: error.statusCode, code: error.code, hint: (error.details as { hint?: string }).hint };
}

function authenticates(accessToken: string, applicationKey = world.demo.applicationKey) {
  try {
    world.services.callers.authenticate({ applicationKey, authorization: `Bearer ${accessToken}` });
    return true;
  } catch {
    return false;
  }
}

describe('client_credentials grant (JSON, as the Magento extension sends it)', () => {
  it('issues a 24-hour bearer token and no refresh token', () => {
    const tokens = issue(clientCredentials());
    expect(tokens).toEqual({ token_type: 'Bearer', expires_in: 86400, access_token: expect.stringMatching(/^kat_[0-9a-f]{64}$/) });
    expect(authenticates(tokens.access_token)).toBe(true);
  });

  it('reads a numeric client id as its digits, as Passport does', () => {
    expect(oauthFailure(() => issue(clientCredentials({ client_id: 12 as unknown as string })))).toMatchObject({ code: 'invalid_client' });
  });

  it('takes the client from an Authorization: Basic header when the body has none', () => {
    const basic = Buffer.from(`${world.demo.clientId}:${world.demo.clientSecret}`).toString('base64');
    const tokens = issue({ grant_type: 'client_credentials', scope: 'admin' }, { authorization: `Basic ${basic}` });
    expect(tokens.access_token).toMatch(/^kat_[0-9a-f]{64}$/);
  });

  it.each<[string, (w: KangarooWorld) => Partial<TokenRequestBody>]>([
    ['a wrong secret', () => ({ client_secret: 'kangaroo-demo-secreT' })],
    ['no secret', () => ({ client_secret: undefined })],
    ['an unknown client', () => ({ client_id: 'nobody' })],
    ['another workspace\'s client id with this secret', (w) => ({ client_id: w.other.clientId })],
  ])('answers invalid_client 401 for %s', (_case, overrides) => {
    expect(oauthFailure(() => issue(clientCredentials(overrides(world))))).toEqual({ status: 401, code: 'invalid_client', hint: undefined });
  });

  it.each([undefined, ''])('answers invalid_request naming client_id when it is %j', (clientId) => {
    expect(oauthFailure(() => issue(clientCredentials({ client_id: clientId })))).toEqual({
      status: 400,
      code: 'invalid_request',
      hint: 'Check the `client_id` parameter',
    });
  });

  it.each([
    [undefined, 'Specify a scope in the request or set a default scope'],
    ['', 'Specify a scope in the request or set a default scope'],
    ['read', 'Check the `read` scope'],
    ['admin write', 'Check the `write` scope'],
  ])('answers invalid_scope 400 for scope %j', (scope, hint) => {
    expect(oauthFailure(() => issue(clientCredentials({ scope })))).toEqual({ status: 400, code: 'invalid_scope', hint });
  });

  it('accepts the admin scope with extra spaces around it', () => {
    expect(issue(clientCredentials({ scope: ' admin ' })).token_type).toBe('Bearer');
  });

  it('refuses an application key that is not the workspace\'s when one is sent', () => {
    expect(oauthFailure(() => issue(clientCredentials(), { applicationKey: world.other.applicationKey }))).toEqual({
      status: 400,
      code: 'invalid_request',
      hint: 'Check the `application_key` parameter',
    });
  });
});

describe('grant_type', () => {
  it.each([undefined, '', 'authorization_code', 'implicit', 'PASSWORD'])('answers unsupported_grant_type 400 for %j', (grant) => {
    expect(oauthFailure(() => issue(clientCredentials({ grant_type: grant })))).toEqual({
      status: 400,
      code: 'unsupported_grant_type',
      hint: 'Check that all required parameters have been provided',
    });
  });

  it('checks the grant type before the client', () => {
    expect(oauthFailure(() => issue({ grant_type: 'nope', client_id: 'nobody' })).code).toBe('unsupported_grant_type');
  });
});

describe('password grant', () => {
  it('issues an access token and a refresh token', () => {
    const tokens = passwordGrant(world, world.demo);
    expect(tokens).toEqual({
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: expect.stringMatching(/^kat_[0-9a-f]{64}$/),
      refresh_token: expect.stringMatching(/^krt_[0-9a-f]{64}$/),
    });
    expect(authenticates(tokens.access_token)).toBe(true);
  });

  it('matches the username case-insensitively', () => {
    expect(passwordGrant(world, world.demo, { username: 'Owner@Demo-Business.test' }).access_token).toMatch(/^kat_[0-9a-f]{64}$/);
  });

  it('takes the application key from the X-Application-Key header too', () => {
    const body = {
      grant_type: 'password',
      client_id: world.demo.clientId,
      client_secret: world.demo.clientSecret,
      username: world.demo.username,
      password: world.demo.password,
      scope: 'admin',
    };
    expect(issue(body, { applicationKey: world.demo.applicationKey }).refresh_token).toMatch(/^krt_[0-9a-f]{64}$/);
  });

  it.each([
    ['a wrong password', { password: 'demo12345' }],
    ['an unknown user', { username: 'someone@demo-business.test' }],
    ['the other workspace\'s user', { username: `owner+${OTHER_WORKSPACE}@kangaroo.sandbox.test` }],
  ])('answers invalid_grant 400 "The user credentials were incorrect." for %s', (_case, overrides) => {
    const error = apiErrorOf(() => passwordGrant(world, world.demo, overrides));
    expect([error.statusCode, error.code, error.message]).toEqual([400, 'invalid_credentials', 'The user credentials were incorrect.']);
  });

  it.each(['username', 'password', 'application_key'])('answers invalid_request naming %s when it is missing', (name) => {
    expect(oauthFailure(() => passwordGrant(world, world.demo, { [name]: '' }))).toEqual({
      status: 400,
      code: 'invalid_request',
      hint: `Check the \`${name}\` parameter`,
    });
  });

  it('refuses an application key of another workspace', () => {
    expect(oauthFailure(() => passwordGrant(world, world.demo, { application_key: world.other.applicationKey })).hint).toBe(
      'Check the `application_key` parameter',
    );
  });

  it('checks the scope before the user', () => {
    expect(oauthFailure(() => passwordGrant(world, world.demo, { scope: '', password: 'wrong' })).code).toBe('invalid_scope');
  });
});

describe('refresh_token grant', () => {
  const refresh = (refreshToken: string, overrides: Partial<TokenRequestBody> = {}) =>
    issue({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: world.demo.clientId,
      client_secret: world.demo.clientSecret,
      scope: 'admin',
      ...overrides,
    });

  it('issues a new pair and revokes the access token issued with the old refresh token', () => {
    const first = passwordGrant(world, world.demo);
    const second = refresh(first.refresh_token!);
    expect(second.refresh_token).toMatch(/^krt_[0-9a-f]{64}$/);
    expect(second.access_token).not.toBe(first.access_token);
    expect(authenticates(first.access_token)).toBe(false);
    expect(authenticates(second.access_token)).toBe(true);
  });

  it('keeps other access tokens of the same user alive', () => {
    const first = passwordGrant(world, world.demo);
    const unrelated = passwordGrant(world, world.demo);
    refresh(first.refresh_token!);
    expect(authenticates(unrelated.access_token)).toBe(true);
  });

  it('is single-use: the same refresh token a second time is revoked', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    const second = refresh(refresh_token!);
    expect(oauthFailure(() => refresh(refresh_token!))).toEqual({ status: 401, code: 'invalid_refresh_token', hint: 'Token has been revoked' });
    expect(authenticates(second.access_token)).toBe(true);
  });

  it('lets exactly one of two consumers of the same refresh token win the conditional update', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    const repository = new TokenRepository(world.db);
    const now = world.clock.now('demo');
    const outcomes = [repository.consumeRefreshToken('demo', hashToken(refresh_token!), now), repository.consumeRefreshToken('demo', hashToken(refresh_token!), now)];
    expect(outcomes).toEqual([true, false]);
    expect(oauthFailure(() => refresh(refresh_token!)).hint).toBe('Token has been revoked');
  });

  it('defaults the scope to the refreshed token\'s and refuses another one', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    expect(oauthFailure(() => refresh(refresh_token!, { scope: 'admin write' }))).toMatchObject({ code: 'invalid_scope' });
    expect(refresh(refresh_token!, { scope: undefined }).access_token).toMatch(/^kat_[0-9a-f]{64}$/);
  });

  it('lapses 30 days after it was issued, unused', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    world.clock.advance('demo', REFRESH_TOKEN_LIFETIME_MS);
    expect(oauthFailure(() => refresh(refresh_token!))).toEqual({ status: 401, code: 'invalid_refresh_token', hint: 'Token has expired' });
  });

  it('still works a moment before it lapses, and the new one lives another 30 days', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    world.clock.advance('demo', REFRESH_TOKEN_LIFETIME_MS - 1000);
    const renewed = refresh(refresh_token!);
    world.clock.advance('demo', REFRESH_TOKEN_LIFETIME_MS - 1000);
    expect(refresh(renewed.refresh_token!).access_token).toMatch(/^kat_[0-9a-f]{64}$/);
  });

  it.each([
    ['an unknown token', 'krt_00', 'Cannot decrypt the refresh token'],
    ['an access token', 'ACCESS', 'Cannot decrypt the refresh token'],
  ])('answers invalid_refresh_token for %s', (_case, token, hint) => {
    const presented = token === 'ACCESS' ? passwordGrant(world, world.demo).access_token : token;
    expect(oauthFailure(() => refresh(presented))).toEqual({ status: 401, code: 'invalid_refresh_token', hint });
  });

  it('refuses a refresh token presented by another workspace\'s client', () => {
    const { refresh_token } = passwordGrant(world, world.demo);
    const failure = oauthFailure(() => refresh(refresh_token!, { client_id: world.other.clientId, client_secret: world.other.clientSecret }));
    expect(failure).toEqual({ status: 401, code: 'invalid_refresh_token', hint: 'Cannot decrypt the refresh token' });
  });

  it('refuses a refresh token presented by another client of the same workspace', () => {
    world.db
      .prepare("INSERT INTO kangaroo_oauth_clients (workspace_id, client_id, name, secret_hash) VALUES ('demo', 'second-app', 'Second', ?)")
      .run(hashToken('second-secret'));
    const { refresh_token } = passwordGrant(world, world.demo);
    const failure = oauthFailure(() => refresh(refresh_token!, { client_id: 'second-app', client_secret: 'second-secret' }));
    expect(failure.hint).toBe('Token is not linked to client');
  });

  it('answers invalid_request naming refresh_token when it is missing', () => {
    expect(oauthFailure(() => refresh(''))).toEqual({ status: 400, code: 'invalid_request', hint: 'Check the `refresh_token` parameter' });
  });
});

describe('access token lifetime on the workspace clock', () => {
  it('opens the API for 24 hours, then answers 401', () => {
    const { access_token } = passwordGrant(world, world.demo);
    world.clock.advance('demo', 24 * HOUR - 1000);
    expect(authenticates(access_token)).toBe(true);
    world.clock.advance('demo', 1000);
    expect(authenticates(access_token)).toBe(false);
  });

  it('is not moved by another workspace\'s clock', () => {
    const { access_token } = passwordGrant(world, world.demo);
    world.clock.advance(OTHER_WORKSPACE, 48 * HOUR);
    expect(authenticates(access_token)).toBe(true);
  });
});

describe('tokens are stored as hashes only', () => {
  it('keeps no token in the clear', () => {
    const tokens = passwordGrant(world, world.demo);
    const dump = JSON.stringify([
      world.db.prepare('SELECT * FROM kangaroo_access_tokens').all(),
      world.db.prepare('SELECT * FROM kangaroo_refresh_tokens').all(),
      world.db.prepare('SELECT * FROM kangaroo_oauth_clients').all(),
      world.db.prepare('SELECT * FROM kangaroo_application_keys').all(),
      world.db.prepare('SELECT * FROM kangaroo_users').all(),
    ]);
    for (const secret of [tokens.access_token, tokens.refresh_token!, world.demo.clientSecret, world.demo.applicationKey, world.demo.password]) {
      expect(dump).not.toContain(secret);
    }
  });
});
