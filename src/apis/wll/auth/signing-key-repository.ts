import type { Database } from '../../../db/database.js';

/** A workspace's key pair as stored: JWKs in JSON, parsed only when a key is imported. */
export interface StoredSigningKey {
  kid: string;
  publicJwk: string;
  privateJwk: string;
}

/** wll_signing_keys: one RS256 key pair per workspace. */
export class SigningKeyRepository {
  private readonly findStmt;
  private readonly publicJwkStmt;
  private readonly hasKeyStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], StoredSigningKey>(
      'SELECT kid, public_jwk AS publicJwk, private_jwk AS privateJwk FROM wll_signing_keys WHERE workspace_id = ?',
    );
    this.publicJwkStmt = db
      .prepare<[string, string], string>('SELECT public_jwk FROM wll_signing_keys WHERE workspace_id = ? AND kid = ?')
      .pluck();
    this.hasKeyStmt = db.prepare<[string, string], number>('SELECT 1 FROM wll_signing_keys WHERE workspace_id = ? AND kid = ?').pluck();
    // The EXISTS guard turns "the workspace was deleted meanwhile" into no row instead of a
    // foreign-key exception; ON CONFLICT lets the first of two racing processes win.
    this.insertStmt = db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO wll_signing_keys (workspace_id, kid, public_jwk, private_jwk, created_at)
       SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ?)
       ON CONFLICT (workspace_id) DO NOTHING`,
    );
  }

  find(workspaceId: string): StoredSigningKey | undefined {
    return this.findStmt.get(workspaceId);
  }

  /** The public JWK of the workspace's key when `kid` names it; undefined for any other kid. */
  publicJwk(workspaceId: string, kid: string): string | undefined {
    return this.publicJwkStmt.get(workspaceId, kid);
  }

  hasKey(workspaceId: string, kid: string): boolean {
    return this.hasKeyStmt.get(workspaceId, kid) !== undefined;
  }

  /** Stores the key unless the workspace already has one (or no longer exists). */
  insertIfAbsent(workspaceId: string, key: StoredSigningKey, createdAt: Date): void {
    this.insertStmt.run(workspaceId, key.kid, key.publicJwk, key.privateJwk, createdAt.toISOString(), workspaceId);
  }
}
