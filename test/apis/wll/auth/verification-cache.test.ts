import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as jose from 'jose';
import { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { T0, authDatabase, seconds } from './auth-fixture.js';

// Counts jose's signature checks: a cache hit must not make one.
vi.mock('jose', async (importOriginal) => {
  const actual = await importOriginal<typeof jose>();
  return { ...actual, jwtVerify: vi.fn(actual.jwtVerify) };
});

const signatureChecks = () => vi.mocked(jose.jwtVerify).mock.calls.length;

describe('the verification cache', () => {
  beforeEach(() => {
    vi.mocked(jose.jwtVerify).mockClear();
  });

  it('a token verified once is not checked again, and answers the same principal', async () => {
    const auth = new WllAuth(authDatabase());
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos' }, T0);
    const first = await auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    const again = await auth.verify(token, { workspaceId: 'ws-a', now: seconds(T0, 10) });
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(signatureChecks()).toBe(1);
  });

  it('a cached token still expires when the workspace clock moves past exp', async () => {
    const auth = new WllAuth(authDatabase());
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'u', expiresIn: 60 }, T0);
    await auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    await expect(auth.verify(token, { workspaceId: 'ws-a', now: seconds(T0, 59) })).resolves.toBeDefined();
    await expect(auth.verify(token, { workspaceId: 'ws-a', now: seconds(T0, 60) })).rejects.toThrow(
      `The token expired at ${seconds(T0, 60).toISOString()}; the sandbox clock of workspace "ws-a" reads ${seconds(T0, 60).toISOString()}`,
    );
    expect(signatureChecks()).toBe(1);
  });

  it('a cached token is not let into another workspace', async () => {
    const auth = new WllAuth(authDatabase());
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos' }, T0);
    await auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    await expect(auth.verify(token, { workspaceId: 'ws-b', now: T0 })).rejects.toThrow(/not signed by a key of workspace "ws-b"/);
  });

  it('a cached token fails once its signing key is gone, even when another process deleted it', async () => {
    const db = authDatabase();
    const auth = new WllAuth(db);
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos' }, T0);
    await auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    db.prepare("DELETE FROM wll_signing_keys WHERE workspace_id = 'ws-a'").run();
    await expect(auth.verify(token, { workspaceId: 'ws-a', now: T0 })).rejects.toThrow(/before this workspace was reset/);
    // The workspace gets a new key for new tokens; the old token stays refused.
    const fresh = await auth.mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos' }, T0);
    await expect(auth.verify(fresh, { workspaceId: 'ws-a', now: T0 })).resolves.toMatchObject({ authIdentifier: 'pos' });
    await expect(auth.verify(token, { workspaceId: 'ws-a', now: T0 })).rejects.toThrow(/before this workspace was reset/);
  });

  it('failures are not cached: an invalid token is checked each time', async () => {
    const auth = new WllAuth(authDatabase());
    const token = await auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier: 'u' }, T0);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from('{"sub":"x"}').toString('base64url')}.${signature}`;
    await expect(auth.verify(forged, { workspaceId: 'ws-a', now: T0 })).rejects.toThrow(/signature/);
    await expect(auth.verify(forged, { workspaceId: 'ws-a', now: T0 })).rejects.toThrow(/signature/);
    expect(signatureChecks()).toBe(2);
  });

  it('holds at most the configured number of tokens, forgetting the least recently used', async () => {
    const auth = new WllAuth(authDatabase(), { verifiedTokens: 2 });
    const tokens = await Promise.all(
      ['a', 'b', 'c'].map((authIdentifier) => auth.mint({ workspaceId: 'ws-a', type: 'user', authIdentifier }, T0)),
    );
    const verify = (token: string) => auth.verify(token, { workspaceId: 'ws-a', now: T0 });
    await verify(tokens[0]!);
    await verify(tokens[1]!);
    await verify(tokens[0]!); // a is now the most recent; b the oldest
    await verify(tokens[2]!); // evicts b
    expect(signatureChecks()).toBe(3);
    await verify(tokens[0]!);
    await verify(tokens[2]!);
    expect(signatureChecks()).toBe(3);
    await verify(tokens[1]!);
    expect(signatureChecks()).toBe(4);
  });
});
