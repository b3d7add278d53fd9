import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import { ADMIN_SCOPE, AUDIENCE, MAX_TOKEN_LENGTH, issuerFor } from '../../../../src/apis/wll/auth/token-format.js';
import type { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { T0, authFixture, b64, seconds, signWithWorkspaceKey, standardClaims } from './auth-fixture.js';

let auth: WllAuth;
beforeAll(() => {
  auth = authFixture().auth;
});

const at = (now: Date, workspaceId = 'ws-a') => ({ workspaceId, now });

async function refusal(promise: Promise<unknown>): Promise<WllAuthError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WllAuthError);
  return error as WllAuthError;
}

describe('minting and verifying WLL tokens', () => {
  it('a user token round-trips to its user, with no scopes', async () => {
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'user-1', name: 'Jane Doe' }, T0);
    await expect(auth.verify(token, at(T0))).resolves.toEqual({
      type: 'user',
      authIdentifier: 'user-1',
      scopes: [],
      name: 'Jane Doe',
      issuer: issuerFor('ws-a'),
      expiresAt: seconds(T0, 3600).toISOString(),
    });
  });

  it('an admin token carries the admin:receipts scope', async () => {
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos-backend', expiresIn: 60 }, T0);
    const principal = await auth.verify(token, at(T0));
    expect(principal).toMatchObject({ type: 'admin', authIdentifier: 'pos-backend', scopes: [ADMIN_SCOPE] });
    expect(principal.expiresAt).toBe(seconds(T0, 60).toISOString());
    expect(principal).not.toHaveProperty('name');
  });

  it('writes the documented header and claims, the workspace id in wll_ws and the issuer', async () => {
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos-backend' }, T0);
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const jwks = await auth.jwks('ws-a', T0);
    expect(jwks.keys.map((k) => k.kid)).toEqual([header.kid]);
    const iat = Math.floor(T0.getTime() / 1000);
    expect(decodeJwt(token)).toEqual({
      iss: 'https://auth.receipts.sandbox.test/ws-a/',
      aud: AUDIENCE,
      sub: 'pos-backend',
      wll_ws: 'ws-a',
      scope: ADMIN_SCOPE,
      iat,
      exp: iat + 3600,
    });
  });

  it('counts iat and exp on the sandbox clock it is given, not real time', async () => {
    const farFuture = new Date('2031-01-01T00:00:00.000Z');
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'user-1', expiresIn: 10 }, farFuture);
    expect(decodeJwt(token).iat).toBe(farFuture.getTime() / 1000);
    await expect(auth.verify(token, at(seconds(farFuture, 9)))).resolves.toMatchObject({ authIdentifier: 'user-1' });
  });

  it('refuses to mint outside the limits the token route documents', async () => {
    const mint = (extra: object) => auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'u', ...extra }, T0);
    await expect(mint({ expiresIn: 0 })).rejects.toThrow(RangeError);
    await expect(mint({ expiresIn: 1.5 })).rejects.toThrow(/whole number/);
    await expect(mint({ expiresIn: 11 * 365 * 86400 })).rejects.toThrow(/expiresIn/);
    await expect(mint({ authIdentifier: '' })).rejects.toThrow(/authIdentifier/);
    await expect(mint({ name: 'n'.repeat(257) })).rejects.toThrow(/name/);
    await expect(mint({ type: 'root' })).rejects.toThrow(/type/);
  });
});

