import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import type { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { T0, authFixture, standardClaims } from './auth-fixture.js';

let auth: WllAuth;
let signRaw: (header: unknown, payload: string) => Promise<string>;

beforeAll(async () => {
  auth = authFixture().auth;
  const key = await auth.signingKeys.signingKey('ws-a', T0);
  // Signs any header and payload bytes with the workspace's real key, past every check SignJWT makes.
  signRaw = async (header, payload) => {
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
    const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, new TextEncoder().encode(input));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  };
});

/** Verifies and reports what came out: a principal, a WllAuthError, or anything else (a bug). */
async function outcome(token: string): Promise<'accepted' | 'refused'> {
  const started = performance.now();
  try {
    const principal = await auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    expect(typeof principal.authIdentifier).toBe('string');
    expect(Number.isNaN(Date.parse(principal.expiresAt))).toBe(false);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof WllAuthError)) throw error;
    expect(error.kind).toBe('unauthorized');
    return 'refused';
  } finally {
    expect(performance.now() - started).toBeLessThan(1000);
  }
}

const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 200 });
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url');

describe('verify on arbitrary input', () => {
  it('any string is refused with a WllAuthError, never another exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 10_000 }), fc.string({ unit: fc.constantFrom('.', 'a', '_', '=', ' '), maxLength: 50 })), async (token) => {
        expect(await outcome(token)).toBe('refused');
      }),
      { numRuns: 300 },
    );
  });

  it('any JWT-shaped string, JSON parts or base64url noise, is refused with a WllAuthError', async () => {
    const part = fc.oneof(base64url, fc.jsonValue().map(encoded));
    await fc.assert(
      fc.asyncProperty(part, part, part, async (header, payload, signature) => {
        expect(await outcome(`${header}.${payload}.${signature}`)).toBe('refused');
      }),
      { numRuns: 300 },
    );
  });

  it('any header and claims signed with the workspace\'s own key end in a principal or a WllAuthError', async () => {
    const { kid } = (await auth.jwks('ws-a', T0)).keys[0]!;
    const claimNames = fc.constantFrom('iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'scope', 'name', 'wll_ws', 'other');
    const header = fc.record({ alg: fc.constant('RS256'), kid: fc.constant(kid) }).chain((base) =>
      fc.dictionary(fc.constantFrom('typ', 'crit', 'b64', 'kid', 'alg', 'jku'), fc.jsonValue(), { maxKeys: 2 }).map((extra) => ({ ...base, ...extra })),
    );
    const payload = fc.oneof(
      fc.dictionary(claimNames, fc.jsonValue(), { maxKeys: 3 }).map((changes) => JSON.stringify({ ...standardClaims('ws-a'), ...changes })),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
      fc.string({ unit: 'binary', maxLength: 100 }),
    );
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(header, payload, async (h, p) => {
        seen.add(await outcome(await signRaw(h, p)));
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['accepted', 'refused']));
  });
});
