import type { Database } from '../../../db/database.js';
import type { ReviewReason, ReviewVerdict } from '../schemas/common.js';

export interface Reviewer {
  authIssuer: string;
  authIdentifier: string;
  name?: string;
}

export interface ReviewRecord {
  id: string;
  receiptId: string;
  verdict: ReviewVerdict;
  reason: ReviewReason;
  comment: string | null;
  isAutomated: boolean;
  /** null for the automated reviewer. */
  reviewer: Reviewer | null;
  createdAt: string;
}

/** A review as one SQL row: the columns every query of reviews selects, under these names. */
export interface ReviewRow {
  id: string;
  receiptId: string;
  verdict: ReviewVerdict;
  reason: ReviewReason;
  comment: string | null;
  isAutomated: number;
  reviewerAuthIssuer: string | null;
  reviewerAuthIdentifier: string | null;
  reviewerName: string | null;
  createdAt: string;
}

const REVIEW_COLUMNS: ReadonlyArray<[column: string, name: keyof ReviewRow]> = [
  ['id', 'id'],
  ['receipt_id', 'receiptId'],
  ['verdict', 'verdict'],
  ['reason', 'reason'],
  ['comment', 'comment'],
  ['is_automated', 'isAutomated'],
  ['reviewer_auth_issuer', 'reviewerAuthIssuer'],
  ['reviewer_auth_identifier', 'reviewerAuthIdentifier'],
  ['reviewer_name', 'reviewerName'],
  ['created_at', 'createdAt'],
];

/** The columns of a ReviewRow read from `wll_reviews` under `alias`, each named `<prefix><field>`. */
export function reviewColumns(alias: string, prefix = ''): string {
  return REVIEW_COLUMNS.map(([column, name]) => `${alias}.${column} AS ${prefix}${name}`).join(', ');
}

/** The ReviewRow inside a row that selected `reviewColumns(alias, prefix)` among other columns. */
export function reviewRowIn(row: Record<string, unknown>, prefix: string): ReviewRow {
  return Object.fromEntries(REVIEW_COLUMNS.map(([, name]) => [name, row[`${prefix}${name}`]])) as unknown as ReviewRow;
}

export function toReview(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    receiptId: row.receiptId,
    verdict: row.verdict,
    reason: row.reason,
    comment: row.comment,
    isAutomated: row.isAutomated === 1,
    reviewer:
      row.reviewerAuthIssuer === null || row.reviewerAuthIdentifier === null
        ? null
        : {
            authIssuer: row.reviewerAuthIssuer,
            authIdentifier: row.reviewerAuthIdentifier,
            ...(row.reviewerName === null ? {} : { name: row.reviewerName }),
          },
    createdAt: row.createdAt,
  };
}

/** wll_reviews: every review of a receipt, the automated one first. */
export class ReviewRepository {
  private readonly insertStmt;
  private readonly listStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO wll_reviews (workspace_id, id, receipt_id, verdict, reason, comment, is_automated,
         reviewer_auth_issuer, reviewer_auth_identifier, reviewer_name, created_at)
       VALUES (@workspaceId, @id, @receiptId, @verdict, @reason, @comment, @isAutomated,
         @reviewerAuthIssuer, @reviewerAuthIdentifier, @reviewerName, @createdAt)`,
    );
    // A receipt has a handful of reviews: found by (workspace_id, receipt_id), sorted after.
    this.listStmt = db.prepare<[string, string], ReviewRow>(
      `SELECT ${reviewColumns('r')} FROM wll_reviews r
       WHERE r.workspace_id = ? AND r.receipt_id = ? ORDER BY r.created_at, r.rowid`,
    );
  }

  /** Inside the caller's transaction, with the receipt whose paramount review it may become. */
  insert(workspaceId: string, review: ReviewRecord): void {
    this.insertStmt.run({
      workspaceId,
      id: review.id,
      receiptId: review.receiptId,
      verdict: review.verdict,
      reason: review.reason,
      comment: review.comment,
      isAutomated: review.isAutomated ? 1 : 0,
      reviewerAuthIssuer: review.reviewer?.authIssuer ?? null,
      reviewerAuthIdentifier: review.reviewer?.authIdentifier ?? null,
      reviewerName: review.reviewer?.name ?? null,
      createdAt: review.createdAt,
    });
  }

  listFor(workspaceId: string, receiptId: string): ReviewRecord[] {
    return this.listStmt.all(workspaceId, receiptId).map(toReview);
  }
}
