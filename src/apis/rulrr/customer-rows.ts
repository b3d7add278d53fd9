import { CsvError, parseCsv } from '../../lib/csv.js';
import { rulrrError } from './errors.js';
import { E164_PATTERN, EMAIL_PATTERN, type Customer } from './schemas.js';

/**
 * Sandbox-defined: the customers-list file accepted at the upload URL (CONTRACT §5). Rows are
 * checked one by one; a bad row is reported with its line and reason and the good ones are kept.
 */
export const CUSTOMER_COLUMNS = ['customerId', 'firstName', 'lastName', 'email', 'phone', 'marketingOptIn'] as const;
type Column = (typeof CUSTOMER_COLUMNS)[number];

export interface RawRow {
  line: number;
  values: Partial<Record<Column, unknown>>;
}

export type CheckedRow =
  | { ok: true; line: number; customer: Customer }
  | { ok: false; line: number; customerId: string | null; reason: string };

const MAX_ROWS = 10_000;

export function rowsFromCsv(text: string): RawRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw rulrrError('invalid_upload', `CSV line ${error.line}: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw rulrrError('invalid_upload', `The CSV file is empty; its first line must be: ${CUSTOMER_COLUMNS.join(',')}`);
  const columns = header.fields.map((name) => name.trim());
  const unknown = columns.filter((name) => !(CUSTOMER_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !columns.includes('customerId')) {
    throw rulrrError(
      'invalid_upload',
      `CSV header line: ${unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : 'no customerId column'}; expected ${CUSTOMER_COLUMNS.join(',')}`,
    );
  }
  checkRowCount(rows.length);
  return rows.map((record) => ({
    line: record.line,
    values: Object.fromEntries(columns.map((name, i) => [name, record.fields[i]])) as RawRow['values'],
  }));
}

export function rowsFromJson(customers: Array<Record<string, unknown>>): RawRow[] {
  checkRowCount(customers.length);
  return customers.map((values, index) => ({ line: index + 1, values }));
}

function checkRowCount(count: number): void {
  if (count > MAX_ROWS) throw rulrrError('invalid_upload', `At most ${MAX_ROWS} customers per upload (got ${count})`);
}

function optionalText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function checkRow({ line, values }: RawRow): CheckedRow {
  const customerId = optionalText(values.customerId);
  const reject = (reason: string): CheckedRow => ({ ok: false, line, customerId, reason });
  if (!customerId) return reject('customerId is missing');
  const email = optionalText(values.email);
  if (email && !EMAIL_PATTERN.test(email)) return reject(`email "${email}" is not an email address`);
  const phone = optionalText(values.phone);
  if (phone && !E164_PATTERN.test(phone)) return reject(`phone "${phone}" is not an E.164 number such as +14155550123`);
  const optIn = values.marketingOptIn;
  let marketingOptIn: boolean | null;
  if (optIn === true || optIn === 'true') marketingOptIn = true;
  else if (optIn === false || optIn === 'false') marketingOptIn = false;
  else if (optIn === undefined || optIn === null || optIn === '') marketingOptIn = null;
  else return reject(`marketingOptIn must be true, false or empty (got "${String(optIn)}")`);
  return {
    ok: true,
    line,
    customer: {
      customerId,
      firstName: optionalText(values.firstName),
      lastName: optionalText(values.lastName),
      email,
      phone,
      marketingOptIn,
    },
  };
}
