import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRow, rowsFromCsv, rowsFromJson, type CheckedRow, type RawRow } from '../../../src/apis/rulrr/customer-rows.js';
import { ApiError } from '../../../src/lib/api-error.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

const KB40 = 40 * 1024;
const MAX_REASON = 300;
const MAX_MESSAGE = 1024;

/** Nested `depth` levels deep, built without recursion. */
function nested(depth: number, wrap: (inner: unknown) => unknown = (inner) => [inner]): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const row = (values: Record<string, unknown>, line = 1): RawRow => ({ line, values });

function rejected(result: CheckedRow): { customerId: string | null; reason: string } {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.customer)}`);
  return { customerId: result.customerId, reason: result.reason };
}

describe('checkRow keeps a good row', () => {
  it.each([
    [
      'every field',
      { customerId: 'c-1', firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.com', phone: '+14155550101', marketingOptIn: true },
      { customerId: 'c-1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+14155550101', marketingOptIn: true },
    ],
    [
      'a numeric id, blanks and nulls',
      { customerId: 42, firstName: '   ', lastName: null, email: '', marketingOptIn: 'false' },
      { customerId: '42', firstName: null, lastName: null, email: null, phone: null, marketingOptIn: false },
    ],
    [
      'unicode names at the limit',
      { customerId: 'ü'.repeat(100), firstName: '李'.repeat(100), marketingOptIn: '' },
      { customerId: 'ü'.repeat(100), firstName: '李'.repeat(100), lastName: null, email: null, phone: null, marketingOptIn: null },
    ],
    [
      'unknown fields, ignored',
      { customerId: 'c', loyaltyTier: nested(10_000), __extra: 'x'.repeat(KB40) },
      { customerId: 'c', firstName: null, lastName: null, email: null, phone: null, marketingOptIn: null },
    ],
  ])('%s', (_name, values, customer) => {
    expect(checkRow(row(values))).toEqual({ ok: true, line: 1, customer });
  });
});

describe('checkRow rejects a bad row with a short reason', () => {
  it.each([
    ['no id', { firstName: 'A' }, null, 'customerId is missing'],
    ['a blank id', { customerId: '  ' }, null, 'customerId is missing'],
    ['an object id', { customerId: { id: 1 } }, null, 'customerId must be a string'],
    ['a 40 KB id', { customerId: 'c'.repeat(KB40) }, null, `customerId is longer than 100 characters (${KB40})`],
    ['a 101-character id', { customerId: 'c'.repeat(101) }, null, 'customerId is longer than 100 characters (101)'],
    ['a 40 KB first name', { customerId: 'c', firstName: 'n'.repeat(KB40) }, 'c', `firstName is longer than 100 characters (${KB40})`],
    ['a list as last name', { customerId: 'c', lastName: ['A'] }, 'c', 'lastName must be a string'],
    ['a boolean as email', { customerId: 'c', email: true }, 'c', 'email must be a string'],
    ['an e-mail without a dot', { customerId: 'c', email: 'a@b' }, 'c', 'email "a@b" is not an email address'],
    [
      'the backtracking e-mail, 40 KB',
      { customerId: 'c', email: `a@${'.'.repeat(KB40)}@` },
      'c',
      `email "a@${'.'.repeat(58)}"… (${KB40 + 3} characters) is not an email address`,
    ],
    ['an e-mail with NUL', { customerId: 'c', email: 'a\u0000@b.co' }, 'c', 'email "a\\u0000@b.co" is not an email address'],
    ['a number as phone', { customerId: 'c', phone: 14155550123 }, 'c', 'phone "14155550123" is not an E.164 number such as +14155550123'],
    [
      'a 40 KB phone',
      { customerId: 'c', phone: '+1'.repeat(KB40 / 2) },
      'c',
      `phone "${'+1'.repeat(30)}"… (${KB40} characters) is not an E.164 number such as +14155550123`,
    ],
    ['opt-in "yes"', { customerId: 'c', marketingOptIn: 'yes' }, 'c', 'marketingOptIn must be true, false or empty (got "yes")'],
    ['opt-in 1', { customerId: 'c', marketingOptIn: 1 }, 'c', 'marketingOptIn must be true, false or empty (got 1)'],
    [
      'opt-in 40 KB',
      { customerId: 'c', marketingOptIn: 'y'.repeat(KB40) },
      'c',
      `marketingOptIn must be true, false or empty (got "${'y'.repeat(60)}"… (${KB40} characters))`,
    ],
    ['opt-in nested 10k deep', { customerId: 'c', marketingOptIn: nested(10_000) }, 'c', 'marketingOptIn must be true, false or empty (got a list of 1)'],
    [
      'opt-in an object nested 10k deep',
      { customerId: 'c', marketingOptIn: nested(10_000, (inner) => ({ a: inner })) },
      'c',
      'marketingOptIn must be true, false or empty (got an object)',
    ],
  ])('%s', (_name, values, customerId, reason) => {
    expect(rejected(checkRow(row(values)))).toEqual({ customerId, reason });
  });

  it('reports an unreadable row with the id it could read', () => {
    expect(checkRow({ line: 7, values: { customerId: 'c-7' }, unreadable: 'the line has 3 field(s) but the header has 2' })).toEqual({
      ok: false,
      line: 7,
      customerId: 'c-7',
      reason: 'the line has 3 field(s) but the header has 2',
    });
  });
});

describe('rowsFromJson', () => {
  it('takes objects and marks everything else unreadable, line = position', () => {
    expect(rowsFromJson([{ customerId: 'a' }, null, 'x', [1], 7, nested(10_000)])).toEqual([
      { line: 1, values: { customerId: 'a' } },
      { line: 2, values: {}, unreadable: 'the row is not an object' },
      { line: 3, values: {}, unreadable: 'the row is not an object' },
      { line: 4, values: {}, unreadable: 'the row is not an object' },
      { line: 5, values: {}, unreadable: 'the row is not an object' },
      { line: 6, values: {}, unreadable: 'the row is not an object' },
    ]);
  });

  it('refuses more than 10 000 rows whole', () => {
    expect(() => rowsFromJson(new Array(10_001).fill({}))).toThrow(/At most 10000 customers per upload \(got 10001\)/);
  });
});

describe('rowsFromCsv', () => {
  it.each([
    ['only a header', 'customerId', []],
    ['a BOM and CRLF', '\uFEFFcustomerId,email\r\nc-1,a@b.co\r\n', [{ line: 2, values: { customerId: 'c-1', email: 'a@b.co' } }]],
    ['columns in any order, padded', ' email , customerId\nx@y.io,c', [{ line: 2, values: { email: 'x@y.io', customerId: 'c' } }]],
    ['blank lines skipped, lines kept', 'customerId\n\nc-2\n\n', [{ line: 3, values: { customerId: 'c-2' } }]],
    [
      'a short line',
      'customerId,email\nc-1',
      [{ line: 2, values: { customerId: 'c-1', email: undefined }, unreadable: 'the line has 1 field(s) but the header has 2' }],
    ],
    [
      'a line of 300 000 fields',
      `customerId\n${','.repeat(299_999)}`,
      [{ line: 2, values: { customerId: '' }, unreadable: 'the line has 300000 field(s) but the header has 1' }],
    ],
  ])('%s', (_name, csv, rows) => {
    expect(rowsFromCsv(csv)).toEqual(rows);
  });

  it.each([
    ['an empty file', '', 'The CSV file is empty; its first line must be: customerId,firstName,lastName,email,phone,marketingOptIn'],
    ['an unknown column', 'customerId,emial', 'CSV header line: unknown column(s) "emial"; expected customerId,firstName,lastName,email,phone,marketingOptIn'],
    [
      'a 40 KB column name',
      `customerId,${'z'.repeat(KB40)}`,
      `CSV header line: unknown column(s) "${'z'.repeat(40)}"… (${KB40} characters); expected customerId,firstName,lastName,email,phone,marketingOptIn`,
    ],
    [
      '60 000 unknown columns',
      Array.from({ length: 60_000 }, (_, i) => `c${i}`).join(','),
      'CSV header line: unknown column(s) "c0", "c1", "c2", "c3", "c4" and 59995 more; expected customerId,firstName,lastName,email,phone,marketingOptIn',
    ],
    [
      'customerId given 60 000 times',
      new Array(60_000).fill('customerId').join(','),
      'CSV header line: column(s) customerId given twice; expected customerId,firstName,lastName,email,phone,marketingOptIn',
    ],
    ['no customerId column', 'firstName,email', 'CSV header line: no customerId column; expected customerId,firstName,lastName,email,phone,marketingOptIn'],
    ['a stray quote', 'customerId\na"b', 'CSV line 2: a quote inside an unquoted field'],
    ['a NUL-filled quote never closed', `customerId\n"${'\u0000'.repeat(KB40)}`, 'CSV line 2: a quoted field is never closed'],
    ['10 001 rows', `customerId${'\nc'.repeat(10_001)}`, 'At most 10000 customers per upload (got 10001)'],
  ])('refuses %s whole, quickly and in a short message', (_name, csv, message) => {
    const { result: error, cpuMs } = cpuTimed(() => {
      try {
        return rowsFromCsv(csv);
      } catch (thrown) {
        return thrown;
      }
    });
    expect(cpuMs).toBeLessThan(200);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 400, code: 'invalid_upload', message });
  });
});

