import type { ReceiptStatus, ReviewReason, ReviewVerdict } from '../schemas/common.js';
import type { ReceiptFacts } from './receipt-facts.js';
import { addDays, instantAt, localDateTimeAt } from './tenant-time.js';
import { VERDICT_OF_STATUS } from './verdicts.js';

/*
 * The automated reviewer of a claim (CONTRACT §5): its steps run in order and the first that
 * decides, decides. The steps that need the database or the rule engine are callbacks, so the
 * steps themselves stay pure.
 */

export interface TenantSettings {
  /** IANA name; receipts' dates and times are local to it. */
  timeZone: string;
  /** A receipt served longer ago than this many days is refused. */
  maxReceiptAgeDays: number;
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = { timeZone: 'UTC', maxReceiptAgeDays: 30 };

export const MIN_OCR_CONFIDENCE = 0.5;

export interface Decision {
  status: ReceiptStatus;
  reason: ReviewReason;
  /** One sentence saying why, kept as the automated review's comment. */
  comment: string;
}

/** What the rule engine can decide: it can hold a receipt back or reject it, never authorize it. */
export interface RuleDecision {
  status: Exclude<ReceiptStatus, 'AUTHORIZED'>;
  reason: ReviewReason;
  comment?: string;
}

export type ReviewStep = 'insufficient-data' | 'date' | 'duplicate' | 'rule-engine' | 'valid';

export interface AutomatedReview extends Decision {
  verdict: ReviewVerdict;
  /** The step that decided. */
  step: ReviewStep;
}

export interface ClaimKeys {
  barcode: string | null;
  transactionId: string | null;
}

export interface ReviewContext {
  /** The workspace's sandbox time. */
  now: Date;
  tenant: TenantSettings;
  /** Whether another receipt of this workspace already claimed the barcode or transaction id. */
  isDuplicate(keys: ClaimKeys): boolean | Promise<boolean>;
  /** The newest active rule set's decision, or undefined when it leaves the decision alone. */
  runRuleEngine(): RuleDecision | undefined | Promise<RuleDecision | undefined>;
}

/** No total, no service date, or an OCR confidence below 0.5 → PENDING/INSUFFICIENT_DATA. */
export function insufficientData(facts: ReceiptFacts): Decision | undefined {
  const problems = [
    ...(facts.total === null ? ['no total'] : []),
    ...(facts.serviceDate === null ? ['no service date'] : []),
    ...(facts.ocrConfidence < MIN_OCR_CONFIDENCE ? [`an OCR confidence of ${facts.ocrConfidence}, below ${MIN_OCR_CONFIDENCE}`] : []),
  ];
  if (problems.length === 0) return undefined;
  return { status: 'PENDING', reason: 'INSUFFICIENT_DATA', comment: `Not enough data to decide: the receipt has ${problems.join(', ')}.` };
}

/**
 * A service date and time in the future, or older than the tenant's limit, in the tenant's
 * timezone → REJECTED/INVALID_DATE. The limit counts calendar days on the tenant's wall clock, so
 * a DST change in between moves it by no hour. Without a time, the dates alone are compared: a
 * receipt dated today is never in the future, one dated exactly the limit ago is not too old.
 */
export function invalidDate(facts: ReceiptFacts, now: Date, tenant: TenantSettings): Decision | undefined {
  if (facts.serviceDate === null) return undefined;
  const { timeZone, maxReceiptAgeDays } = tenant;
  const local = localDateTimeAt(now, timeZone);
  const oldestDate = addDays(local.date, -maxReceiptAgeDays);
  const shown = facts.serviceTime === null ? facts.serviceDate : `${facts.serviceDate} ${facts.serviceTime}`;
  let future: boolean;
  let tooOld: boolean;
  if (facts.serviceTime === null) {
    future = facts.serviceDate > local.date;
    tooOld = facts.serviceDate < oldestDate;
  } else {
    const servedAt = instantAt(facts.serviceDate, facts.serviceTime, timeZone).getTime();
    future = servedAt > now.getTime();
    tooOld = servedAt < instantAt(oldestDate, local.time, timeZone).getTime();
  }
  if (future) return { status: 'REJECTED', reason: 'INVALID_DATE', comment: `The service date ${shown} (${timeZone}) is in the future.` };
  if (tooOld) {
    return {
      status: 'REJECTED',
      reason: 'INVALID_DATE',
      comment: `The service date ${shown} (${timeZone}) is more than ${maxReceiptAgeDays} days ago.`,
    };
  }
  return undefined;
}

/** The DUPLICATE decision, also for a claim that loses the race for its keys at insert time. */
export function duplicateDecision(keys: ClaimKeys): Decision {
  const named = [
    ...(keys.barcode === null ? [] : [`barcode ${keys.barcode}`]),
    ...(keys.transactionId === null ? [] : [`transactionId ${keys.transactionId}`]),
  ];
  return { status: 'REJECTED', reason: 'DUPLICATE', comment: `A receipt with ${named.join(' or ')} was already claimed.` };
}

async function duplicate(facts: ReceiptFacts, context: ReviewContext): Promise<Decision | undefined> {
  const keys = { barcode: facts.barcode, transactionId: facts.transactionId };
  if (keys.barcode === null && keys.transactionId === null) return undefined;
  return (await context.isDuplicate(keys)) ? duplicateDecision(keys) : undefined;
}

async function ruleEngine(context: ReviewContext): Promise<Decision | undefined> {
  const decision = await context.runRuleEngine();
  if (!decision) return undefined;
  return { ...decision, comment: decision.comment ?? `The rule engine decided ${decision.status} (${decision.reason}).` };
}

const STEPS: Array<[ReviewStep, (facts: ReceiptFacts, context: ReviewContext) => Decision | undefined | Promise<Decision | undefined>]> = [
  ['insufficient-data', (facts) => insufficientData(facts)],
  ['date', (facts, context) => invalidDate(facts, context.now, context.tenant)],
  ['duplicate', duplicate],
  ['rule-engine', (_facts, context) => ruleEngine(context)],
];

const VALID: Decision = { status: 'AUTHORIZED', reason: 'VALID_DATA', comment: 'The receipt passed every automated check.' };

export function automatedReviewOf(decision: Decision, step: ReviewStep): AutomatedReview {
  return { ...decision, verdict: VERDICT_OF_STATUS[decision.status], step };
}

/** Runs the steps in order; the first decision wins, and a receipt none of them stops is AUTHORIZED. */
export async function reviewReceipt(facts: ReceiptFacts, context: ReviewContext): Promise<AutomatedReview> {
  for (const [step, decide] of STEPS) {
    const decision = await decide(facts, context);
    if (decision) return automatedReviewOf(decision, step);
  }
  return automatedReviewOf(VALID, 'valid');
}
