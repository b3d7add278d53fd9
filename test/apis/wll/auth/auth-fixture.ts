import { SignJWT, type JWTPayload } from 'jose';
import { migrate, openDatabase, type Database } from '../../../../src/db/database.js';
import { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { AUDIENCE, WORKSPACE_CLAIM, issuerFor } from '../../../../src/apis/wll/auth/token-format.js';

export const T0 = new Date('2026-03-01T12:00:00.000Z');

export const seconds = (instant: Date, s: number) => new Date(instant.getTime() + s * 1000);

/** A migrated in-memory database with the demo workspace and two more. */
export function authDatabase(...workspaces: string[]): Database {
  const db = openDatabase(':memory:');
  migrate(db);
  const insert = db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES (?, ?, 'x', 'x')");
  for (const id of ['ws-a', 'ws-b', ...workspaces]) insert.run(id, id);
  return db;
}

export function authFixture(...workspaces: string[]) {
  const db = authDatabase(...workspaces);
  return { db, auth: new WllAuth(db) };
}

/** The claims the sandbox mints, for tests that sign their own variations with a workspace's key. */
export function standardClaims(workspaceId: string, now = T0): JWTPayload {
  const iat = Math.floor(now.getTime() / 1000);
  return { iss: issuerFor(workspaceId), aud: AUDIENCE, sub: 'user-1', [WORKSPACE_CLAIM]: workspaceId, iat, exp: iat + 3600 };
}

/** Signs `claims` with the workspace's own private key: a token only its payload can make invalid. */
export async function signWithWorkspaceKey(
  auth: WllAuth,
  workspaceId: string,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const key = await auth.signingKeys.signingKey(workspaceId, T0);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }).sign(key.privateKey);
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
