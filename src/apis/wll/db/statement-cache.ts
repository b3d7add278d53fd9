import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../../db/database.js';
import type { ListQuery } from '../list-query/list-params.js';
import { LruCache } from '../auth/lru-cache.js';

/**
 * Prepared statements for SQL built per request (a list's filter and sort), kept by their text:
 * a POS that polls with the same filter prepares its statement once. The text only ever holds
 * whitelisted columns and `?`, so the number of distinct texts is bounded by the filter shapes
 * callers use; the least recently used go first.
 */
export class StatementCache {
  private readonly statements: LruCache<string, BetterSqlite3.Statement>;

  constructor(
    private readonly db: Database,
    capacity = 256,
  ) {
    this.statements = new LruCache(capacity);
  }

  get(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The parameters of a list page's SQL (`WHERE workspace_id = ? AND … LIMIT ? OFFSET ?`), in order. */
export function listParams(workspaceId: string, query: ListQuery): unknown[] {
  return [workspaceId, ...query.params, query.limit, query.offset];
}
