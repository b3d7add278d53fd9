import type { Database } from '../../../db/database.js';
import type { CatalogItemFixture } from '../schemas/fixtures.js';
import { storedInstant } from '../time-format.js';

export type CatalogItemRecord = CatalogItemFixture;

interface CatalogItemRow extends Omit<CatalogItemRecord, 'partner_reward' | 'redeem_for_gift_card'> {
  partner_reward: number;
  redeem_for_gift_card: number;
}

const COLUMNS = `id, type, title, description, points, amount, real_value, discount_value, partner_reward,
  redeem_for_gift_card, publish_at, expires_at`;

function toRecord(row: CatalogItemRow): CatalogItemRecord {
  return { ...row, partner_reward: row.partner_reward === 1, redeem_for_gift_card: row.redeem_for_gift_card === 1 };
}

/** The redemption catalog: what customers can spend points on. Active as offers are. */
export class CatalogRepository {
  private readonly activeStmt;
  private readonly countActiveStmt;
  private readonly findActiveStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.activeStmt = db.prepare<Record<string, unknown>, CatalogItemRow>(
      `SELECT ${COLUMNS} FROM kangaroo_catalog_items
       WHERE workspace_id = @workspaceId AND publish_at <= @now AND expires_at > @now
       ORDER BY id LIMIT @limit OFFSET @offset`,
    );
    this.countActiveStmt = db
      .prepare<Record<string, unknown>, number>(
        `SELECT count(*) FROM kangaroo_catalog_items
         WHERE workspace_id = @workspaceId AND publish_at <= @now AND expires_at > @now`,
      )
      .pluck();
    this.findActiveStmt = db.prepare<Record<string, unknown>, CatalogItemRow>(
      `SELECT ${COLUMNS} FROM kangaroo_catalog_items
       WHERE workspace_id = @workspaceId AND id = @id AND publish_at <= @now AND expires_at > @now`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO kangaroo_catalog_items (workspace_id, ${COLUMNS})
       VALUES (@workspaceId, @id, @type, @title, @description, @points, @amount, @real_value, @discount_value,
               @partner_reward, @redeem_for_gift_card, @publish_at, @expires_at)`,
    );
  }

  active(workspaceId: string, now: Date, limit: number, offset: number): CatalogItemRecord[] {
    return this.activeStmt.all({ workspaceId, now: now.toISOString(), limit, offset }).map(toRecord);
  }

  countActive(workspaceId: string, now: Date): number {
    return this.countActiveStmt.get({ workspaceId, now: now.toISOString() }) ?? 0;
  }

  findActive(workspaceId: string, id: number, now: Date): CatalogItemRecord | undefined {
    const row = this.findActiveStmt.get({ workspaceId, id, now: now.toISOString() });
    return row && toRecord(row);
  }

  insert(workspaceId: string, item: CatalogItemFixture): void {
    this.insertStmt.run({
      workspaceId,
      ...item,
      partner_reward: item.partner_reward ? 1 : 0,
      redeem_for_gift_card: item.redeem_for_gift_card ? 1 : 0,
      publish_at: storedInstant(item.publish_at),
      expires_at: storedInstant(item.expires_at),
    });
  }
}
