import { DEFAULT_OUTBOX_LIMIT } from '../config.js';
import { writeTransaction, type Database } from '../db/database.js';
import { boundInteger } from '../db/bound-limit.js';

export interface OutboxMessage {
  id: number;
  api: string;
  channel: string;
  recipient: string | null;
  body: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type NewOutboxMessage = Omit<OutboxMessage, 'id' | 'createdAt'>;

export interface OutboxFilter {
  api?: string | undefined;
  channel?: string | undefined;
  recipient?: string | undefined;
  /** Only messages after this id: page through the outbox with the last id seen. */
  after?: number | undefined;
}

interface OutboxRow extends Omit<OutboxMessage, 'payload'> {
  payload: string;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({ ...row, payload: JSON.parse(row.payload) as Record<string, unknown> });

/**
 * What the sandbox would have sent to the outside world (SMS, events), kept per workspace for
 * inspection: at most `limit` messages, the oldest going first. As with the request journal, a
 * trim walks `limit` index entries, so a workspace is trimmed once it has gained a tenth of its
 * limit (at most 100 messages) in this process, and before every read; a webhook delivery has its
 * own copy of the event and outlives the message.
 */
export class OutboxTable {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly apisStmt;
  private readonly latestOfApiStmt;
  private readonly clearStmt;
  private readonly trimStmt;
  /** Per workspace: messages this process added since it last trimmed that workspace. */
  private readonly untrimmed = new Map<string, number>();
  private readonly trimEvery: number;

  constructor(
    private readonly db: Database,
    readonly limit = DEFAULT_OUTBOX_LIMIT,
  ) {
    this.trimEvery = Math.max(1, Math.min(100, Math.ceil(limit / 10)));
    this.insertStmt = db.prepare(
      `INSERT INTO outbox_messages (workspace_id, api, channel, recipient, body, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // Each filter is optional: a NULL parameter matches every row.
    this.listStmt = db.prepare<
      { workspaceId: string; api: string | null; channel: string | null; recipient: string | null; after: number; limit: number },
      OutboxRow
    >(
      `SELECT id, api, channel, recipient, body, payload, created_at AS createdAt FROM outbox_messages
       WHERE workspace_id = @workspaceId AND (@api IS NULL OR api = @api) AND (@channel IS NULL OR channel = @channel)
         AND (@recipient IS NULL OR recipient = @recipient) AND id > @after
       ORDER BY id LIMIT @limit`,
    );
    // The index runs (workspace_id, api, id): the APIs of a workspace are found by skipping
    // through it, then each API's newest messages are read off its end. Ordering the workspace's
    // messages by id alone would sort all of them (about 50 ms at 100,000, on every refresh).
    this.apisStmt = db
      .prepare<{ workspaceId: string }, string>(
        `WITH RECURSIVE apis(api) AS (
           SELECT min(api) FROM outbox_messages WHERE workspace_id = @workspaceId
           UNION ALL
           SELECT (SELECT min(api) FROM outbox_messages WHERE workspace_id = @workspaceId AND api > apis.api) FROM apis
           WHERE apis.api IS NOT NULL)
         SELECT api FROM apis WHERE api IS NOT NULL`,
      )
      .pluck();
    this.latestOfApiStmt = db.prepare<[string, string, number], OutboxRow>(
      `SELECT id, api, channel, recipient, body, payload, created_at AS createdAt FROM outbox_messages
       WHERE workspace_id = ? AND api = ? ORDER BY id DESC LIMIT ${boundInteger('?')}`,
    );
    this.clearStmt = db.prepare('DELETE FROM outbox_messages WHERE workspace_id = ?');
    // Everything older than the newest `keep` messages of the workspace, found through its index.
    this.trimStmt = db.prepare<[string, string, number]>(
      `DELETE FROM outbox_messages WHERE workspace_id = ? AND id <= (
         SELECT id FROM outbox_messages WHERE workspace_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${boundInteger('?')})`,
    );
  }

  /** Inside the caller's transaction, when it has one: the message is stored with the change it reports. */
  add(workspaceId: string, message: NewOutboxMessage, now: Date): OutboxMessage {
    const createdAt = now.toISOString();
    const { lastInsertRowid } = this.insertStmt.run(
      workspaceId,
      message.api,
      message.channel,
      message.recipient,
      message.body,
      JSON.stringify(message.payload),
      createdAt,
    );
    const added = (this.untrimmed.get(workspaceId) ?? 0) + 1;
    if (added < this.trimEvery) {
      this.untrimmed.set(workspaceId, added);
    } else {
      this.trim(workspaceId);
    }
    return { id: Number(lastInsertRowid), ...message, createdAt };
  }

  /** The workspace's messages passing the filter, oldest first; trimmed first, whichever process added them. */
  list(workspaceId: string, filter: OutboxFilter = {}, limit = 1000): OutboxMessage[] {
    writeTransaction(this.db, () => this.trim(workspaceId));
    return this.listStmt
      .all({
        workspaceId,
        api: filter.api ?? null,
        channel: filter.channel ?? null,
        recipient: filter.recipient ?? null,
        after: filter.after ?? 0,
        limit,
      })
      .map(toMessage);
  }

  /** The workspace's newest messages first (the dashboard). */
  latest(workspaceId: string, limit: number): OutboxMessage[] {
    return this.apisStmt
      .all({ workspaceId })
      .flatMap((api) => this.latestOfApiStmt.all(workspaceId, api, limit))
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
      .map(toMessage);
  }

  clear(workspaceId: string): number {
    this.untrimmed.delete(workspaceId);
    return this.clearStmt.run(workspaceId).changes;
  }

  /** Keeps the newest `limit` messages of a workspace. */
  private trim(workspaceId: string): void {
    this.trimStmt.run(workspaceId, workspaceId, this.limit);
    this.untrimmed.delete(workspaceId);
  }
}
