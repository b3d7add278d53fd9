import type { z } from 'zod';
import type { Database } from '../../../db/database.js';
import type { ListQuery } from '../list-query/list-params.js';
import type { RuleEngineOutcome } from '../rules/rule-engine.js';
import type { geoPoint, metadata, ReceiptStatus, StoredLineItem } from '../schemas/common.js';
import { reviewColumns, reviewRowIn, toReview, type ReviewRecord } from './review-repository.js';
import { listParams, StatementCache } from './statement-cache.js';

/** The parts of a receipt nothing filters or sorts by, kept as JSON (`receipt_json`). */
export interface ReceiptDocument {
  lineItems: StoredLineItem[];
  pictureUrl?: string;
  locationAddress?: string;
  submissionPosition?: z.infer<typeof geoPoint>;
  formatSlug?: string;
  language?: string;
  metadata?: z.infer<typeof metadata>;
  /** The venue of the receipt's locationIdentifier when it was claimed; the rule engine's `venueId`. */
  venueId?: string;
}

/** A receipt as stored: one column per listed or filtered field, the rest in `document`. */
export interface ReceiptRecord {
  id: string;
  status: ReceiptStatus;
  createdAt: string;
  updatedAt: string;
  /** servedAt when the receipt shows a date, else createdAt. */
  notionallyServedAt: string;
  servedAt: string | null;
  serviceDate: string | null;
  /** HH:MM:SS. */
  serviceTime: string | null;
  /** The tenant's timezone when it was claimed: the one its date and time are local to. */
  timeZone: string;
  total: number | null;
  subtotal: number | null;
  correctedTotal: number | null;
  barcode: string | null;
  ocrConfidence: number;
  transactionId: string | null;
  merchantName: string | null;
  locationIdentifier: string | null;
  submitter: string;
  useParser: boolean;
  paramountReviewId: string;
  document: ReceiptDocument;
}

/** A receipt with the review that decided its status. */
export interface ReceiptWithReview {
  receipt: ReceiptRecord;
  paramountReview: ReviewRecord | null;
}

/** An item of GET /receipts, straight from its columns. */
export interface ReceiptListRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: ReceiptStatus;
  notionallyServedAt: string;
  serviceDate: string | null;
  serviceTime: string | null;
  ocrConfidence: number;
  total: number | null;
  subtotal: number | null;
  correctedTotal: number | null;
  barcode: string | null;
}

interface ReceiptRow extends Omit<ReceiptRecord, 'useParser' | 'document'> {
  useParser: number;
  document: string;
}

const RECEIPT_COLUMNS = `r.id AS id, r.status AS status, r.created_at AS createdAt, r.updated_at AS updatedAt,
  r.notionally_served_at AS notionallyServedAt, r.served_at AS servedAt, r.service_date AS serviceDate,
  r.service_time AS serviceTime, r.timezone AS timeZone, r.total AS total, r.subtotal AS subtotal,
  r.corrected_total AS correctedTotal, r.barcode AS barcode, r.ocr_confidence AS ocrConfidence,
  r.transaction_id AS transactionId, r.merchant_name AS merchantName, r.location_identifier AS locationIdentifier,
  r.submitter_auth_identifier AS submitter, r.use_parser AS useParser, r.paramount_review_id AS paramountReviewId,
  r.receipt_json AS document`;

const REVIEW_PREFIX = 'review_';

const LIST_COLUMNS = `id, created_at AS createdAt, updated_at AS updatedAt, status, notionally_served_at AS notionallyServedAt,
  service_date AS serviceDate, service_time AS serviceTime, ocr_confidence AS ocrConfidence, total, subtotal,
  corrected_total AS correctedTotal, barcode`;

/** The SQL of one page of GET /receipts: whitelisted columns and `?` only (see listParams). */
export function receiptListSql(query: ListQuery): string {
  return `SELECT ${LIST_COLUMNS} FROM wll_receipts WHERE workspace_id = ? AND (${query.where}) ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`;
}

/** A receipt row joined with its paramount review's columns (under REVIEW_PREFIX). */
function receiptWithReview(row: ReceiptRow & Record<string, unknown>): ReceiptWithReview {
  const review = reviewRowIn(row, REVIEW_PREFIX);
  return {
    receipt: {
      id: row.id,
      status: row.status,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      notionallyServedAt: row.notionallyServedAt,
      servedAt: row.servedAt,
      serviceDate: row.serviceDate,
      serviceTime: row.serviceTime,
      timeZone: row.timeZone,
      total: row.total,
      subtotal: row.subtotal,
      correctedTotal: row.correctedTotal,
      barcode: row.barcode,
      ocrConfidence: row.ocrConfidence,
      transactionId: row.transactionId,
      merchantName: row.merchantName,
      locationIdentifier: row.locationIdentifier,
      submitter: row.submitter,
      useParser: row.useParser === 1,
      paramountReviewId: row.paramountReviewId,
      document: JSON.parse(row.document) as ReceiptDocument,
    },
    paramountReview: review.id === null ? null : toReview(review),
  };
}

