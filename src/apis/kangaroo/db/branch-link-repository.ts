import type { Database } from '../../../db/database.js';
import { boundInteger } from '../../../db/bound-limit.js';

export interface BranchLinkRecord {
  id: number;
  integrationId: number;
  branchId: string;
  accountId: string;
  shopId: string;
  storeName: string | null;
  storeDomain: string | null;
  enabled: boolean;
  createdAt: string;
}

interface BranchLinkRow extends Omit<BranchLinkRecord, 'enabled'> {
  enabled: number;
}

export type NewBranchLink = Omit<BranchLinkRecord, 'id' | 'enabled' | 'createdAt'>;

const COLUMNS = `id, integration_id AS integrationId, branch_id AS branchId, account_id AS accountId, shop_id AS shopId,
  store_name AS storeName, store_domain AS storeDomain, enabled, created_at AS createdAt`;

function toRecord(row: BranchLinkRow): BranchLinkRecord {
  return { ...row, enabled: row.enabled === 1 };
}

/** Links of an integration's shops to virtual branches; the id is the branch_link_id. */
export class BranchLinkRepository {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly byShopStmt;
  private readonly ofIntegrationStmt;
  private readonly allStmt;
  private readonly setEnabledStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare<Record<string, unknown>, BranchLinkRow>(
      `INSERT INTO kangaroo_branch_links
         (workspace_id, id, integration_id, branch_id, account_id, shop_id, store_name, store_domain, enabled, created_at)
       SELECT @workspaceId, coalesce(max(id), 0) + 1, @integrationId, @branchId, @accountId, @shopId, @storeName,
              @storeDomain, 1, @createdAt
       FROM kangaroo_branch_links WHERE workspace_id = @workspaceId
       RETURNING ${COLUMNS}`,
    );
    this.findStmt = db.prepare<[string, number], BranchLinkRow>(
      `SELECT ${COLUMNS} FROM kangaroo_branch_links WHERE workspace_id = ? AND id = ?`,
    );
    this.byShopStmt = db.prepare<[string, number, string], BranchLinkRow>(
      `SELECT ${COLUMNS} FROM kangaroo_branch_links WHERE workspace_id = ? AND integration_id = ? AND shop_id = ?`,
    );
    this.ofIntegrationStmt = db.prepare<[string, number], BranchLinkRow>(
      `SELECT ${COLUMNS} FROM kangaroo_branch_links WHERE workspace_id = ? AND integration_id = ? ORDER BY id`,
    );
    this.allStmt = db.prepare<[string, number], BranchLinkRow>(
      `SELECT ${COLUMNS} FROM kangaroo_branch_links WHERE workspace_id = ? ORDER BY id LIMIT ${boundInteger('?')}`,
    );
    this.setEnabledStmt = db.prepare<[number, string, number], BranchLinkRow>(
      `UPDATE kangaroo_branch_links SET enabled = ? WHERE workspace_id = ? AND id = ? RETURNING ${COLUMNS}`,
    );
  }

  insert(workspaceId: string, link: NewBranchLink, now: Date): BranchLinkRecord {
    return toRecord(this.insertStmt.get({ workspaceId, ...link, createdAt: now.toISOString() })!);
  }

  find(workspaceId: string, id: number): BranchLinkRecord | undefined {
    const row = this.findStmt.get(workspaceId, id);
    return row && toRecord(row);
  }

  findByShop(workspaceId: string, integrationId: number, shopId: string): BranchLinkRecord | undefined {
    const row = this.byShopStmt.get(workspaceId, integrationId, shopId);
    return row && toRecord(row);
  }

  ofIntegration(workspaceId: string, integrationId: number): BranchLinkRecord[] {
    return this.ofIntegrationStmt.all(workspaceId, integrationId).map(toRecord);
  }

  /** Every link of the workspace, oldest first, at most `limit` (the dashboard). */
  list(workspaceId: string, limit: number): BranchLinkRecord[] {
    return this.allStmt.all(workspaceId, limit).map(toRecord);
  }

  setEnabled(workspaceId: string, id: number, enabled: boolean): BranchLinkRecord | undefined {
    const row = this.setEnabledStmt.get(enabled ? 1 : 0, workspaceId, id);
    return row && toRecord(row);
  }
}
