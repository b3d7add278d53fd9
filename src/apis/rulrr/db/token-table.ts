import type { Database } from '../../../db/database.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { workspaceTokenPrefix } from '../../../workspaces/workspace-ids.js';

/** Rulrr: "Access tokens expire after 365 days." */
export const ACCESS_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** What an access token opens: one connected store, through one integration, in one workspace. */
export interface Connection {
  workspaceId: string;
  integrationId: number;
  clientId: string;
  storeId: string;
  ereceipt: boolean;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiration: string;
}

interface ConnectionRow extends Omit<Connection, 'ereceipt'> {
  ereceipt: number;
  expiresAt: string | null;
}

/**
 * Access and refresh tokens, stored as hashes. A token is valid while its integration is not
 * revoked; access tokens also until their expiry, refresh tokens forever.
 */
export class TokenTable {
  private readonly insertStmt;
  private readonly connectionStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO rulrr_tokens (workspace_id, token_hash, integration_id, kind, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.connectionStmt = db.prepare<[string, string], ConnectionRow>(
      `SELECT t.workspace_id AS workspaceId, i.id AS integrationId, i.client_id AS clientId, i.store_id AS storeId,
         i.ereceipt, t.expires_at AS expiresAt
       FROM rulrr_tokens t JOIN rulrr_integrations i ON i.id = t.integration_id
       WHERE t.token_hash = ? AND t.kind = ? AND i.revoked_at IS NULL AND i.store_id IS NOT NULL`,
    );
  }

  issueAccessToken(workspaceId: string, integrationId: number, now: Date): IssuedAccessToken {
    const accessToken = randomToken(workspaceTokenPrefix('rat', workspaceId));
    const expiration = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_MS).toISOString();
    this.insertStmt.run(workspaceId, hashToken(accessToken), integrationId, 'access', now.toISOString(), expiration);
    return { accessToken, expiration };
  }

  issueRefreshToken(workspaceId: string, integrationId: number, now: Date): string {
    const refreshToken = randomToken(workspaceTokenPrefix('rrt', workspaceId));
    this.insertStmt.run(workspaceId, hashToken(refreshToken), integrationId, 'refresh', now.toISOString(), null);
    return refreshToken;
  }

  /**
   * The connection behind a token of an integration that is not revoked, with the token's expiry:
   * the token names its workspace, and only that workspace's clock can say whether it expired.
   */
  find(token: string, kind: 'access' | 'refresh'): (Connection & { expiresAt: string | null }) | undefined {
    const row = this.connectionStmt.get(hashToken(token), kind);
    return row && { ...row, ereceipt: row.ereceipt === 1 };
  }
}
