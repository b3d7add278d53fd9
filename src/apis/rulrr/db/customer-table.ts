import type { Database } from '../../../db/database.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { workspaceTokenPrefix } from '../../../workspaces/workspace-ids.js';
import type { Customer } from '../schemas.js';

/** Sandbox-defined: how long an upload URL from GET /v1/customers takes uploads. */
export const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

export interface Upload {
  workspaceId: string;
  storeId: string;
  expiresAt: string;
  /** The integration behind the upload URL was revoked since. */
  revoked: boolean;
}

/** A store's customers list and the upload URLs that feed it. */
export class CustomerTable {
  private readonly insertUploadStmt;
  private readonly uploadStmt;
  private readonly upsertStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.insertUploadStmt = db.prepare(
      `INSERT INTO rulrr_customer_uploads (workspace_id, token_hash, integration_id, store_id, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.uploadStmt = db.prepare<[string], { workspaceId: string; storeId: string; expiresAt: string; revokedAt: string | null }>(
      `SELECT u.workspace_id AS workspaceId, u.store_id AS storeId, u.expires_at AS expiresAt, i.revoked_at AS revokedAt
       FROM rulrr_customer_uploads u JOIN rulrr_integrations i ON i.id = u.integration_id
       WHERE u.token_hash = ?`,
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO rulrr_customers (workspace_id, store_id, customer_id, first_name, last_name, email, phone,
         marketing_opt_in, updated_at)
       VALUES (@workspaceId, @storeId, @customerId, @firstName, @lastName, @email, @phone, @marketingOptIn, @updatedAt)
       ON CONFLICT (workspace_id, store_id, customer_id) DO UPDATE SET
         first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
         phone = excluded.phone, marketing_opt_in = excluded.marketing_opt_in, updated_at = excluded.updated_at`,
    );
    this.listStmt = db.prepare<[string, string], Customer & { marketingOptIn: number | null }>(
      `SELECT customer_id AS customerId, first_name AS firstName, last_name AS lastName, email, phone,
         marketing_opt_in AS marketingOptIn
       FROM rulrr_customers WHERE workspace_id = ? AND store_id = ? ORDER BY customer_id`,
    );
  }

  createUpload(workspaceId: string, integrationId: number, storeId: string, now: Date): { uploadToken: string; expiresAt: string } {
    const uploadToken = randomToken(workspaceTokenPrefix('rup', workspaceId));
    const expiresAt = new Date(now.getTime() + UPLOAD_URL_LIFETIME_MS).toISOString();
    this.insertUploadStmt.run(workspaceId, hashToken(uploadToken), integrationId, storeId, now.toISOString(), expiresAt);
    return { uploadToken, expiresAt };
  }

  /** The upload an upload URL names, and so its workspace: the URL is the credential. */
  findUpload(uploadToken: string): Upload | undefined {
    const row = this.uploadStmt.get(hashToken(uploadToken));
    return row && { workspaceId: row.workspaceId, storeId: row.storeId, expiresAt: row.expiresAt, revoked: row.revokedAt !== null };
  }

  /** Upsert by customer id: a later row for the same customer replaces the earlier one. */
  upsert(workspaceId: string, storeId: string, customer: Customer, now: Date): void {
    this.upsertStmt.run({
      workspaceId,
      storeId,
      ...customer,
      marketingOptIn: customer.marketingOptIn === null ? null : customer.marketingOptIn ? 1 : 0,
      updatedAt: now.toISOString(),
    });
  }

  list(workspaceId: string, storeId: string): Customer[] {
    return this.listStmt
      .all(workspaceId, storeId)
      .map((row) => ({ ...row, marketingOptIn: row.marketingOptIn === null ? null : row.marketingOptIn === 1 }));
  }
}
