import type { Database } from '../../../db/database.js';
import type { OfferFixture } from '../schemas/fixtures.js';
import { storedInstant } from '../time-format.js';

export type OfferRecord = OfferFixture;

const COLUMNS = `id, type_id, type, title, description, points, discount_value, multip_factor, real_value,
  publish_at, expires_at`;

/** The business's offers. "Active" is published and not expired at the workspace's sandbox time. */
export class OfferRepository {
  private readonly activeStmt;
  private readonly countActiveStmt;
  private readonly findActiveStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.activeStmt = db.prepare<Record<string, unknown>, OfferRecord>(
      `SELECT ${COLUMNS} FROM kangaroo_offers
       WHERE workspace_id = @workspaceId AND publish_at <= @now AND expires_at > @now
       ORDER BY id LIMIT @limit OFFSET @offset`,
    );
    this.countActiveStmt = db
      .prepare<Record<string, unknown>, number>(
        `SELECT count(*) FROM kangaroo_offers WHERE workspace_id = @workspaceId AND publish_at <= @now AND expires_at > @now`,
      )
      .pluck();
    this.findActiveStmt = db.prepare<Record<string, unknown>, OfferRecord>(
      `SELECT ${COLUMNS} FROM kangaroo_offers
       WHERE workspace_id = @workspaceId AND id = @id AND publish_at <= @now AND expires_at > @now`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO kangaroo_offers (workspace_id, ${COLUMNS})
       VALUES (@workspaceId, @id, @type_id, @type, @title, @description, @points, @discount_value, @multip_factor,
               @real_value, @publish_at, @expires_at)`,
    );
  }

  active(workspaceId: string, now: Date, limit: number, offset: number): OfferRecord[] {
    return this.activeStmt.all({ workspaceId, now: now.toISOString(), limit, offset });
  }

  countActive(workspaceId: string, now: Date): number {
    return this.countActiveStmt.get({ workspaceId, now: now.toISOString() }) ?? 0;
  }

  findActive(workspaceId: string, id: number, now: Date): OfferRecord | undefined {
    return this.findActiveStmt.get({ workspaceId, id, now: now.toISOString() });
  }

  insert(workspaceId: string, offer: OfferFixture): void {
    this.insertStmt.run({ workspaceId, ...offer, publish_at: storedInstant(offer.publish_at), expires_at: storedInstant(offer.expires_at) });
  }
}
