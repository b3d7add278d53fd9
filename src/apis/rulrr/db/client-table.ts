import type { Database } from '../../../db/database.js';
import { hashToken } from '../../../lib/secrets.js';

export interface RulrrClient {
  clientId: string;
  workspaceId: string;
  name: string;
  secretHash: string;
}

/** The POS vendors Rulrr has given a client id and secret. Client ids are unique across workspaces. */
export class ClientTable {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], RulrrClient>(
      `SELECT client_id AS clientId, workspace_id AS workspaceId, name, secret_hash AS secretHash
       FROM rulrr_clients WHERE client_id = ?`,
    );
    this.insertStmt = db.prepare('INSERT INTO rulrr_clients (workspace_id, client_id, name, secret_hash) VALUES (?, ?, ?, ?)');
  }

  /** The client, and so the workspace, a `client_id` names: the credential resolves the workspace. */
  find(clientId: string): RulrrClient | undefined {
    return this.findStmt.get(clientId);
  }

  insert(workspaceId: string, client: { clientId: string; name: string; clientSecret: string }): void {
    this.insertStmt.run(workspaceId, client.clientId, client.name, hashToken(client.clientSecret));
  }
}
