import type { Database } from '../../../db/database.js';

export interface RateLimitSettings {
  requestsPerMinute: number;
  /** null: follow the sandbox-wide setting. */
  enabled: boolean | null;
}

/** Per-workspace rate-limit settings; no row means the sandbox's defaults. */
export class RateLimitRepository {
  private readonly findStmt;
  private readonly upsertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], { requestsPerMinute: number; enabled: number | null }>(
      'SELECT requests_per_minute AS requestsPerMinute, enabled FROM kangaroo_rate_limits WHERE workspace_id = ?',
    );
    this.upsertStmt = db.prepare(
      `INSERT INTO kangaroo_rate_limits (workspace_id, requests_per_minute, enabled) VALUES (?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET requests_per_minute = excluded.requests_per_minute, enabled = excluded.enabled`,
    );
  }

  find(workspaceId: string): RateLimitSettings | undefined {
    const row = this.findStmt.get(workspaceId);
    return row && { requestsPerMinute: row.requestsPerMinute, enabled: row.enabled === null ? null : row.enabled === 1 };
  }

  save(workspaceId: string, settings: RateLimitSettings): void {
    this.upsertStmt.run(workspaceId, settings.requestsPerMinute, settings.enabled === null ? null : settings.enabled ? 1 : 0);
  }
}
