import { randomUUID } from 'node:crypto';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { authorizeClaim } from './auth/authorization.js';
import type { WllPrincipal } from './auth/principal.js';
import { ADMIN_SCOPE } from './auth/token-format.js';
import type { Catalogue } from './catalogue.js';
import type { ClaimKey, ClaimKeyRepository } from './db/claim-key-repository.js';
import type { ReceiptRecord, ReceiptRepository } from './db/receipt-repository.js';
import type { ReviewRecord, ReviewRepository } from './db/review-repository.js';
import { wllError } from './errors.js';
import { normaliseTime } from './list-query/iso-dates.js';
import type { PictureParser } from './parser/picture-parser.js';
import type { ReceiptRuleEngine } from './receipt-rule-engine.js';
import { reviewView } from './receipt-views.js';
import { asWllError } from './request-auth.js';
import {
  automatedReviewOf,
  duplicateDecision,
  reviewReceipt,
  type AutomatedReview,
  type ClaimKeys,
  type RuleDecision,
  type ReviewStep,
} from './review/automated-review.js';
import { readAmount, receiptFactsOf, servedAtOf, type ReceiptFacts } from './review/receipt-facts.js';
import type { RuleEngineOutcome, TransactionFact } from './rules/rule-engine.js';
import { reviewDecision } from './rules/review-decision.js';
import type { ClaimReceiptInput, ParsedReceiptFields } from './schemas/receipts.js';
import type { Review } from './schemas/reviews.js';
import type { Tenants } from './tenants.js';
import type { WllEvents } from './wll-events.js';

export interface ClaimedReceipt {
  id: string;
  status: ReceiptRecord['status'];
  paramountReview: Review;
}

export interface ReceiptClaimsDependencies {
  db: Database;
  clock: WorkspaceClock;
  tenants: Tenants;
  catalogue: Catalogue;
  parser: PictureParser;
  ruleEngine: ReceiptRuleEngine;
  receipts: ReceiptRepository;
  reviews: ReviewRepository;
  claimKeys: ClaimKeyRepository;
  events: WllEvents;
}

/** The steps after the duplicate check: a claim they decided can still lose its keys to a racing twin. */
const AFTER_DUPLICATE_STEP: ReadonlySet<ReviewStep> = new Set(['rule-engine', 'valid']);

/** The automated review's comment carries the rule engine's output; this caps what a rule set can put there. */
const MAX_COMMENT_LENGTH = 4000;

/**
 * POST /receipts: a claim in either documented mode, parsed (default mode) or as sent
 * (preparsed), reviewed by the automated reviewer in CONTRACT §5's order, and stored with that
 * review as its paramount review, the rule engine's output, and a `wll.receipt.reviewed` event.
 *
 * The review runs before the write (the rule engine is asynchronous); the write then takes the
 * receipt's barcode and transaction id in the claim-keys table. Two identical claims racing — in
 * one process or in several sharing the database — both pass the reviewer's early duplicate
 * look, but only one can take the keys: the other is stored as the DUPLICATE it is.
 */
export class ReceiptClaims {
  constructor(private readonly deps: ReceiptClaimsDependencies) {}

  async claim(workspaceId: string, principal: WllPrincipal, body: ClaimReceiptInput): Promise<ClaimedReceipt> {
    const { clock, tenants, parser, claimKeys, ruleEngine } = this.deps;
    const submitter = submitterOf(principal, body);
    const now = clock.now(workspaceId);
    const tenant = tenants.settings(workspaceId);
    const fields = body.useParser ? parser.parse(body.pictureUrl, now, tenant.timeZone) : preparsedFields(body);
    // Sandbox's choice: the docs show a receipt's transactionId equal to its barcode, and no other source.
    const facts = receiptFactsOf(fields, fields.barcode?.value ?? null);
    const receipt = this.receiptOf(workspaceId, { submitter, body, fields, facts, now, timeZone: tenant.timeZone });
    const keys = claimKeysOf(facts);

    let outcome: RuleEngineOutcome | undefined;
    const review = await reviewReceipt(facts, {
      now,
      tenant,
      isDuplicate: () => claimKeys.anyHeld(workspaceId, keys),
      runRuleEngine: async (): Promise<RuleDecision | undefined> => {
        outcome = await ruleEngine.run(workspaceId, transactionOf(receipt));
        const decision = outcome && reviewDecision(outcome);
        return decision && { status: decision.status, reason: decision.reason };
      },
    });
    return this.store(workspaceId, receipt, review, facts, outcome, now);
  }

  private store(
    workspaceId: string,
    receipt: ReceiptRecord,
    review: AutomatedReview,
    facts: ClaimKeys,
    outcome: RuleEngineOutcome | undefined,
    now: Date,
  ): ClaimedReceipt {
    const { db, receipts, reviews, claimKeys, events } = this.deps;
    const keys = claimKeysOf(facts);
    return writeTransaction(db, () => {
      let decided = review;
      // The guard that settles a race: the keys' primary key decides, under the write lock.
      if (review.step !== 'duplicate' && keys.length > 0 && !claimKeys.claimAll(workspaceId, keys, receipt.id)) {
        if (AFTER_DUPLICATE_STEP.has(review.step)) decided = automatedReviewOf(duplicateDecision(facts), 'duplicate');
      }
      const automated: ReviewRecord = {
        id: receipt.paramountReviewId,
        receiptId: receipt.id,
        verdict: decided.verdict,
        reason: decided.reason,
        comment: commentWith(decided.comment, outcome),
        isAutomated: true,
        reviewer: null,
        createdAt: now.toISOString(),
      };
      receipts.insert(workspaceId, { ...receipt, status: decided.status }, outcome ?? null);
      reviews.insert(workspaceId, automated);
      const paramountReview = reviewView(automated);
      events.receiptReviewed(
        workspaceId,
        {
          receiptId: receipt.id,
          status: decided.status,
          submitter: receipt.submitter,
          review: paramountReview,
          ...(outcome && { ruleEngineOutput: outcome.params }),
        },
        now,
      );
      return { id: receipt.id, status: decided.status, paramountReview };
    });
  }

