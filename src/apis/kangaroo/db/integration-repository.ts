import type { Database } from '../../../db/database.js';

export interface IntegrationRecord {
  id: number;
  name: string;
  type: number;
  isEcom: boolean;
  createdAt: string;
}

interface IntegrationRow extends Omit<IntegrationRecord, 'isEcom'> {
  isEcom: number;
}

const COLUMNS = 'id, name, type, is_ecom AS isEcom, created_at AS createdAt';

/** POS and e-commerce integrations, numbered 1, 2, … within each workspace. */
export class IntegrationRepository {
  private readonly insertStmt;
  private readonly findStmt;

  constructor(db: Database) {
    // One statement picks the next id and inserts, so ids stay dense even with writers racing.
    this.insertStmt = db.prepare<Record<string, unknown>, IntegrationRow>(
      `INSERT INTO kangaroo_integrations (workspace_id, id, name, type, is_ecom, created_at)
       SELECT @workspaceId, coalesce(max(id), 0) + 1, @name, @type, @isEcom, @createdAt
       FROM kangaroo_integrations WHERE workspace_id = @workspaceId
       RETURNING ${COLUMNS}`,
    );
    this.findStmt = db.prepare<[string, number], IntegrationRow>(
      `SELECT ${COLUMNS} FROM kangaroo_integrations WHERE workspace_id = ? AND id = ?`,
    );
  }

  insert(workspaceId: string, integration: { name: string; type: number; isEcom: boolean }, now: Date): IntegrationRecord {
    const { name, type, isEcom } = integration;
    const row = this.insertStmt.get({ workspaceId, name, type, isEcom: isEcom ? 1 : 0, createdAt: now.toISOString() })!;
    return { ...row, isEcom: row.isEcom === 1 };
  }

  find(workspaceId: string, id: number): IntegrationRecord | undefined {
    const row = this.findStmt.get(workspaceId, id);
    return row && { ...row, isEcom: row.isEcom === 1 };
  }
}
