import type { Database } from '../../db/database.js';
import { hashToken, randomToken } from '../../lib/secrets.js';
import type { Customer } from './schemas.js';

/** Sandbox-defined: how long an upload URL from GET /v1/customers takes uploads. */
export const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;

export interface Upload {
  storeId: string;
  expiresAt: string;
  /** The integration behind the upload URL was revoked since. */
  revoked: boolean;
}

/** A store's customers list and the upload URLs that feed it. */
export class CustomerStore {
  private readonly insertUploadStmt;
  private readonly uploadStmt;
  private readonly upsertStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.insertUploadStmt = db.prepare(
      'INSERT INTO rulrr_customer_uploads (token_hash, integration_id, store_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.uploadStmt = db.prepare<[string], { storeId: string; expiresAt: string; revokedAt: string | null }>(
      `SELECT u.store_id AS storeId, u.expires_at AS expiresAt, i.revoked_at AS revokedAt
       FROM rulrr_customer_uploads u JOIN rulrr_integrations i ON i.id = u.integration_id
       WHERE u.token_hash = ?`,
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO rulrr_customers (store_id, customer_id, first_name, last_name, email, phone, marketing_opt_in, updated_at)
       VALUES (@storeId, @customerId, @firstName, @lastName, @email, @phone, @marketingOptIn, @updatedAt)
       ON CONFLICT (store_id, customer_id) DO UPDATE SET
         first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
         phone = excluded.phone, marketing_opt_in = excluded.marketing_opt_in, updated_at = excluded.updated_at`,
    );
    this.listStmt = db.prepare<[string], Customer & { marketingOptIn: number | null }>(
      `SELECT customer_id AS customerId, first_name AS firstName, last_name AS lastName, email, phone,
         marketing_opt_in AS marketingOptIn
       FROM rulrr_customers WHERE store_id = ? ORDER BY customer_id`,
    );
  }

  createUpload(integrationId: number, storeId: string, now: Date): { uploadToken: string; expiresAt: string } {
    const uploadToken = randomToken('rup');
    const expiresAt = new Date(now.getTime() + UPLOAD_URL_LIFETIME_MS).toISOString();
    this.insertUploadStmt.run(hashToken(uploadToken), integrationId, storeId, now.toISOString(), expiresAt);
    return { uploadToken, expiresAt };
  }

  findUpload(uploadToken: string): Upload | undefined {
    const row = this.uploadStmt.get(hashToken(uploadToken));
    return row && { storeId: row.storeId, expiresAt: row.expiresAt, revoked: row.revokedAt !== null };
  }

  /** Upsert by customer id: a later row for the same customer replaces the earlier one. */
  upsert(storeId: string, customer: Customer, now: Date): void {
    this.upsertStmt.run({
      storeId,
      ...customer,
      marketingOptIn: customer.marketingOptIn === null ? null : customer.marketingOptIn ? 1 : 0,
      updatedAt: now.toISOString(),
    });
  }

  list(storeId: string): Customer[] {
    return this.listStmt
      .all(storeId)
      .map((row) => ({ ...row, marketingOptIn: row.marketingOptIn === null ? null : row.marketingOptIn === 1 }));
  }
}
