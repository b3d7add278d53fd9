import type { Database } from '../../../db/database.js';
import type { BranchFixture } from '../schemas/fixtures.js';
import { boundInteger } from '../../../db/bound-limit.js';

export interface BranchRecord {
  id: string;
  name: string;
  webSite: string | null;
  virtual: boolean;
  isEcom: boolean;
  address: {
    formatted: string | null;
    street: string | null;
    city: string | null;
    region: string | null;
    country: string | null;
    lat: number | null;
    long: number | null;
  };
}

interface BranchRow {
  id: string;
  name: string;
  webSite: string | null;
  virtual: number;
  isEcom: number;
  formatted: string | null;
  street: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  lat: number | null;
  long: number | null;
}

const COLUMNS = `id, name, web_site AS webSite, virtual_branch_flag AS virtual, is_ecom AS isEcom,
  address_formatted AS formatted, address_street AS street, address_city AS city, address_region AS region,
  address_country AS country, address_lat AS lat, address_long AS long`;

function toRecord(row: BranchRow): BranchRecord {
  const { id, name, webSite, virtual, isEcom, ...address } = row;
  return { id, name, webSite, virtual: virtual === 1, isEcom: isEcom === 1, address };
}

/** The business's branches, in the order the fixtures list them. */
export class BranchRepository {
  private readonly pageStmt;
  private readonly countStmt;
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.pageStmt = db.prepare<[string, number, number], BranchRow>(
      `SELECT ${COLUMNS} FROM kangaroo_branches WHERE workspace_id = ? ORDER BY position
       LIMIT ${boundInteger('?')} OFFSET ${boundInteger('?')}`,
    );
    this.countStmt = db.prepare<[string], number>('SELECT count(*) FROM kangaroo_branches WHERE workspace_id = ?').pluck();
    this.findStmt = db.prepare<[string, string], BranchRow>(`SELECT ${COLUMNS} FROM kangaroo_branches WHERE workspace_id = ? AND id = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO kangaroo_branches (workspace_id, id, position, name, web_site, virtual_branch_flag, is_ecom,
         address_formatted, address_street, address_city, address_region, address_country, address_lat, address_long)
       VALUES (@workspaceId, @id, @position, @name, @webSite, @virtual, @isEcom,
         @formatted, @street, @city, @region, @country, @lat, @long)`,
    );
  }

  page(workspaceId: string, limit: number, offset: number): BranchRecord[] {
    return this.pageStmt.all(workspaceId, limit, offset).map(toRecord);
  }

  count(workspaceId: string): number {
    return this.countStmt.get(workspaceId) ?? 0;
  }

  find(workspaceId: string, id: string): BranchRecord | undefined {
    const row = this.findStmt.get(workspaceId, id.toLowerCase());
    return row && toRecord(row);
  }

  insert(workspaceId: string, branch: BranchFixture, position: number): void {
    this.insertStmt.run({
      workspaceId,
      id: branch.id,
      position,
      name: branch.name,
      webSite: branch.web_site,
      virtual: branch.virtual_branch_flag ? 1 : 0,
      isEcom: branch.is_ecom ? 1 : 0,
      ...branch.address,
    });
  }
}
