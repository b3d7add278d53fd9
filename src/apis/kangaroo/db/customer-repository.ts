import type { Database } from '../../../db/database.js';
import { boundInteger } from '../../../db/bound-limit.js';

export interface CustomerRecord {
  id: string;
  email: string | null;
  phone: string | null;
  countryCode: string | null;
  firstName: string | null;
  lastName: string | null;
  points: number;
  createdAt: string;
}

export type NewCustomer = Omit<CustomerRecord, 'points' | 'createdAt'>;

const COLUMNS = `id, email, phone, country_code AS countryCode, first_name AS firstName, last_name AS lastName,
  points, created_at AS createdAt`;

/** The business's customers and their points balances. */
export class CustomerRepository {
  private readonly findStmt;
  private readonly byEmailStmt;
  private readonly byPhoneStmt;
  private readonly insertStmt;
  private readonly addPointsStmt;
  private readonly listStmt;
  private readonly countStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string, string], CustomerRecord>(`SELECT ${COLUMNS} FROM kangaroo_customers WHERE workspace_id = ? AND id = ?`);
    this.byEmailStmt = db.prepare<[string, string], CustomerRecord>(
      `SELECT ${COLUMNS} FROM kangaroo_customers WHERE workspace_id = ? AND email = ?`,
    );
    this.byPhoneStmt = db.prepare<[string, string, string], CustomerRecord>(
      `SELECT ${COLUMNS} FROM kangaroo_customers WHERE workspace_id = ? AND country_code = ? AND phone = ?`,
    );
    this.insertStmt = db.prepare<Record<string, unknown>, CustomerRecord>(
      `INSERT INTO kangaroo_customers
         (workspace_id, id, email, phone, country_code, first_name, last_name, points, created_at, updated_at)
       VALUES (@workspaceId, @id, @email, @phone, @countryCode, @firstName, @lastName, 0, @now, @now)
       RETURNING ${COLUMNS}`,
    );
    // The balance moves only when it stays within [0, max]: two redemptions racing for the last
    // points cannot both pass.
    this.addPointsStmt = db
      .prepare<Record<string, unknown>, number>(
        `UPDATE kangaroo_customers SET points = points + @delta, updated_at = @now
         WHERE workspace_id = @workspaceId AND id = @id AND points + @delta BETWEEN 0 AND @max
         RETURNING points`,
      )
      .pluck();
    this.listStmt = db.prepare<[string, number, number], CustomerRecord>(
      `SELECT ${COLUMNS} FROM kangaroo_customers WHERE workspace_id = ? ORDER BY created_at, id
       LIMIT ${boundInteger('?')} OFFSET ${boundInteger('?')}`,
    );
    this.countStmt = db.prepare<[string], number>('SELECT count(*) FROM kangaroo_customers WHERE workspace_id = ?').pluck();
  }

  /** Every customer of the workspace, oldest first (for the admin API). */
  list(workspaceId: string, limit: number, offset: number): CustomerRecord[] {
    return this.listStmt.all(workspaceId, limit, offset);
  }

  count(workspaceId: string): number {
    return this.countStmt.get(workspaceId) ?? 0;
  }

  find(workspaceId: string, id: string): CustomerRecord | undefined {
    return this.findStmt.get(workspaceId, id);
  }

  findByEmail(workspaceId: string, email: string): CustomerRecord | undefined {
    return this.byEmailStmt.get(workspaceId, email);
  }

  findByPhone(workspaceId: string, countryCode: string, phone: string): CustomerRecord | undefined {
    return this.byPhoneStmt.get(workspaceId, countryCode, phone);
  }

  insert(workspaceId: string, customer: NewCustomer, now: Date): CustomerRecord {
    return this.insertStmt.get({ workspaceId, ...customer, now: now.toISOString() })!;
  }

  /** The new balance, or undefined when the change would take it below 0 or above `max`. */
  addPoints(workspaceId: string, id: string, delta: number, max: number, now: Date): number | undefined {
    return this.addPointsStmt.get({ workspaceId, id, delta, max, now: now.toISOString() });
  }
}
