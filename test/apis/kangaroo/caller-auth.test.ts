import { beforeEach, describe, expect, it } from 'vitest';
import { apiErrorOf, kangarooWorld, OTHER_WORKSPACE, passwordGrant, type KangarooWorld } from './world.js';

let world: KangarooWorld;
beforeEach(() => {
  world = kangarooWorld();
});

function unauthenticated(credentials: { applicationKey?: string | string[]; authorization?: string }) {
  const error = apiErrorOf(() => world.services.callers.authenticate(credentials));
  return { status: error.statusCode, message: error.message, description: (error.details as { description?: string }).description };
}

describe('every /api/v1 call needs X-Application-Key and a bearer token', () => {
  it('resolves a live token and its workspace\'s key to the caller', () => {
    const { access_token } = passwordGrant(world, world.demo);
    const caller = world.services.callers.authenticate({ applicationKey: world.demo.applicationKey, authorization: `Bearer ${access_token}` });
    expect(caller).toEqual({ workspaceId: 'demo', clientId: 'kangaroo-demo-client', userEmail: 'owner@demo-business.test', tokenHash: expect.any(String) });
  });

  it('reads the Bearer scheme in any case', () => {
    const { access_token } = passwordGrant(world, world.demo);
    expect(world.services.callers.authenticate({ applicationKey: world.demo.applicationKey, authorization: `bearer  ${access_token} ` }).workspaceId).toBe('demo');
  });

  it('resolves a minted workspace\'s token to that workspace', () => {
    const { access_token } = passwordGrant(world, world.other);
    const caller = world.services.callers.authenticate({ applicationKey: world.other.applicationKey, authorization: `Bearer ${access_token}` });
    expect(caller.workspaceId).toBe(OTHER_WORKSPACE);
  });

  it.each([
    ['no application key', undefined],
    ['an empty application key', ''],
    ['the header twice', ['kangaroo-demo-app-key', 'kangaroo-demo-app-key']],
    ['an over-long key', 'k'.repeat(600)],
  ])('answers 401 for %s', (_case, applicationKey) => {
    const { access_token } = passwordGrant(world, world.demo);
    expect(unauthenticated({ applicationKey, authorization: `Bearer ${access_token}` })).toEqual({
      status: 401,
      message: 'Unauthenticated.',
      description: 'The X-Application-Key header is missing or malformed.',
    });
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic a2FuZ2Fyb286eA=='],
    ['an empty bearer', 'Bearer '],
    ['an unknown token', 'Bearer kat_0123456789abcdef0123456789abcdef'],
    ['a refresh token', 'REFRESH'],
    ['an over-long header', `Bearer ${'a'.repeat(2000)}`],
  ])('answers 401 Unauthenticated. for %s', (_case, authorization) => {
    const presented = authorization === 'REFRESH' ? `Bearer ${passwordGrant(world, world.demo).refresh_token}` : authorization;
    expect(unauthenticated({ applicationKey: world.demo.applicationKey, authorization: presented })).toEqual({
      status: 401,
      message: 'Unauthenticated.',
      description: undefined,
    });
  });

  it('answers 401 for a token with another workspace\'s application key', () => {
    const { access_token } = passwordGrant(world, world.demo);
    expect(unauthenticated({ applicationKey: world.other.applicationKey, authorization: `Bearer ${access_token}` }).description).toBe(
      'The X-Application-Key is not an application key of this business.',
    );
  });

  it('answers 401 for a key forged to name the token\'s workspace', () => {
    const { access_token } = passwordGrant(world, world.other);
    const forged = `kak_${OTHER_WORKSPACE}_${'0'.repeat(48)}`;
    expect(unauthenticated({ applicationKey: forged, authorization: `Bearer ${access_token}` }).status).toBe(401);
  });

  it('answers 401 for a token revoked by its refresh', () => {
    const tokens = passwordGrant(world, world.demo);
    world.services.oauth.issueToken({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: world.demo.clientId,
      client_secret: world.demo.clientSecret,
    });
    expect(unauthenticated({ applicationKey: world.demo.applicationKey, authorization: `Bearer ${tokens.access_token}` }).status).toBe(401);
  });
});
