import type { Database } from '../../../db/database.js';
import { hashSandboxPassword } from '../password-hash.js';

export interface BusinessUser {
  email: string;
  name: string;
  passwordHash: string;
}

/** The business's users, who sign in with the password grant. Emails match case-insensitively. */
export class UserRepository {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string, string], BusinessUser>(
      `SELECT email, name, password_hash AS passwordHash FROM kangaroo_users WHERE workspace_id = ? AND email = ?`,
    );
    this.insertStmt = db.prepare('INSERT INTO kangaroo_users (workspace_id, email, name, password_hash) VALUES (?, ?, ?, ?)');
  }

  find(workspaceId: string, email: string): BusinessUser | undefined {
    return this.findStmt.get(workspaceId, email.trim());
  }

  /** Hashes the password once, here, at seeding time. */
  insert(workspaceId: string, user: { email: string; name: string; password: string }): void {
    this.insertStmt.run(workspaceId, user.email, user.name, hashSandboxPassword(user.password));
  }
}
