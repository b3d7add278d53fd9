import type { FastifyBaseLogger } from 'fastify';
import { writeTransaction, type Database } from '../db/database.js';
import { containsFragment } from '../lib/json-fragment.js';
import type { PathMatcher } from '../lib/path-pattern.js';
import { DEMO_WORKSPACE } from '../workspaces/workspace-ids.js';
import { journalRow, workspaceNamedBy, type CapturedCall, type JournalRow } from './journal-entry.js';
import type { JournalEntry, JournalFilter, JournalTable } from './journal-table.js';

export interface JournalQuery extends JournalFilter {
  path?: PathMatcher | undefined;
  /** A JSON fragment the request body must contain (partial deep match). */
  bodyContains?: unknown;
}

/** Calls waiting to be written beyond this many (the database refusing writes for long): the oldest are dropped. */
const MAX_QUEUED = 10_000;
/** After a failed write (another process held the lock too long) the queue is tried again this much later. */
const RETRY_MS = 200;

/**
 * The request journal (issue 9): every emulated-API call of a workspace, newest first, at most
 * `limit` per workspace. Calls are queued on the request path and written together, in one
 * transaction, once the event loop has answered what was waiting (setImmediate): measured in
 * bench/journal.mjs, that costs a request far less than a transaction of its own. Reads flush
 * first, so a test that asks right after its call sees it.
 */
export class RequestJournal {
  private queue: CapturedCall[] = [];
  private scheduled = false;
  private dropped = 0;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly table: JournalTable,
    /** The clock offset of a workspace, undefined when it does not exist (any more). */
    private readonly clockOffset: (workspaceId: string) => number | undefined,
    readonly limit: number,
    private readonly log?: FastifyBaseLogger,
  ) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  record(call: CapturedCall): void {
    if (!this.enabled || this.closed) return;
    this.queue.push(call);
    if (this.queue.length > MAX_QUEUED) {
      this.queue.shift();
      this.dropped += 1;
    }
    this.schedule(0);
  }

  /** Writes what is queued now; on failure the calls stay queued and a retry is scheduled. */
  flush(): void {
    if (this.queue.length === 0) return;
    const calls = this.queue;
    this.queue = [];
    const rows = calls.map((call) => ({ call, row: journalRow(call) }));
    try {
      writeTransaction(this.db, () => {
        const touched = new Set<string>();
        for (const { call, row } of rows) {
          const workspaceId = this.home(call);
          if (workspaceId === undefined) continue;
          this.insert(workspaceId, row);
          touched.add(workspaceId);
        }
        for (const workspaceId of touched) this.table.trim(workspaceId, this.limit);
      });
    } catch (error) {
      this.queue = [...calls, ...this.queue].slice(-MAX_QUEUED);
      this.log?.warn({ err: error, queued: this.queue.length }, 'writing the request journal failed; retrying');
      this.schedule(RETRY_MS);
      return;
    }
    if (this.dropped > 0) {
      this.log?.warn({ dropped: this.dropped }, 'the request journal dropped calls it could not write in time');
      this.dropped = 0;
    }
  }

  /** Writes what is queued and takes no more: the app is closing, and the database with it. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  /** The workspace's entries passing the query, newest first, at most `limit`. */
  list(workspaceId: string, query: JournalQuery, limit: number): JournalEntry[] {
    this.flush();
    const found: JournalEntry[] = [];
    for (const entry of this.matching(workspaceId, query)) {
      found.push(entry);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** How many of the workspace's entries pass the query, and the first `keep` of them (newest first). */
  count(workspaceId: string, query: JournalQuery, keep: number): { count: number; entries: JournalEntry[] } {
    this.flush();
    let count = 0;
    const entries: JournalEntry[] = [];
    for (const entry of this.matching(workspaceId, query)) {
      count += 1;
      if (entries.length < keep) entries.push(entry);
    }
    return { count, entries };
  }

  clear(workspaceId: string): number {
    this.flush();
    return this.table.clear(workspaceId);
  }

  private *matching(workspaceId: string, query: JournalQuery): Generator<JournalEntry> {
    for (const entry of this.table.entries(workspaceId, query)) {
      if (query.path && !query.path(entry.request.path)) continue;
      if (query.bodyContains !== undefined && !bodyContains(entry, query.bodyContains)) continue;
      yield entry;
    }
  }

  /** A call whose workspace was deleted since is not journaled. */
  private home(call: CapturedCall): string | undefined {
    if (call.workspaceId) return this.clockOffset(call.workspaceId) === undefined ? undefined : call.workspaceId;
    const named = workspaceNamedBy(call);
    return named !== undefined && this.clockOffset(named) !== undefined ? named : DEMO_WORKSPACE;
  }

  private insert(workspaceId: string, row: JournalRow): void {
    const offset = this.clockOffset(workspaceId) ?? 0;
    this.table.insert(workspaceId, row, new Date(Date.parse(row.receivedAt) + offset).toISOString());
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (this.closed) return;
      try {
        this.flush();
      } catch (error) {
        // flush() keeps its calls on a database failure; anything else is a bug worth a log line.
        this.log?.error({ err: error }, 'the request journal failed');
      }
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs).unref();
  }
}

/** A body cut short, or not JSON (a CSV upload), contains no fragment. */
function bodyContains(entry: JournalEntry, fragment: unknown): boolean {
  const { body, bodyTruncated } = entry.request;
  if (body === null || bodyTruncated) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  return containsFragment(parsed, fragment);
}
