import { describe, expect, it } from 'vitest';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import { authorizeClaim, requireAdmin, requireUser } from '../../../../src/apis/wll/auth/authorization.js';
import type { WllPrincipal } from '../../../../src/apis/wll/auth/principal.js';

const principal = (type: 'user' | 'admin', scopes: string[]): WllPrincipal => ({
  type,
  authIdentifier: type === 'admin' ? 'pos-backend' : 'user-1',
  scopes,
  issuer: 'https://auth.receipts.sandbox.test/demo/',
  expiresAt: '2030-01-01T00:00:00.000Z',
});
const user = principal('user', []);
const admin = principal('admin', ['admin:receipts']);

function failure(run: () => unknown): WllAuthError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WllAuthError);
    return error as WllAuthError;
  }
  throw new Error('expected a refusal');
}

describe('the three authorization levels', () => {
  it('👤 a user route lets any valid token in and refuses none with 401', () => {
    expect(requireUser(user)).toBe(user);
    expect(requireUser(admin)).toBe(admin);
    expect(failure(() => requireUser(undefined)).kind).toBe('unauthorized');
  });

  it('🔐 an admin route needs scope admin:receipts: no token → 401, a user token → 403', () => {
    expect(requireAdmin(admin)).toBe(admin);
    expect(failure(() => requireAdmin(undefined))).toMatchObject({
      kind: 'unauthorized',
      message: 'This method needs an admin token with scope admin:receipts: send Authorization: Bearer <token>',
    });
    expect(failure(() => requireAdmin(user))).toMatchObject({
      kind: 'forbidden',
      message: 'This method needs a token with scope admin:receipts; the token of "user-1" has no scopes',
    });
    expect(failure(() => requireAdmin(principal('user', ['read:receipts']))).message).toMatch(/has scope "read:receipts"$/);
  });
});

describe('POST /receipts: user or admin authorization', () => {
  it('an admin token claims for the submitter the body names, in either mode', () => {
    expect(authorizeClaim(admin, { preparsed: false, submitter: 'user-9' })).toBe('user-9');
    expect(authorizeClaim(admin, { preparsed: true, submitter: 'user-9' })).toBe('user-9');
  });

  it('a user token claims for its own user in default mode', () => {
    expect(authorizeClaim(user, { preparsed: false, submitter: 'user-1' })).toBe('user-1');
  });

  it('a user token may not claim in another user\'s name (403)', () => {
    expect(failure(() => authorizeClaim(user, { preparsed: false, submitter: 'user-9' }))).toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/the token is "user-1", submitter.authIdentifier is "user-9"/),
    });
  });

  it('preparsed mode refuses user tokens (403) and missing tokens (401)', () => {
    expect(failure(() => authorizeClaim(user, { preparsed: true, submitter: 'user-1' })).kind).toBe('forbidden');
    expect(failure(() => authorizeClaim(undefined, { preparsed: true, submitter: 'user-1' })).kind).toBe('unauthorized');
  });
});
