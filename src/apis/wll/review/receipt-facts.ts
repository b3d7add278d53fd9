import type { ParsedReceiptFields } from '../schemas/receipts.js';
import { instantAt } from './tenant-time.js';

/** What the automated reviewer judges a receipt by, whichever mode it was claimed in. */
export interface ReceiptFacts {
  ocrConfidence: number;
  total: number | null;
  /** YYYY-MM-DD, local to the tenant. */
  serviceDate: string | null;
  /** HH:MM or HH:MM:SS, local to the tenant. */
  serviceTime: string | null;
  barcode: string | null;
  transactionId: string | null;
}

// Digits with a decimal point (up to 4 places) or a decimal comma (up to 2, so "1,234" is not 1.234).
const AMOUNT = /^[-+]?\d{1,12}(?:\.\d{1,4}|,\d{1,2})?$/;
const CURRENCY_SIGN = /^[£$€]/;

/** 12.5, "12.50", "£12.50" and "12,50" read as 12.5; anything else is no amount. */
export function readAmount(value: string | number | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined) return null;
  const digits = value.trim().replace(CURRENCY_SIGN, '').trim();
  return AMOUNT.test(digits) ? Number(digits.replace(',', '.')) : null;
}

/**
 * The facts of a parse result or preparsed claim. The docs show no source for a receipt's
 * `transactionId`, so the caller passes it (null when it has none).
 */
export function receiptFactsOf(fields: ParsedReceiptFields, transactionId: string | null = null): ReceiptFacts {
  return {
    ocrConfidence: fields.ocrConfidence,
    total: readAmount(fields.total?.value),
    serviceDate: fields.serviceDate?.value ?? null,
    serviceTime: fields.serviceTime?.value ?? null,
    barcode: fields.barcode?.value ?? null,
    transactionId,
  };
}

/**
 * When a receipt was served, as an ISO instant: its local date and time in the tenant's timezone,
 * the start of that day when it shows no time; null when it shows no date.
 */
export function servedAtOf(facts: Pick<ReceiptFacts, 'serviceDate' | 'serviceTime'>, timeZone: string): string | null {
  if (facts.serviceDate === null) return null;
  return instantAt(facts.serviceDate, facts.serviceTime ?? '00:00', timeZone).toISOString();
}
