import type { Database } from '../db/database.js';
import { randomToken } from '../lib/secrets.js';

export interface Webhook {
  id: string;
  url: string;
  /** Event types, or `*` for every type. */
  events: string[];
  description: string | null;
  createdAt: string;
}

export interface NewWebhook {
  url: string;
  events: string[];
  description?: string | undefined;
}

interface WebhookRow extends Omit<Webhook, 'events'> {
  events: string;
}

const COLUMNS = 'id, url, events, description, created_at AS createdAt';

const toWebhook = (row: WebhookRow): Webhook => ({ ...row, events: JSON.parse(row.events) as string[] });

/**
 * A workspace's webhooks. Registering one is all it takes to receive events: the database fans
 * each recorded event out to the webhooks that want it (migration 010).
 */
export class WebhookTable {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly getStmt;
  private readonly countStmt;
  private readonly deleteStmt;
  private readonly dropUnwantedEventsStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO webhooks (id, workspace_id, url, events, description, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.listStmt = db.prepare<[string], WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = ? ORDER BY created_at, id`);
    this.getStmt = db.prepare<[string, string], WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE workspace_id = ? AND id = ?`);
    this.countStmt = db.prepare<[string], number>('SELECT count(*) FROM webhooks WHERE workspace_id = ?').pluck();
    this.deleteStmt = db.prepare('DELETE FROM webhooks WHERE workspace_id = ? AND id = ?');
    // Deleting a webhook deletes its deliveries; an event no other webhook is delivering goes too.
    this.dropUnwantedEventsStmt = db.prepare(
      `DELETE FROM webhook_events WHERE workspace_id = ?
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_row_id = webhook_events.id)`,
    );
  }

  /** Call inside a write transaction (with `count`, to keep to a limit). The secret is returned here only. */
  add(workspaceId: string, webhook: NewWebhook, now: Date): Webhook & { secret: string } {
    const id = randomToken('wh', 12);
    const secret = randomToken('whsec', 24);
    const events = [...new Set(webhook.events)];
    const createdAt = now.toISOString();
    this.insertStmt.run(id, workspaceId, webhook.url, JSON.stringify(events), webhook.description ?? null, secret, createdAt);
    return { id, url: webhook.url, events, description: webhook.description ?? null, secret, createdAt };
  }

  count(workspaceId: string): number {
    return this.countStmt.get(workspaceId) ?? 0;
  }

  list(workspaceId: string): Webhook[] {
    return this.listStmt.all(workspaceId).map(toWebhook);
  }

  get(workspaceId: string, id: string): Webhook | undefined {
    const row = this.getStmt.get(workspaceId, id);
    return row && toWebhook(row);
  }

  /** Call inside a write transaction. Its deliveries, pending ones included, go with it. */
  remove(workspaceId: string, id: string): boolean {
    if (this.deleteStmt.run(workspaceId, id).changes === 0) return false;
    this.dropUnwantedEventsStmt.run(workspaceId);
    return true;
  }
}
