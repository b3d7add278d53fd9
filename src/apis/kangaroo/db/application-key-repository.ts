import type { Database } from '../../../db/database.js';
import { hashToken } from '../../../lib/secrets.js';

/**
 * The application keys (`X-Application-Key`) of a workspace, stored as SHA-256 hashes. A lookup
 * by the hash of a 192-bit random key leaks nothing through its timing that would help a guess.
 */
export class ApplicationKeyRepository {
  private readonly existsStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.existsStmt = db
      .prepare<[string, string], number>('SELECT 1 FROM kangaroo_application_keys WHERE workspace_id = ? AND key_hash = ?')
      .pluck();
    this.insertStmt = db.prepare('INSERT INTO kangaroo_application_keys (workspace_id, key_hash, name) VALUES (?, ?, ?)');
  }

  exists(workspaceId: string, applicationKey: string): boolean {
    return this.existsStmt.get(workspaceId, hashToken(applicationKey)) !== undefined;
  }

  insert(workspaceId: string, applicationKey: string, name: string): void {
    this.insertStmt.run(workspaceId, hashToken(applicationKey), name);
  }
}
