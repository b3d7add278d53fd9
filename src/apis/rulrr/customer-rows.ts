import { CsvError, parseCsv } from '../../lib/csv.js';
import { describeValue, quote, quoteList } from '../../lib/describe.js';
import { isE164, isEmailAddress } from '../../lib/field-formats.js';
import { rulrrError } from './errors.js';
import { CUSTOMER_TEXT_LIMITS, type Customer } from './schemas.js';

/**
 * Sandbox-defined: the customers-list file accepted at the upload URL (CONTRACT §5). Rows are
 * checked one by one; a bad row is reported with its line and reason and the good ones are kept.
 * Only a file that cannot be read at all (no usable header, broken quoting) is refused whole.
 * A reason names the value that was wrong but never echoes more than a glimpse of it.
 */
export const CUSTOMER_COLUMNS = ['customerId', 'firstName', 'lastName', 'email', 'phone', 'marketingOptIn'] as const;

export interface RawRow {
  line: number;
  values: Record<string, unknown>;
  /** Why the row cannot even be read as a customer (wrong field count, not an object). */
  unreadable?: string;
}

export type CheckedRow =
  | { ok: true; line: number; customer: Customer }
  | { ok: false; line: number; customerId: string | null; reason: string };

const MAX_ROWS = 10_000;
const EXPECTED = CUSTOMER_COLUMNS.join(',');
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(CUSTOMER_COLUMNS);

export function rowsFromCsv(text: string): RawRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw rulrrError('invalid_upload', `CSV line ${error.line}: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw rulrrError('invalid_upload', `The CSV file is empty; its first line must be: ${EXPECTED}`);
  const columns = header.fields.map((name) => name.trim());
  const problem = headerProblem(columns);
  if (problem) throw rulrrError('invalid_upload', `CSV header line: ${problem}; expected ${EXPECTED}`);
  checkRowCount(rows.length);
  return rows.map((record) => ({
    line: record.line,
    values: Object.fromEntries(columns.map((name, i) => [name, record.fields[i]])),
    ...(record.fields.length !== columns.length && {
      unreadable: `the line has ${record.fields.length} field(s) but the header has ${columns.length}`,
    }),
  }));
}

/** Sets, not nested scans: a header can have hundreds of thousands of columns. */
function headerProblem(columns: string[]): string | undefined {
  const unknown = columns.filter((name) => !KNOWN_COLUMNS.has(name));
  if (unknown.length > 0) return `unknown column(s) ${quoteList(unknown)}`;
  // Every column is now one of the six known ones, so the repeated ones are few.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of columns) (seen.has(name) ? repeated : seen).add(name);
  if (repeated.size > 0) return `column(s) ${[...repeated].join(', ')} given twice`;
  if (!seen.has('customerId')) return 'no customerId column';
  return undefined;
}

export function rowsFromJson(customers: unknown[]): RawRow[] {
  checkRowCount(customers.length);
  return customers.map((row, index) =>
    row !== null && typeof row === 'object' && !Array.isArray(row)
      ? { line: index + 1, values: row as Record<string, unknown> }
      : { line: index + 1, values: {}, unreadable: 'the row is not an object' },
  );
}

function checkRowCount(count: number): void {
  if (count > MAX_ROWS) throw rulrrError('invalid_upload', `At most ${MAX_ROWS} customers per upload (got ${count})`);
}

class RowProblem extends Error {}

/**
 * A text field: absent, null or blank is empty; a JSON number is taken as its digits (ids often
 * are numbers). Longer than `max` once trimmed is a problem, not a value to store.
 */
function text(values: Record<string, unknown>, field: string, max: number): string | null {
  const value = values[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new RowProblem(`${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw new RowProblem(`${field} is longer than ${max} characters (${trimmed.length})`);
  return trimmed === '' ? null : trimmed;
}

function optIn(value: unknown): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (value === undefined || value === null || value === '') return null;
  throw new RowProblem(`marketingOptIn must be true, false or empty (got ${describeValue(value)})`);
}

export function checkRow({ line, values, unreadable }: RawRow): CheckedRow {
  let customerId: string | null = null;
  let idProblem: string | undefined;
  try {
    customerId = text(values, 'customerId', CUSTOMER_TEXT_LIMITS.customerId);
  } catch (error) {
    if (!(error instanceof RowProblem)) throw error;
    idProblem = error.message;
  }
  const reject = (reason: string): CheckedRow => ({ ok: false, line, customerId, reason });
  if (unreadable) return reject(unreadable);
  if (idProblem) return reject(idProblem);
  if (!customerId) return reject('customerId is missing');
  try {
    // Unbounded reads here: the format checks below cap the length themselves.
    const email = text(values, 'email', Infinity);
    if (email && !isEmailAddress(email)) return reject(`email ${quote(email)} is not an email address`);
    const phone = text(values, 'phone', Infinity);
    if (phone && !isE164(phone)) return reject(`phone ${quote(phone)} is not an E.164 number such as +14155550123`);
    return {
      ok: true,
      line,
      customer: {
        customerId,
        firstName: text(values, 'firstName', CUSTOMER_TEXT_LIMITS.firstName),
        lastName: text(values, 'lastName', CUSTOMER_TEXT_LIMITS.lastName),
        email,
        phone,
        marketingOptIn: optIn(values.marketingOptIn),
      },
    };
  } catch (error) {
    if (error instanceof RowProblem) return reject(error.message);
    throw error;
  }
}
