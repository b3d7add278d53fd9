import type { Database } from '../db/database.js';
import type { InjectedFault, JournalRow } from './journal-entry.js';
import { boundInteger } from '../db/bound-limit.js';

export interface JournalEntry {
  id: number;
  api: string;
  workspace: string;
  workspaceResolved: boolean;
  requestId: string;
  receivedAt: string;
  sandboxTime: string;
  durationMs: number;
  request: {
    method: string;
    path: string;
    host: string | null;
    query: Record<string, string | string[]>;
    headers: Record<string, string | string[]>;
    body: string | null;
    bodyTruncated: boolean;
  };
  response: {
    status: number;
    headers: Record<string, string | string[]>;
    body: string | null;
    bodyTruncated: boolean;
  };
  fault: InjectedFault | null;
}

/** The filters SQL applies; a path pattern and a body fragment are applied by the caller. */
export interface JournalFilter {
  api?: string | undefined;
  method?: string | undefined;
  /** An exact status, or a class: [400, 499]. */
  status?: [number, number] | undefined;
  /** Real time, ISO 8601: entries received at or after it. */
  since?: string | undefined;
}

interface StoredEntry extends Omit<JournalRow, 'workspaceResolved' | 'requestBodyTruncated' | 'responseBodyTruncated'> {
  id: number;
  workspaceId: string;
  workspaceResolved: number;
  requestBodyTruncated: number;
  responseBodyTruncated: number;
  sandboxTime: string;
}

const COLUMNS = `id, workspace_id AS workspaceId, workspace_resolved AS workspaceResolved, api, request_id AS requestId,
  method, path, host, query, request_headers AS requestHeaders, request_body AS requestBody,
  request_body_truncated AS requestBodyTruncated, status, response_headers AS responseHeaders,
  response_body AS responseBody, response_body_truncated AS responseBodyTruncated, duration_ms AS durationMs,
  received_at AS receivedAt, sandbox_time AS sandboxTime, fault`;

type Parameters = { workspaceId: string; api: string | null; method: string | null; low: number | null; high: number | null; since: string | null };

/** The request journal (`request_journal`), newest first, bounded per workspace. */
export class JournalTable {
  private readonly insertStmt;
  private readonly trimStmt;
  private readonly listStmt;
  private readonly clearStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO request_journal (workspace_id, workspace_resolved, api, request_id, method, path, host, query,
         request_headers, request_body, request_body_truncated, status, response_headers, response_body,
         response_body_truncated, duration_ms, received_at, sandbox_time, fault)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Everything older than the newest `keep` entries of the workspace, found through its index.
    this.trimStmt = db.prepare<[string, string, number]>(
      `DELETE FROM request_journal WHERE workspace_id = ? AND id <= (
         SELECT id FROM request_journal WHERE workspace_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${boundInteger('?')})`,
    );
    // Each filter is optional: a NULL parameter matches every row.
    this.listStmt = db.prepare<Parameters, StoredEntry>(
      `SELECT ${COLUMNS} FROM request_journal
       WHERE workspace_id = @workspaceId AND (@api IS NULL OR api = @api) AND (@method IS NULL OR method = @method)
         AND (@low IS NULL OR status BETWEEN @low AND @high) AND (@since IS NULL OR received_at >= @since)
       ORDER BY id DESC`,
    );
    this.clearStmt = db.prepare('DELETE FROM request_journal WHERE workspace_id = ?');
  }

  insert(workspaceId: string, row: JournalRow, sandboxTime: string): void {
    this.insertStmt.run(
      workspaceId,
      row.workspaceResolved,
      row.api,
      row.requestId,
      row.method,
      row.path,
      row.host,
      row.query,
      row.requestHeaders,
      row.requestBody,
      row.requestBodyTruncated,
      row.status,
      row.responseHeaders,
      row.responseBody,
      row.responseBodyTruncated,
      row.durationMs,
      row.receivedAt,
      sandboxTime,
      row.fault,
    );
  }

  /** Keeps the newest `keep` entries of a workspace. */
  trim(workspaceId: string, keep: number): void {
    this.trimStmt.run(workspaceId, workspaceId, keep);
  }

  /** The workspace's entries that pass the filter, newest first, read lazily: the caller stops when it has enough. */
  *entries(workspaceId: string, filter: JournalFilter): Generator<JournalEntry> {
    const rows = this.listStmt.iterate({
      workspaceId,
      api: filter.api ?? null,
      method: filter.method ?? null,
      low: filter.status?.[0] ?? null,
      high: filter.status?.[1] ?? null,
      since: filter.since ?? null,
    });
    for (const row of rows) yield toEntry(row);
  }

  clear(workspaceId: string): number {
    return this.clearStmt.run(workspaceId).changes;
  }
}

function toEntry(row: StoredEntry): JournalEntry {
  return {
    id: row.id,
    api: row.api,
    workspace: row.workspaceId,
    workspaceResolved: row.workspaceResolved === 1,
    requestId: row.requestId,
    receivedAt: row.receivedAt,
    sandboxTime: row.sandboxTime,
    durationMs: row.durationMs,
    request: {
      method: row.method,
      path: row.path,
      host: row.host,
      query: JSON.parse(row.query) as JournalEntry['request']['query'],
      headers: JSON.parse(row.requestHeaders) as JournalEntry['request']['headers'],
      body: row.requestBody,
      bodyTruncated: row.requestBodyTruncated === 1,
    },
    response: {
      status: row.status,
      headers: JSON.parse(row.responseHeaders) as JournalEntry['response']['headers'],
      body: row.responseBody,
      bodyTruncated: row.responseBodyTruncated === 1,
    },
    fault: row.fault === null ? null : (JSON.parse(row.fault) as JournalEntry['fault']),
  };
}
