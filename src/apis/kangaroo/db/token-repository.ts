import type { Database } from '../../../db/database.js';

export interface AccessTokenRecord {
  clientId: string;
  userEmail: string | null;
  scope: string;
  expiresAt: string;
}

export interface RefreshTokenRecord {
  accessTokenHash: string;
  clientId: string;
  userEmail: string;
  scope: string;
  lapsesAt: string;
  usedAt: string | null;
}

/** Access and refresh tokens of a workspace, by the SHA-256 hash of the token. */
export class TokenRepository {
  private readonly insertAccessStmt;
  private readonly liveAccessStmt;
  private readonly revokeAccessStmt;
  private readonly insertRefreshStmt;
  private readonly findRefreshStmt;
  private readonly consumeRefreshStmt;

  constructor(db: Database) {
    this.insertAccessStmt = db.prepare(
      `INSERT INTO kangaroo_access_tokens (workspace_id, token_hash, client_id, user_email, scope, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.liveAccessStmt = db.prepare<[string, string, string], AccessTokenRecord>(
      `SELECT client_id AS clientId, user_email AS userEmail, scope, expires_at AS expiresAt
       FROM kangaroo_access_tokens
       WHERE workspace_id = ? AND token_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
    );
    this.revokeAccessStmt = db.prepare(
      'UPDATE kangaroo_access_tokens SET revoked_at = ? WHERE workspace_id = ? AND token_hash = ? AND revoked_at IS NULL',
    );
    this.insertRefreshStmt = db.prepare(
      `INSERT INTO kangaroo_refresh_tokens
         (workspace_id, token_hash, access_token_hash, client_id, user_email, scope, created_at, lapses_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.findRefreshStmt = db.prepare<[string, string], RefreshTokenRecord>(
      `SELECT access_token_hash AS accessTokenHash, client_id AS clientId, user_email AS userEmail, scope,
              lapses_at AS lapsesAt, used_at AS usedAt
       FROM kangaroo_refresh_tokens WHERE workspace_id = ? AND token_hash = ?`,
    );
    this.consumeRefreshStmt = db.prepare(
      `UPDATE kangaroo_refresh_tokens SET used_at = ?
       WHERE workspace_id = ? AND token_hash = ? AND used_at IS NULL AND lapses_at > ?`,
    );
  }

  insertAccessToken(
    workspaceId: string,
    tokenHash: string,
    token: { clientId: string; userEmail: string | null; scope: string; createdAt: Date; expiresAt: Date },
  ): void {
    this.insertAccessStmt.run(
      workspaceId,
      tokenHash,
      token.clientId,
      token.userEmail,
      token.scope,
      token.createdAt.toISOString(),
      token.expiresAt.toISOString(),
    );
  }

  /** The token when it is known, not revoked and not expired at `now`. */
  findLiveAccessToken(workspaceId: string, tokenHash: string, now: Date): AccessTokenRecord | undefined {
    return this.liveAccessStmt.get(workspaceId, tokenHash, now.toISOString());
  }

  revokeAccessToken(workspaceId: string, tokenHash: string, now: Date): void {
    this.revokeAccessStmt.run(now.toISOString(), workspaceId, tokenHash);
  }

  insertRefreshToken(
    workspaceId: string,
    tokenHash: string,
    token: { accessTokenHash: string; clientId: string; userEmail: string; scope: string; createdAt: Date; lapsesAt: Date },
  ): void {
    this.insertRefreshStmt.run(
      workspaceId,
      tokenHash,
      token.accessTokenHash,
      token.clientId,
      token.userEmail,
      token.scope,
      token.createdAt.toISOString(),
      token.lapsesAt.toISOString(),
    );
  }

  findRefreshToken(workspaceId: string, tokenHash: string): RefreshTokenRecord | undefined {
    return this.findRefreshStmt.get(workspaceId, tokenHash);
  }

  /**
   * Uses the refresh token up: true for the one caller that does. A conditional UPDATE, so of
   * refreshes racing with the same token (in one process or several on one file) exactly one wins.
   */
  consumeRefreshToken(workspaceId: string, tokenHash: string, now: Date): boolean {
    const instant = now.toISOString();
    return this.consumeRefreshStmt.run(instant, workspaceId, tokenHash, instant).changes === 1;
  }
}
