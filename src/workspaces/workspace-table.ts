import type { Database } from '../db/database.js';

export interface WorkspaceRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  /** As given (ISO 8601 duration), and in milliseconds from the last use. */
  ttl: string | null;
  ttlMs: number | null;
  clockOffsetMs: number;
  /** Per API name: the credentials minted for this workspace. */
  credentials: Record<string, unknown>;
}

interface StoredRow extends Omit<WorkspaceRow, 'credentials'> {
  credentials: string;
}

const COLUMNS = `id, name, created_at AS createdAt, last_used_at AS lastUsedAt, ttl, ttl_ms AS ttlMs,
  clock_offset_ms AS clockOffsetMs, credentials`;

const toRow = (row: StoredRow): WorkspaceRow => ({ ...row, credentials: JSON.parse(row.credentials) as Record<string, unknown> });

/** The `workspaces` table (CONTRACT §1a). */
export class WorkspaceTable {
  private readonly getStmt;
  private readonly listStmt;
  private readonly insertStmt;
  private readonly deleteStmt;
  private readonly offsetStmt;
  private readonly setOffsetStmt;
  private readonly touchStmt;
  private readonly setCredentialsStmt;
  private readonly countStmt;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM workspaces WHERE id = ?`);
    this.listStmt = db.prepare<[], StoredRow>(`SELECT ${COLUMNS} FROM workspaces ORDER BY id = 'demo' DESC, created_at, id`);
    this.insertStmt = db.prepare(
      `INSERT INTO workspaces (id, name, created_at, last_used_at, ttl, ttl_ms, clock_offset_ms, credentials)
       VALUES (@id, @name, @createdAt, @lastUsedAt, @ttl, @ttlMs, @clockOffsetMs, @credentials)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM workspaces WHERE id = ?');
    this.offsetStmt = db.prepare<[string], number>('SELECT clock_offset_ms FROM workspaces WHERE id = ?').pluck();
    this.setOffsetStmt = db.prepare('UPDATE workspaces SET clock_offset_ms = ? WHERE id = ?');
    this.touchStmt = db.prepare('UPDATE workspaces SET last_used_at = ? WHERE id = ?');
    this.setCredentialsStmt = db.prepare('UPDATE workspaces SET credentials = ? WHERE id = ?');
    this.countStmt = db.prepare<[string], number>('SELECT count(*) FROM workspaces WHERE id <> ?').pluck();
  }

  /** How many workspaces there are besides `except`. */
  countExcept(except: string): number {
    return this.countStmt.get(except)!;
  }

  get(id: string): WorkspaceRow | undefined {
    const row = this.getStmt.get(id);
    return row && toRow(row);
  }

  list(): WorkspaceRow[] {
    return this.listStmt.all().map(toRow);
  }

  insert(row: WorkspaceRow): void {
    this.insertStmt.run({ ...row, credentials: JSON.stringify(row.credentials) });
  }

  /** Deletes the workspace and, by ON DELETE CASCADE, everything in it. */
  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes === 1;
  }

  clockOffset(id: string): number | undefined {
    return this.offsetStmt.get(id);
  }

  setClockOffset(id: string, offsetMs: number): boolean {
    return this.setOffsetStmt.run(Math.round(offsetMs), id).changes === 1;
  }

  touch(id: string, at: Date): void {
    this.touchStmt.run(at.toISOString(), id);
  }

  setCredentials(id: string, credentials: Record<string, unknown>): void {
    this.setCredentialsStmt.run(JSON.stringify(credentials), id);
  }
}
