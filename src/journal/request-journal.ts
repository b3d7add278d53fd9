import type { FastifyBaseLogger } from 'fastify';
import { writeTransaction, type Database } from '../db/database.js';
import { containsFragment } from '../lib/json-fragment.js';
import type { PathMatcher } from '../lib/path-pattern.js';
import { DEMO_WORKSPACE } from '../workspaces/workspace-ids.js';
import { journalRow, workspaceNamedBy, type CapturedCall } from './journal-entry.js';
import type { JournalEntry, JournalFilter, JournalTable } from './journal-table.js';

export interface JournalQuery extends JournalFilter {
  path?: PathMatcher | undefined;
  /** A JSON fragment the request body must contain (partial deep match). */
  bodyContains?: unknown;
}

/** Calls waiting to be written beyond this many (the database refusing writes for long): the oldest are dropped. */
const MAX_QUEUED = 10_000;
/** Calls are gathered this long before they are written together. */
const BATCH_MS = 10;
/** After a failed write (another process held the lock too long) the queue is tried again this much later. */
const RETRY_MS = 200;

/**
 * The request journal (issue 9): every emulated-API call of a workspace, newest first, at most
 * `limit` per workspace. Calls are queued on the request path (references only) and written
 * together, masked and cut, in one transaction every few milliseconds; the oldest entries of a
 * workspace are deleted once it has gained a tenth of its limit, and before any read. Measured in
 * bench/journal.mjs: a transaction per call, or a trim per write, would cost a busy sandbox a
 * large share of its throughput. Reads write the queue first, so a test that asks right after its
 * call sees it.
 */
export class RequestJournal {
  private queue: CapturedCall[] = [];
  private scheduled = false;
  private dropped = 0;
  private closed = false;
  /** Per workspace: entries this process wrote since it last trimmed that workspace. */
  private readonly untrimmed = new Map<string, number>();
  private readonly trimEvery: number;

  constructor(
    private readonly db: Database,
    private readonly table: JournalTable,
    /** The clock offset of a workspace, undefined when it does not exist (any more). */
    private readonly clockOffset: (workspaceId: string) => number | undefined,
    readonly limit: number,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.trimEvery = Math.max(1, Math.min(100, Math.ceil(limit / 10)));
  }

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
    this.schedule(BATCH_MS);
  }

  /** Writes what is queued and trims every workspace written to since its last trim. */
  flush(): void {
    this.write();
    if (this.untrimmed.size === 0) return;
    writeTransaction(this.db, () => {
      for (const workspaceId of this.untrimmed.keys()) this.table.trim(workspaceId, this.limit);
    });
    this.untrimmed.clear();
  }

  /** Writes what is queued now; on failure the calls stay queued and a retry is scheduled. */
  private write(): void {
    if (this.queue.length === 0) return;
    const calls = this.queue;
    this.queue = [];
    const rows = calls.map((call) => ({ call, row: journalRow(call) }));
    try {
      writeTransaction(this.db, () => {
        // Each workspace's clock offset, read once a batch: undefined once the workspace is gone.
        const offsets = new Map<string, number | undefined>();
        const offsetOf = (workspaceId: string) => {
          if (!offsets.has(workspaceId)) offsets.set(workspaceId, this.clockOffset(workspaceId));
          return offsets.get(workspaceId);
        };
        for (const { call, row } of rows) {
          const workspaceId = this.home(call, offsetOf);
          if (workspaceId === undefined) continue;
          const offset = offsetOf(workspaceId) ?? 0;
          this.table.insert(workspaceId, row, offset === 0 ? row.receivedAt : new Date(call.receivedAtMs + offset).toISOString());
          const written = (this.untrimmed.get(workspaceId) ?? 0) + 1;
          if (written < this.trimEvery) {
            this.untrimmed.set(workspaceId, written);
          } else {
            this.table.trim(workspaceId, this.limit);
            this.untrimmed.delete(workspaceId);
          }
        }
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
    this.settle(workspaceId);
    const found: JournalEntry[] = [];
    for (const entry of this.matching(workspaceId, query)) {
      found.push(entry);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** How many of the workspace's entries pass the query, and the first `keep` of them (newest first). */
  count(workspaceId: string, query: JournalQuery, keep: number): { count: number; entries: JournalEntry[] } {
    this.settle(workspaceId);
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

  /**
   * Writes the queue and trims the workspace about to be read, whoever wrote to it: another process
   * sharing the file trims on its own count, so a read never shows more than the limit.
   */
  settle(workspaceId: string): void {
    this.flush();
    writeTransaction(this.db, () => this.table.trim(workspaceId, this.limit));
  }

  private *matching(workspaceId: string, query: JournalQuery): Generator<JournalEntry> {
    for (const entry of this.table.entries(workspaceId, query)) {
      if (query.path && !query.path(entry.request.path)) continue;
      if (query.bodyContains !== undefined && !bodyContains(entry, query.bodyContains)) continue;
      yield entry;
    }
  }

  /** A call whose workspace was deleted since is not journaled. */
  private home(call: CapturedCall, offsetOf: (workspaceId: string) => number | undefined): string | undefined {
    if (call.workspaceId) return offsetOf(call.workspaceId) === undefined ? undefined : call.workspaceId;
    const named = workspaceNamedBy(call);
    return named !== undefined && offsetOf(named) !== undefined ? named : DEMO_WORKSPACE;
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (this.closed) return;
      try {
        this.write();
      } catch (error) {
        // write() keeps its calls on a database failure; anything else is a bug worth a log line.
        this.log?.error({ err: error }, 'the request journal failed');
      }
    };
    setTimeout(run, delayMs).unref();
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