/** wll_receipts: claimed receipts, their paramount review, and the rule engine's output for each. */
export class ReceiptRepository {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly latestStmt;
  private readonly paramountStmt;
  private readonly existsStmt;
  private readonly ruleEngineOutputStmt;
  private readonly lists;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO wll_receipts (workspace_id, id, status, created_at, updated_at, notionally_served_at, served_at,
         service_date, service_time, timezone, total, subtotal, corrected_total, barcode, ocr_confidence,
         transaction_id, merchant_name, location_identifier, submitter_auth_identifier, use_parser,
         paramount_review_id, receipt_json, rule_engine_output)
       VALUES (@workspaceId, @id, @status, @createdAt, @updatedAt, @notionallyServedAt, @servedAt,
         @serviceDate, @serviceTime, @timeZone, @total, @subtotal, @correctedTotal, @barcode, @ocrConfidence,
         @transactionId, @merchantName, @locationIdentifier, @submitter, @useParser,
         @paramountReviewId, @document, @ruleEngineOutput)`,
    );
    // The paramount review's columns are all NULL when the receipt has none (LEFT JOIN).
    this.findStmt = db.prepare<[string, string], ReceiptRow & Record<string, unknown>>(
      `SELECT ${RECEIPT_COLUMNS}, ${reviewColumns('v', REVIEW_PREFIX)} FROM wll_receipts r
       LEFT JOIN wll_reviews v ON v.workspace_id = r.workspace_id AND v.id = r.paramount_review_id
       WHERE r.workspace_id = ? AND r.id = ?`,
    );
    this.latestStmt = db.prepare<[string, number], ReceiptRow & { ruleEngineOutput: string | null } & Record<string, unknown>>(
      `SELECT ${RECEIPT_COLUMNS}, r.rule_engine_output AS ruleEngineOutput, ${reviewColumns('v', REVIEW_PREFIX)} FROM wll_receipts r
       LEFT JOIN wll_reviews v ON v.workspace_id = r.workspace_id AND v.id = r.paramount_review_id
       WHERE r.workspace_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
    );
    this.paramountStmt = db.prepare<[string, string, string, string, string]>(
      'UPDATE wll_receipts SET status = ?, paramount_review_id = ?, updated_at = ? WHERE workspace_id = ? AND id = ?',
    );
    this.existsStmt = db.prepare<[string, string], number>('SELECT 1 FROM wll_receipts WHERE workspace_id = ? AND id = ?').pluck();
    this.ruleEngineOutputStmt = db.prepare<[string, string], { output: string | null }>(
      'SELECT rule_engine_output AS output FROM wll_receipts WHERE workspace_id = ? AND id = ?',
    );
    this.lists = new StatementCache(db);
  }

  /** Inside the caller's transaction, with its automated review (the paramount foreign key is checked at commit). */
  insert(workspaceId: string, receipt: ReceiptRecord, ruleEngineOutput: RuleEngineOutcome | null): void {
    this.insertStmt.run({
      ...receipt,
      workspaceId,
      useParser: receipt.useParser ? 1 : 0,
      document: JSON.stringify(receipt.document),
      ruleEngineOutput: ruleEngineOutput === null ? null : JSON.stringify(ruleEngineOutput),
    });
  }

  find(workspaceId: string, receiptId: string): ReceiptWithReview | undefined {
    const row = this.findStmt.get(workspaceId, receiptId);
    return row && receiptWithReview(row);
  }

  /** The workspace's newest receipts first, each with its paramount review and the rule engine's output (the dashboard). */
  latest(workspaceId: string, limit: number): Array<ReceiptWithReview & { ruleEngineOutput: RuleEngineOutcome | null }> {
    return this.latestStmt.all(workspaceId, limit).map((row) => ({
      ...receiptWithReview(row),
      ruleEngineOutput: row.ruleEngineOutput === null ? null : (JSON.parse(row.ruleEngineOutput) as RuleEngineOutcome),
    }));
  }

  exists(workspaceId: string, receiptId: string): boolean {
    return this.existsStmt.get(workspaceId, receiptId) !== undefined;
  }

  /** The rule engine's output kept with a receipt: null when it did not run; undefined when there is no such receipt. */
  ruleEngineOutput(workspaceId: string, receiptId: string): RuleEngineOutcome | null | undefined {
    const row = this.ruleEngineOutputStmt.get(workspaceId, receiptId);
    if (!row) return undefined;
    return row.output === null ? null : (JSON.parse(row.output) as RuleEngineOutcome);
  }

  /** A new paramount review sets the status (a manual review). false when there is no such receipt. */
  setParamount(workspaceId: string, receiptId: string, review: { id: string; status: ReceiptStatus }, updatedAt: string): boolean {
    return this.paramountStmt.run(review.status, review.id, updatedAt, workspaceId, receiptId).changes === 1;
  }

  /** One page of GET /receipts; `query` comes from parseListQuery over the receipts' whitelist. */
  list(workspaceId: string, query: ListQuery): ReceiptListRow[] {
    return this.lists.get(receiptListSql(query)).all(...listParams(workspaceId, query)) as ReceiptListRow[];
  }
}