describe('tokens that are refused', () => {
  it('an expired token fails once the workspace clock reaches exp, saying when it expired', async () => {
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'user-1' }, T0);
    await expect(auth.verify(token, at(seconds(T0, 3599)))).resolves.toBeDefined();
    const error = await refusal(auth.verify(token, at(seconds(T0, 3600))));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      `The token expired at ${seconds(T0, 3600).toISOString()}; the sandbox clock of workspace "ws-a" reads ${seconds(T0, 3600).toISOString()}`,
    );
  });

  it('a token minted by another workspace fails: its key is not this workspace\'s', async () => {
    const token = await auth.mint({ workspaceId: 'ws-b', type: 'admin', authIdentifier: 'pos-backend' }, T0);
    const error = await refusal(auth.verify(token, at(T0, 'ws-a')));
    expect(error.message).toMatch(/not signed by a key of workspace "ws-a": it was minted for another workspace/);
  });

  it('a token with an altered payload fails its signature check', async () => {
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'user-1' }, T0);
    const [header, payload, signature] = token.split('.');
    const promoted = b64({ ...decodeJwt(token), scope: ADMIN_SCOPE });
    expect(payload).not.toBe(promoted);
    const error = await refusal(auth.verify(`${header}.${promoted}.${signature}`, at(T0)));
    expect(error.message).toMatch(/signature does not verify with the key of workspace "ws-a"/);
  });

  it('an unsigned token ("alg": "none") fails', async () => {
    const { kid } = decodeProtectedHeader(await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'u' }, T0));
    const token = `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64({ ...standardClaims('ws-a'), scope: ADMIN_SCOPE })}.`;
    const error = await refusal(auth.verify(token, at(T0)));
    expect(error.message).toBe('The token is unsigned ("alg": "none"); WLL tokens are signed with RS256 only');
  });

  it('an HS256 token keyed with the public key fails (algorithm confusion)', async () => {
    const { keys } = await auth.jwks('ws-a', T0);
    const publicJwk = keys[0]!;
    for (const secret of [JSON.stringify(publicJwk), publicJwk.n!]) {
      const token = await new SignJWT({ ...standardClaims('ws-a'), scope: ADMIN_SCOPE })
        .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid })
        .sign(new TextEncoder().encode(secret));
      const error = await refusal(auth.verify(token, at(T0)));
      expect(error.message).toBe('The token is signed with "HS256"; WLL tokens are signed with RS256 only');
    }
  });

  it.each([
    ['another audience', { aud: 'https://api.example.com' }, 'The token is meant for "https://api.example.com", not for https://api.receipts.wlloyalty.net'],
    ['no audience', { aud: undefined }, 'The token has no "aud" claim'],
    [
      'another workspace\'s issuer',
      { iss: issuerFor('ws-b') },
      `The token was issued by "${issuerFor('ws-b')}", not by ${issuerFor('ws-a')} (the issuer of workspace "ws-a")`,
    ],
    ['no exp', { exp: undefined }, 'The token has no "exp" claim'],
    ['no sub', { sub: undefined }, 'The token has no "sub" claim'],
    ['a wll_ws of another workspace', { wll_ws: 'ws-b' }, 'The token\'s "wll_ws" claim does not name workspace "ws-a"'],
    ['a numeric scope', { scope: 7 }, 'The token\'s "scope" claim must be a space-separated string'],
    ['an exp that is not a number', { exp: 'tomorrow' }, 'The token\'s "exp" claim is invalid: "exp" claim must be a number'],
    ['an exp no date can show', { exp: 1e15 }, 'The token\'s "exp" claim must be a whole number of seconds within the range of dates'],
    ['an object as name', { name: { first: 'Jane' } }, 'The token\'s "name" claim must be a string of at most 256 characters'],
  ])('a token signed by the workspace\'s own key with %s fails', async (_, change, message) => {
    const token = await signWithWorkspaceKey(auth, 'ws-a', { ...standardClaims('ws-a'), ...change });
    const error = await refusal(auth.verify(token, at(T0)));
    expect(error).toMatchObject({ kind: 'unauthorized', message });
  });

  it('a token whose nbf lies ahead of the workspace clock is not valid yet', async () => {
    const token = await signWithWorkspaceKey(auth, 'ws-a', { ...standardClaims('ws-a'), nbf: Math.floor(T0.getTime() / 1000) + 60 });
    const error = await refusal(auth.verify(token, at(T0)));
    expect(error.message).toBe(
      `The token is not valid before ${seconds(T0, 60).toISOString()}; the sandbox clock of workspace "ws-a" reads ${T0.toISOString()}`,
    );
    await expect(auth.verify(token, at(seconds(T0, 60)))).resolves.toMatchObject({ authIdentifier: 'user-1' });
  });

  it('a token without a kid header fails, naming what is missing', async () => {
    const token = await signWithWorkspaceKey(auth, 'ws-a', standardClaims('ws-a'), { kid: undefined });
    expect((await refusal(auth.verify(token, at(T0)))).message).toBe('The token has no "kid" header naming the key that signed it');
  });

  it.each([
    ['an empty token', '', 'The bearer token is empty'],
    ['a word', 'hello', 'The bearer token is not a JWT: expected three base64url parts separated by dots'],
    ['two parts', 'eyJhbGciOiJSUzI1NiJ9.e30', 'The bearer token is not a JWT: expected three base64url parts separated by dots'],
    ['four parts', 'a.b.c.d', 'The bearer token is not a JWT: expected three base64url parts separated by dots'],
    ['padding', 'eyJhbGciOiJSUzI1NiJ9.e30=.c2ln', 'The bearer token is not a JWT: expected three base64url parts separated by dots'],
    ['spaces', 'a .b.c', 'The bearer token is not a JWT: expected three base64url parts separated by dots'],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.e30.c2ln`, 'The token is malformed: JWS Protected Header is invalid'],
    ['a header without alg', `${b64({ kid: 'x' })}.e30.c2ln`, 'The token is malformed: JWS "alg" (Algorithm) Header Parameter missing or invalid'],
    ['a header that is an array', `${b64([1])}.e30.c2ln`, 'The token is malformed: JWS Protected Header is invalid'],
    ['an unknown kid', `${b64({ alg: 'RS256', kid: 'nope' })}.${b64(standardClaims('ws-a'))}.c2ln`, 'The token was not signed by a key of workspace "ws-a": it was minted for another workspace, or before this workspace was reset'],
  ])('%s is refused as unauthorized', async (_, token, message) => {
    const error = await refusal(auth.verify(token, at(T0)));
    expect(error).toMatchObject({ kind: 'unauthorized', message });
  });

  it('an oversized token is refused by its length before any parsing', async () => {
    const huge = `${b64({ alg: 'RS256' })}.${'A'.repeat(MAX_TOKEN_LENGTH)}.sig`;
    const error = await refusal(auth.verify(huge, at(T0)));
    expect(error.message).toBe(`The bearer token is ${huge.length} characters long; the sandbox accepts at most 8192`);
  });
});
