import type { Database } from '../../../db/database.js';
import { hashToken } from '../../../lib/secrets.js';

export interface OAuthClient {
  clientId: string;
  name: string;
  secretHash: string;
}

/** The OAuth2 apps registered with a workspace's business. */
export class OAuthClientRepository {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string, string], OAuthClient>(
      `SELECT client_id AS clientId, name, secret_hash AS secretHash
       FROM kangaroo_oauth_clients WHERE workspace_id = ? AND client_id = ?`,
    );
    this.insertStmt = db.prepare('INSERT INTO kangaroo_oauth_clients (workspace_id, client_id, name, secret_hash) VALUES (?, ?, ?, ?)');
  }

  find(workspaceId: string, clientId: string): OAuthClient | undefined {
    return this.findStmt.get(workspaceId, clientId);
  }

  insert(workspaceId: string, client: { clientId: string; name: string; clientSecret: string }): void {
    this.insertStmt.run(workspaceId, client.clientId, client.name, hashToken(client.clientSecret));
  }
}
