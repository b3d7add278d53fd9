import type { Database } from '../../../db/database.js';
import type { TenantSettings } from '../review/automated-review.js';

export interface Tenant extends TenantSettings {
  name: string;
  slug: string;
}

interface TenantRow {
  name: string;
  slug: string;
  timeZone: string;
  maxReceiptAgeDays: number;
}

/** wll_tenants: a workspace's WLL tenant, with the settings the automated reviewer reads. */
export class TenantRepository {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly updateStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[string, string, string, string, number]>(
      'INSERT INTO wll_tenants (workspace_id, name, slug, timezone, max_receipt_age_days) VALUES (?, ?, ?, ?, ?)',
    );
    this.findStmt = db.prepare<[string], TenantRow>(
      `SELECT name, slug, timezone AS timeZone, max_receipt_age_days AS maxReceiptAgeDays
       FROM wll_tenants WHERE workspace_id = ?`,
    );
    this.updateStmt = db.prepare<[string, string, number, string]>(
      'UPDATE wll_tenants SET name = ?, timezone = ?, max_receipt_age_days = ? WHERE workspace_id = ?',
    );
  }

  insert(workspaceId: string, tenant: Tenant): void {
    this.insertStmt.run(workspaceId, tenant.name, tenant.slug, tenant.timeZone, tenant.maxReceiptAgeDays);
  }

  find(workspaceId: string): Tenant | undefined {
    return this.findStmt.get(workspaceId);
  }

  /** false when the workspace has no tenant (it was deleted). */
  update(workspaceId: string, tenant: Pick<Tenant, 'name' | 'timeZone' | 'maxReceiptAgeDays'>): boolean {
    return this.updateStmt.run(tenant.name, tenant.timeZone, tenant.maxReceiptAgeDays, workspaceId).changes === 1;
  }
}
