import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as jose from 'jose';
import { migrate, openDatabase } from '../../../../src/db/database.js';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import { SigningKeys } from '../../../../src/apis/wll/auth/signing-keys.js';
import { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { T0, authDatabase } from './auth-fixture.js';

// Counts key generations: racing callers in one process must share one.
vi.mock('jose', async (importOriginal) => {
  const actual = await importOriginal<typeof jose>();
  return { ...actual, generateKeyPair: vi.fn(actual.generateKeyPair) };
});

const generations = () => vi.mocked(jose.generateKeyPair).mock.calls.length;
const keyRows = (db: ReturnType<typeof authDatabase>, workspaceId: string) =>
  db.prepare('SELECT count(*) FROM wll_signing_keys WHERE workspace_id = ?').pluck().get(workspaceId);

const dirs: string[] = [];
beforeEach(() => {
  vi.mocked(jose.generateKeyPair).mockClear();
});
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('per-workspace signing keys', () => {
  it('concurrent first uses in one process generate one key and all get it', async () => {
    const db = authDatabase();
    const keys = new SigningKeys(db);
    const results = await Promise.all(Array.from({ length: 8 }, () => keys.ensureKey('ws-a', T0)));
    expect(generations()).toBe(1);
    expect(new Set(results.map((key) => key.kid)).size).toBe(1);
    expect(keyRows(db, 'ws-a')).toBe(1);
    await keys.ensureKey('ws-a', T0);
    expect(generations()).toBe(1);
  });

  it('two processes racing on one database file agree on the key the first insert stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wll-keys-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    const first = openDatabase(file);
    migrate(first);
    first.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES ('ws-a', 'a', 'x', 'x')").run();
    const second = openDatabase(file);
    const [a, b] = await Promise.all([new SigningKeys(first).ensureKey('ws-a', T0), new SigningKeys(second).ensureKey('ws-a', T0)]);
    expect(generations()).toBe(2);
    expect(a.kid).toBe(b.kid);
    expect(keyRows(first, 'ws-a')).toBe(1);

    const token = await new WllAuth(first).mint({ workspaceId: 'ws-a', type: 'admin', authIdentifier: 'pos' }, T0);
    await expect(new WllAuth(second).verify(token, { workspaceId: 'ws-a', now: T0 })).resolves.toMatchObject({ type: 'admin' });
    first.close();
    second.close();
  });

  it('each workspace has its own key, named by its RFC 7638 thumbprint', async () => {
    const keys = new SigningKeys(authDatabase());
    const [a, b] = await Promise.all([keys.ensureKey('ws-a', T0), keys.ensureKey('ws-b', T0)]);
    expect(a.kid).not.toBe(b.kid);
    expect(a.kid).toBe(await jose.calculateJwkThumbprint(JSON.parse(a.publicJwk) as jose.JWK));
  });

  it('a workspace that does not exist gets no key and a clear error', async () => {
    const keys = new SigningKeys(authDatabase());
    await expect(keys.ensureKey('ghost', T0)).rejects.toEqual(new WllAuthError('unauthorized', 'Workspace "ghost" does not exist (was it deleted?)'));
  });

  it('a deleted workspace takes its key along; a workspace made again under its id gets a new one', async () => {
    const db = authDatabase();
    const keys = new SigningKeys(db);
    const before = await keys.ensureKey('ws-a', T0);
    db.prepare("DELETE FROM workspaces WHERE id = 'ws-a'").run();
    expect(keyRows(db, 'ws-a')).toBe(0);
    db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES ('ws-a', 'a', 'x', 'x')").run();
    expect((await keys.ensureKey('ws-a', T0)).kid).not.toBe(before.kid);
  });
});

describe('the JWKS document', () => {
  it('lists the workspace\'s public key with kid, alg and use, and nothing private', async () => {
    const auth = new WllAuth(authDatabase());
    const { keys } = await auth.jwks('ws-a', T0);
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(Buffer.from(keys[0]!.n!, 'base64url').length * 8).toBe(2048);
  });

  it('verifies the workspace\'s tokens with any JWT library, through jose\'s local JWKS', async () => {
    const auth = new WllAuth(authDatabase());
    const token = await auth.mint({ workspaceId: 'ws-b', type: 'user', authIdentifier: 'u' }, T0);
    const { payload } = await jose.jwtVerify(token, jose.createLocalJWKSet(await auth.jwks('ws-b', T0)), { currentDate: T0 });
    expect(payload.sub).toBe('u');
    await expect(jose.jwtVerify(token, jose.createLocalJWKSet(await auth.jwks('ws-a', T0)), { currentDate: T0 })).rejects.toThrow(
      jose.errors.JWKSNoMatchingKey,
    );
  });
});