const COLUMNS = ['customerId', 'firstName', 'lastName', 'email', 'phone', 'marketingOptIn'];
const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'true', 'false', 'ada@example.com', '+14155550123', '\u0000', '"', ',', '\r\n', 'a@....@'),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.nat({ max: 20_000 }).map((n) => `a@${'.'.repeat(n)}@`),
);
const jsonValue = fc.oneof(
  hostileText,
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.nat({ max: 20_000 }).map((depth) => nested(depth)),
  fc.nat({ max: 20_000 }).map((depth) => nested(depth, (inner) => ({ v: inner }))),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('on any input', () => {
  it('checkRow answers a verdict with a bounded reason, never a throw, quickly', () => {
    const values = fc.dictionary(fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 8 })), jsonValue, { maxKeys: 8 });
    fc.assert(
      fc.property(values, (candidate) => {
        const { result, cpuMs } = cpuTimed(() => checkRow(row(candidate)));
        expect(cpuMs).toBeLessThan(50);
        if (!result.ok) {
          expect(result.reason.length).toBeLessThanOrEqual(MAX_REASON);
          expect((result.customerId ?? '').length).toBeLessThanOrEqual(100);
        }
      }),
      { seed: 20260603, numRuns: 1500 },
    );
  }, 30_000);

  it('rowsFromCsv answers rows or an ApiError with a short message, quickly', () => {
    const cell = fc.oneof(hostileText, fc.constantFrom('"quoted, with comma"', '"doubled "" quote"', '"open', 'tail"'));
    const line = fc.array(cell, { maxLength: 8 }).map((cells) => cells.join(','));
    const header = fc.oneof(
      fc.shuffledSubarray(COLUMNS, { minLength: 1 }).map((names) => names.join(',')),
      line,
    );
    const csv = fc
      .tuple(header, fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([head, rows, eol]) => [head, ...rows].join(eol));
    fc.assert(
      fc.property(fc.oneof(csv, fc.string({ unit: 'binary', maxLength: 500 })), (text) => {
        const { cpuMs } = cpuTimed(() => {
          try {
            for (const raw of rowsFromCsv(text)) {
              const result = checkRow(raw);
              if (!result.ok) expect(result.reason.length).toBeLessThanOrEqual(MAX_REASON);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(ApiError);
            expect((error as ApiError).message.length).toBeLessThanOrEqual(MAX_MESSAGE);
          }
        });
        expect(cpuMs).toBeLessThan(100);
      }),
      { seed: 20260604, numRuns: 1000 },
    );
  }, 30_000);
});
