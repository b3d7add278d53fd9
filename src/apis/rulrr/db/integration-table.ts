import type { Database } from '../../../db/database.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { workspaceTokenPrefix } from '../../../workspaces/workspace-ids.js';
import type { IntegrationStatus } from '../schemas.js';
import { boundInteger } from '../../../db/bound-limit.js';

/** Rulrr: "Authorization codes … expire after 15 minutes." */
export const INTEGRATION_LIFETIME_MS = 15 * 60 * 1000;

export interface Integration {
  id: number;
  workspaceId: string;
  clientId: string;
  /** What the API answers: pending past its 15 minutes reads cancelled. */
  status: IntegrationStatus;
  expired: boolean;
  createdAt: string;
  expiresAt: string;
  finishedAt: string | null;
  storeId: string | null;
  ereceipt: boolean;
  tokensRetrievedAt: string | null;
  revokedAt: string | null;
}

export interface IntegrationRow extends Omit<Integration, 'expired' | 'ereceipt'> {
  ereceipt: number;
}

/** The integration as the API sees it at `now` (the sandbox time of its workspace). */
export function integrationAt(row: IntegrationRow, now: Date): Integration {
  const expired = row.status === 'pending' && now.toISOString() >= row.expiresAt;
  return { ...row, status: expired ? 'cancelled' : row.status, expired, ereceipt: row.ereceipt === 1 };
}

const COLUMNS = `id, workspace_id AS workspaceId, client_id AS clientId, status, created_at AS createdAt,
  expires_at AS expiresAt, finished_at AS finishedAt, store_id AS storeId, ereceipt,
  tokens_retrieved_at AS tokensRetrievedAt, revoked_at AS revokedAt`;

/**
 * Integrations and their lifecycle. Each transition is one conditional UPDATE, so two requests
 * that race (two Connect submissions, two token retrievals) cannot both win.
 */
export class IntegrationTable {
  private readonly insertStmt;
  private readonly byHashStmt;
  private readonly byIdStmt;
  private readonly latestStmt;
  private readonly finishStmt;
  private readonly cancelStmt;
  private readonly claimStmt;
  private readonly revokeStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO rulrr_integrations (workspace_id, client_id, token_hash, status, created_at, expires_at)
       VALUES (?, ?, ?, 'pending', ?, ?)`,
    );
    this.byHashStmt = db.prepare<[string], IntegrationRow>(`SELECT ${COLUMNS} FROM rulrr_integrations WHERE token_hash = ?`);
    this.byIdStmt = db.prepare<[string, number], IntegrationRow>(
      `SELECT ${COLUMNS} FROM rulrr_integrations WHERE workspace_id = ? AND id = ?`,
    );
    this.latestStmt = db.prepare<[string, number], IntegrationRow>(
      `SELECT ${COLUMNS} FROM rulrr_integrations WHERE workspace_id = ? ORDER BY id DESC LIMIT ${boundInteger('?')}`,
    );
    this.finishStmt = db.prepare(
      `UPDATE rulrr_integrations SET status = 'finished', finished_at = @now, store_id = @storeId, ereceipt = @ereceipt
       WHERE workspace_id = @workspaceId AND id = @id AND status = 'pending' AND expires_at > @now AND revoked_at IS NULL`,
    );
    this.cancelStmt = db.prepare(
      `UPDATE rulrr_integrations SET status = 'cancelled', cancelled_at = @now
       WHERE workspace_id = @workspaceId AND id = @id AND status = 'pending'`,
    );
    this.claimStmt = db.prepare(
      `UPDATE rulrr_integrations SET tokens_retrieved_at = @now
       WHERE workspace_id = @workspaceId AND id = @id AND status = 'finished' AND tokens_retrieved_at IS NULL
         AND revoked_at IS NULL`,
    );
    this.revokeStmt = db.prepare(
      `UPDATE rulrr_integrations SET revoked_at = @now
       WHERE workspace_id = @workspaceId AND id = @id AND status = 'finished' AND revoked_at IS NULL`,
    );
  }

  create(workspaceId: string, clientId: string, now: Date): { integrationToken: string; id: number } {
    const integrationToken = randomToken(workspaceTokenPrefix('rit', workspaceId));
    const expiresAt = new Date(now.getTime() + INTEGRATION_LIFETIME_MS);
    const { lastInsertRowid } = this.insertStmt.run(
      workspaceId,
      clientId,
      hashToken(integrationToken),
      now.toISOString(),
      expiresAt.toISOString(),
    );
    return { integrationToken, id: Number(lastInsertRowid) };
  }

  /** The integration an integration token names, and so its workspace. */
  findByToken(integrationToken: string): IntegrationRow | undefined {
    return this.byHashStmt.get(hashToken(integrationToken));
  }

  get(workspaceId: string, id: number): IntegrationRow | undefined {
    return this.byIdStmt.get(workspaceId, id);
  }

  /** The workspace's newest integrations first (the dashboard). */
  latest(workspaceId: string, limit: number): IntegrationRow[] {
    return this.latestStmt.all(workspaceId, limit);
  }

  /** pending → finished, only within the 15 minutes. */
  finish(workspaceId: string, id: number, storeId: string, ereceipt: boolean, now: Date): boolean {
    return this.finishStmt.run({ workspaceId, id, storeId, ereceipt: ereceipt ? 1 : 0, now: now.toISOString() }).changes === 1;
  }

  /** pending → cancelled (an expired one already reads cancelled; storing it changes nothing visible). */
  cancel(workspaceId: string, id: number, now: Date): boolean {
    return this.cancelStmt.run({ workspaceId, id, now: now.toISOString() }).changes === 1;
  }

  /** The one-time retrieval: true for exactly one caller, however many race. */
  claimTokens(workspaceId: string, id: number, now: Date): boolean {
    return this.claimStmt.run({ workspaceId, id, now: now.toISOString() }).changes === 1;
  }

  revoke(workspaceId: string, id: number, now: Date): boolean {
    return this.revokeStmt.run({ workspaceId, id, now: now.toISOString() }).changes === 1;
  }
}
