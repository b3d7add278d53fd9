import type { Database } from '../../../db/database.js';

export interface Business {
  id: string;
  name: string;
  pointsPerCurrencyUnit: number;
}

/** The one loyalty business of each workspace. */
export class BusinessRepository {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], Business>(
      `SELECT id, name, points_per_currency_unit AS pointsPerCurrencyUnit
       FROM kangaroo_businesses WHERE workspace_id = ?`,
    );
    this.insertStmt = db.prepare(
      'INSERT INTO kangaroo_businesses (workspace_id, id, name, points_per_currency_unit) VALUES (?, ?, ?, ?)',
    );
  }

  find(workspaceId: string): Business | undefined {
    return this.findStmt.get(workspaceId);
  }

  insert(workspaceId: string, business: Business): void {
    this.insertStmt.run(workspaceId, business.id, business.name, business.pointsPerCurrencyUnit);
  }
}
