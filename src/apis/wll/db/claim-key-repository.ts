import type { Database } from '../../../db/database.js';

export type ClaimKeyKind = 'barcode' | 'transactionId';

export interface ClaimKey {
  kind: ClaimKeyKind;
  value: string;
}

/**
 * wll_receipt_claim_keys: the barcodes and transaction ids claimed in a workspace, each held by
 * the first receipt that claimed it. Its primary key, not a read before the write, decides which
 * of two identical claims racing (in one process or several) is the duplicate.
 */
export class ClaimKeyRepository {
  private readonly heldStmt;
  private readonly claimStmt;
  private readonly releaseStmt;

  constructor(db: Database) {
    this.heldStmt = db
      .prepare<[string, string, string], number>('SELECT 1 FROM wll_receipt_claim_keys WHERE workspace_id = ? AND kind = ? AND value = ?')
      .pluck();
    this.claimStmt = db.prepare<[string, string, string, string]>(
      'INSERT OR IGNORE INTO wll_receipt_claim_keys (workspace_id, kind, value, receipt_id) VALUES (?, ?, ?, ?)',
    );
    this.releaseStmt = db.prepare<[string, string, string, string]>(
      'DELETE FROM wll_receipt_claim_keys WHERE workspace_id = ? AND kind = ? AND value = ? AND receipt_id = ?',
    );
  }

  /** Whether another receipt already holds any of the keys: the reviewer's early look. */
  anyHeld(workspaceId: string, keys: readonly ClaimKey[]): boolean {
    return keys.some((key) => this.heldStmt.get(workspaceId, key.kind, key.value) !== undefined);
  }

  /**
   * Takes every key for `receiptId`, inside the caller's write transaction, or none: when another
   * receipt holds one, the keys taken here are given back and the answer is false.
   */
  claimAll(workspaceId: string, keys: readonly ClaimKey[], receiptId: string): boolean {
    const taken: ClaimKey[] = [];
    for (const key of keys) {
      if (this.claimStmt.run(workspaceId, key.kind, key.value, receiptId).changes === 1) {
        taken.push(key);
        continue;
      }
      for (const mine of taken) this.releaseStmt.run(workspaceId, mine.kind, mine.value, receiptId);
      return false;
    }
    return true;
  }
}
