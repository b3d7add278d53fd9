import type { Database } from '../../db/database.js';
import { hashToken, randomToken } from '../../lib/secrets.js';

/** Rulrr: "Access tokens expire after 365 days." */
export const ACCESS_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** What an access token opens: one connected store, through one integration. */
export interface Connection {
  integrationId: number;
  clientId: string;
  storeId: string;
  ereceipt: boolean;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiration: string;
}

interface ConnectionRow {
  integrationId: number;
  clientId: string;
  storeId: string;
  ereceipt: number;
}

/**
 * Access and refresh tokens, stored as hashes. A token is valid while its integration is not
 * revoked; access tokens also until their expiry, refresh tokens forever.
 */
export class TokenStore {
  private readonly insertStmt;
  private readonly connectionStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO rulrr_tokens (token_hash, integration_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.connectionStmt = db.prepare<[string, string, string], ConnectionRow>(
      `SELECT i.id AS integrationId, i.client_id AS clientId, i.store_id AS storeId, i.ereceipt
       FROM rulrr_tokens t JOIN rulrr_integrations i ON i.id = t.integration_id
       WHERE t.token_hash = ? AND t.kind = ? AND i.revoked_at IS NULL AND i.store_id IS NOT NULL
         AND (t.expires_at IS NULL OR t.expires_at > ?)`,
    );
  }

  issueAccessToken(integrationId: number, now: Date): IssuedAccessToken {
    const accessToken = randomToken('rat');
    const expiration = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_MS).toISOString();
    this.insertStmt.run(hashToken(accessToken), integrationId, 'access', now.toISOString(), expiration);
    return { accessToken, expiration };
  }

  issueRefreshToken(integrationId: number, now: Date): string {
    const refreshToken = randomToken('rrt');
    this.insertStmt.run(hashToken(refreshToken), integrationId, 'refresh', now.toISOString(), null);
    return refreshToken;
  }

  /** The connection behind a live access token, or undefined when it is unknown, expired or revoked. */
  connectionForAccessToken(accessToken: string, now: Date): Connection | undefined {
    return this.lookup(accessToken, 'access', now);
  }

  connectionForRefreshToken(refreshToken: string, now: Date): Connection | undefined {
    return this.lookup(refreshToken, 'refresh', now);
  }

  private lookup(token: string, kind: 'access' | 'refresh', now: Date): Connection | undefined {
    const row = this.connectionStmt.get(hashToken(token), kind, now.toISOString());
    return row && { ...row, ereceipt: row.ereceipt === 1 };
  }
}
