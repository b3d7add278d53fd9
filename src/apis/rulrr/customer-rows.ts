import { CsvError, parseCsv } from '../../lib/csv.js';
import { rulrrError } from './errors.js';
import { E164_PATTERN, EMAIL_PATTERN, type Customer } from './schemas.js';

/**
 * Sandbox-defined: the customers-list file accepted at the upload URL (CONTRACT §5). Rows are
 * checked one by one; a bad row is reported with its line and reason and the good ones are kept.
 * Only a file that cannot be read at all (no usable header, broken quoting) is refused whole.
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
  const unknown = columns.filter((name) => !(CUSTOMER_COLUMNS as readonly string[]).includes(name));
  const repeated = columns.filter((name, i) => columns.indexOf(name) !== i);
  const problem =
    unknown.length > 0
      ? `unknown column(s) ${unknown.join(', ')}`
      : repeated.length > 0
        ? `column(s) ${[...new Set(repeated)].join(', ')} given twice`
        : !columns.includes('customerId')
          ? 'no customerId column'
          : undefined;
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

/** A text field: absent, null or blank is empty; a JSON number is taken as its digits (ids often are numbers). */
function text(values: Record<string, unknown>, field: string): string | null {
  const value = values[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new RowProblem(`${field} must be a string`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function optIn(value: unknown): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (value === undefined || value === null || value === '') return null;
  throw new RowProblem(`marketingOptIn must be true, false or empty (got ${JSON.stringify(value)})`);
}

export function checkRow({ line, values, unreadable }: RawRow): CheckedRow {
  let customerId: string | null = null;
  try {
    customerId = text(values, 'customerId');
  } catch {
    // Reported below as a missing id: a row whose id is an object has no usable id.
  }
  const reject = (reason: string): CheckedRow => ({ ok: false, line, customerId, reason });
  if (unreadable) return reject(unreadable);
  if (!customerId) return reject('customerId is missing');
  try {
    const email = text(values, 'email');
    if (email && !EMAIL_PATTERN.test(email)) return reject(`email "${email}" is not an email address`);
    const phone = text(values, 'phone');
    if (phone && !E164_PATTERN.test(phone)) return reject(`phone "${phone}" is not an E.164 number such as +14155550123`);
    return {
      ok: true,
      line,
      customer: {
        customerId,
        firstName: text(values, 'firstName'),
        lastName: text(values, 'lastName'),
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
