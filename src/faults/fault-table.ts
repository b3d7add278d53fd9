import type { Database } from '../db/database.js';
import type { FaultDefinition, FaultView } from './fault-schemas.js';


interface StoredFault {
  id: number;
  workspaceId: string;
  api: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  delayMs: number;
  drop: number;
  malformed: number;
  probability: number;
  seed: number;
  times: number | null;
  remaining: number | null;
  hits: number;
  draws: number;
  source: 'admin' | 'fixtures';
  createdAt: string;
}

const COLUMNS = `id, workspace_id AS workspaceId, api, method, path, status, delay_ms AS delayMs, drop_connection AS "drop",
  malformed, probability, seed, times, remaining, hits, draws, source, created_at AS createdAt`;
const LIVE = '(remaining IS NULL OR remaining > 0)';

/** Injected faults (`faults`), per workspace. Counts change in single statements, so processes never double-count. */
export class FaultTable {
  private readonly insertStmt;
  private readonly activeStmt;
  private readonly listStmt;
  private readonly drawStmt;
  private readonly hitStmt;
  private readonly deleteAllStmt;
  private readonly deleteOneStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO faults (workspace_id, api, method, path, status, delay_ms, drop_connection, malformed, probability,
         seed, times, remaining, source, created_at)
       VALUES (@workspaceId, @api, @method, @path, @status, @delayMs, @drop, @malformed, @probability, @seed, @times,
         @times, @source, @createdAt)`,
    );
    this.activeStmt = db.prepare<[string], StoredFault>(`SELECT ${COLUMNS} FROM faults WHERE workspace_id = ? AND ${LIVE} ORDER BY id`);
    this.listStmt = db.prepare<[string], StoredFault>(`SELECT ${COLUMNS} FROM faults WHERE workspace_id = ? ORDER BY id`);
    this.drawStmt = db
      .prepare<[number], number>(`UPDATE faults SET draws = draws + 1 WHERE id = ? AND ${LIVE} RETURNING draws`)
      .pluck();
    this.hitStmt = db.prepare(
      `UPDATE faults SET hits = hits + 1, remaining = CASE WHEN remaining IS NULL THEN NULL ELSE remaining - 1 END
       WHERE id = ? AND ${LIVE}`,
    );
    this.deleteAllStmt = db.prepare('DELETE FROM faults WHERE workspace_id = ?');
    this.deleteOneStmt = db.prepare('DELETE FROM faults WHERE workspace_id = ? AND id = ?');
  }

  insert(workspaceId: string, fault: FaultDefinition & { seed: number }, source: 'admin' | 'fixtures', now: Date): number {
    const { lastInsertRowid } = this.insertStmt.run({
      workspaceId,
      api: fault.api ?? null,
      method: fault.method ?? null,
      path: fault.path ?? null,
      status: fault.status ?? null,
      delayMs: fault.delayMs ?? 0,
      drop: fault.drop ? 1 : 0,
      malformed: fault.malformed ? 1 : 0,
      probability: fault.probability ?? 1,
      seed: fault.seed,
      times: fault.times ?? null,
      source,
      createdAt: now.toISOString(),
    });
    return Number(lastInsertRowid);
  }

  /** The faults of a workspace that can still fire, oldest first. */
  active(workspaceId: string): FaultView[] {
    return this.activeStmt.all(workspaceId).map(toView);
  }

  list(workspaceId: string): FaultView[] {
    return this.listStmt.all(workspaceId).map(toView);
  }

  /** Counts a matching call; its 0-based index in the fault's sequence, or undefined once it expired. */
  draw(id: number): number | undefined {
    const draws = this.drawStmt.get(id);
    return draws === undefined ? undefined : draws - 1;
  }

  /** Takes one of the fault's remaining hits; false when another process took the last one. */
  hit(id: number): boolean {
    return this.hitStmt.run(id).changes === 1;
  }

  deleteAll(workspaceId: string): number {
    return this.deleteAllStmt.run(workspaceId).changes;
  }

  deleteOne(workspaceId: string, id: number): boolean {
    return this.deleteOneStmt.run(workspaceId, id).changes === 1;
  }
}

function toView({ workspaceId, drop, malformed, ...row }: StoredFault): FaultView {
  return { ...row, workspace: workspaceId, drop: drop === 1, malformed: malformed === 1, expired: row.remaining === 0 };
}