  /** The receipt as it will be stored, its status still to be decided. */
  private receiptOf(
    workspaceId: string,
    claim: { submitter: string; body: ClaimReceiptInput; fields: ParsedReceiptFields; facts: ReceiptFacts; now: Date; timeZone: string },
  ): ReceiptRecord {
    const { submitter, body, fields, facts, now, timeZone } = claim;
    const createdAt = now.toISOString();
    const servedAt = servedAtOf(facts, timeZone);
    const locationIdentifier = fields.locationIdentifier?.value ?? null;
    const venueId = this.deps.catalogue.venueIdFor(workspaceId, locationIdentifier);
    return {
      id: randomUUID(),
      status: 'PENDING',
      createdAt,
      updatedAt: createdAt,
      notionallyServedAt: servedAt ?? createdAt,
      servedAt,
      serviceDate: facts.serviceDate,
      serviceTime: facts.serviceTime === null ? null : (normaliseTime(facts.serviceTime) ?? null),
      timeZone,
      total: facts.total,
      subtotal: readAmount(fields.subtotal?.value),
      // The sandbox corrects no totals (the docs' example shows the two equal).
      correctedTotal: facts.total,
      barcode: facts.barcode,
      ocrConfidence: fields.ocrConfidence,
      transactionId: facts.transactionId,
      merchantName: fields.merchantName?.value ?? null,
      locationIdentifier,
      submitter,
      useParser: body.useParser,
      paramountReviewId: randomUUID(),
      document: {
        lineItems: this.deps.catalogue.matchLineItems(workspaceId, fields.lineItems),
        ...(body.pictureUrl !== undefined && { pictureUrl: body.pictureUrl }),
        ...(fields.locationAddress && { locationAddress: fields.locationAddress.value }),
        ...(body.submissionPosition && { submissionPosition: body.submissionPosition }),
        ...(fields.formatSlug !== undefined && { formatSlug: fields.formatSlug }),
        ...(fields.language && { language: fields.language.value }),
        ...(body.metadata && { metadata: body.metadata }),
        ...(venueId !== undefined && { venueId }),
      },
    };
  }
}

/**
 * Who the claim is for. An admin token names the submitter in the body (required then); a user
 * token claims for its own user, in default mode only.
 */
function submitterOf(principal: WllPrincipal, body: ClaimReceiptInput): string {
  const named = body.submitter?.authIdentifier;
  if (named === undefined && principal.scopes.includes(ADMIN_SCOPE)) {
    throw wllError(
      'BadRequestError',
      'Invalid request: body.submitter.authIdentifier is required with an admin token: name the user the claim is made for',
    );
  }
  return asWllError(() => authorizeClaim(principal, { preparsed: !body.useParser, submitter: named ?? principal.authIdentifier }));
}

function preparsedFields(body: Extract<ClaimReceiptInput, { useParser: false }>): ParsedReceiptFields {
  const { useParser: _mode, submitter: _submitter, pictureUrl: _picture, submissionPosition: _position, metadata: _metadata, ...fields } = body;
  return fields;
}

function claimKeysOf(facts: ClaimKeys): ClaimKey[] {
  return [
    ...(facts.barcode === null ? [] : [{ kind: 'barcode' as const, value: facts.barcode }]),
    ...(facts.transactionId === null ? [] : [{ kind: 'transactionId' as const, value: facts.transactionId }]),
  ];
}

/**
 * The rule engine's `request.transaction`: the receipt as stored (CONTRACT §5) — numeric totals,
 * line items with their productId, merchant, dates, location, metadata — plus the `venueId` its
 * location belongs to, which `venueMatches` reads. Fields the receipt lacks are left out.
 */
function transactionOf(receipt: ReceiptRecord): TransactionFact {
  const { document } = receipt;
  const fact: Record<string, unknown> = {
    id: receipt.id,
    createdAt: receipt.createdAt,
    submitter: { authIdentifier: receipt.submitter },
    ocrConfidence: receipt.ocrConfidence,
    total: receipt.total,
    subtotal: receipt.subtotal,
    correctedTotal: receipt.correctedTotal,
    barcode: receipt.barcode,
    transactionId: receipt.transactionId,
    merchantName: receipt.merchantName,
    serviceDate: receipt.serviceDate,
    serviceTime: receipt.serviceTime,
    servedAt: receipt.servedAt,
    timezone: receipt.timeZone,
    locationIdentifier: receipt.locationIdentifier,
    ...document,
  };
  return Object.fromEntries(Object.entries(fact).filter(([, value]) => value !== null && value !== undefined));
}

function commentWith(comment: string, outcome: RuleEngineOutcome | undefined): string {
  if (!outcome) return comment;
  const failure = outcome.error === undefined ? '' : ` A rule threw: ${outcome.error}`;
  const full = `${comment}${failure} Rule engine output: ${JSON.stringify(outcome.params)}`;
  return full.length > MAX_COMMENT_LENGTH ? `${full.slice(0, MAX_COMMENT_LENGTH - 1)}…` : full;
}
