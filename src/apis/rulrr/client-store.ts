import type { Database } from '../../db/database.js';
import { hashToken } from '../../lib/secrets.js';

export interface RulrrClient {
  clientId: string;
  name: string;
  secretHash: string;
}

/** The POS vendors Rulrr has given a client id and secret. */
export class ClientStore {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], RulrrClient>(
      'SELECT client_id AS clientId, name, secret_hash AS secretHash FROM rulrr_clients WHERE client_id = ?',
    );
    this.insertStmt = db.prepare('INSERT INTO rulrr_clients (client_id, name, secret_hash) VALUES (?, ?, ?)');
  }

  find(clientId: string): RulrrClient | undefined {
    return this.findStmt.get(clientId);
  }

  insert(client: { clientId: string; name: string; clientSecret: string }): void {
    this.insertStmt.run(client.clientId, client.name, hashToken(client.clientSecret));
  }
}
