import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import rison from 'rison';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATORS_BY_TYPE, type FieldSpec } from '../../../../src/apis/wll/list-query/field-map.js';
import type { FilterValue } from '../../../../src/apis/wll/list-query/field-values.js';
import { parseListQuery, type ListQuery } from '../../../../src/apis/wll/list-query/list-params.js';
import { RECEIPT_FILTER_FIELDS, RECEIPT_LIST_SPEC, RECEIPT_STATUSES } from '../../../../src/apis/wll/list-query/list-specs.js';
import { parseFilter, type Condition } from '../../../../src/apis/wll/list-query/o-rison.js';
import { expectOnlyPlaceholders } from './helpers.js';

type Field = keyof typeof RECEIPT_FILTER_FIELDS;
type Receipt = Record<Field, string | number | null>;

/** mulberry32: the same rows on every run. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20240501);
const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const maybe = <T,>(value: T, nullShare = 0.15): T | null => (random() < nullShare ? null : value);
const pad = (n: number) => String(n).padStart(2, '0');

const MERCHANTS = ['Burger King', 'burger kingdom', 'BURGER_BAR', '50% Off Store', 'Back\\Slash Cafe', 'Café Élan', 'café élan', 'Web App', 'App Store', '東京 Sushi'];
const LOCATIONS = ['1235', '0012', 'LDN-01', 'ldn-02'];
const SUBMITTERS = ['8d68cb91-202a-4c62-a867-8f9a8a1e2f50', 'c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002'];
// Few distinct creation times, so sorting by them leaves ties for the tie-breaker to settle.
const INSTANTS = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 37 * 3_600_000 + i * 1234).toISOString());
const MONEY = Array.from({ length: 30 }, (_, i) => Math.round((i * 7.31 + 0.99) * 100) / 100);

function receipt(): Receipt {
  const createdAt = pick(INSTANTS);
  const served = new Date(Date.parse(createdAt) - Math.floor(random() * 5 * 86_400_000));
  return {
    id: Array.from({ length: 4 }, () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0')).join(''),
    status: pick(RECEIPT_STATUSES),
    createdAt,
    updatedAt: new Date(Date.parse(createdAt) + Math.floor(random() * 86_400_000)).toISOString(),
    notionallyServedAt: maybe(served.toISOString(), 0.2),
    serviceDate: maybe(served.toISOString().slice(0, 10)),
    serviceTime: maybe(`${pad(served.getUTCHours())}:${pad(served.getUTCMinutes())}:00`),
    total: maybe(pick(MONEY), 0.1),
    subtotal: maybe(pick(MONEY), 0.1),
    correctedTotal: maybe(pick(MONEY), 0.7),
    barcode: maybe(String(Math.floor(random() * 1000)).padStart(9, '0'), 0.2),
    ocrConfidence: maybe(Math.round(random() * 100) / 100, 0.1),
    transactionId: maybe(`tx-${Math.floor(random() * 50)}`, 0.1),
    merchantName: maybe(pick(MERCHANTS), 0.1),
    locationIdentifier: maybe(pick(LOCATIONS), 0.1),
    'submitter.authIdentifier': pick(SUBMITTERS),
  };
}

const FIELDS = Object.keys(RECEIPT_FILTER_FIELDS) as Field[];
const SPECS: Record<Field, FieldSpec> = RECEIPT_FILTER_FIELDS;
const OURS = Array.from({ length: 300 }, receipt);
const THEIRS = Array.from({ length: 40 }, receipt);

const db = new BetterSqlite3(':memory:');
afterAll(() => db.close());
const columns = FIELDS.map((field) => {
  const { column, type } = SPECS[field];
  return `${column} ${type === 'number' ? 'REAL' : 'TEXT'}`;
});
db.exec(`CREATE TABLE wll_receipts (workspace_id TEXT NOT NULL, ${columns.join(', ')}, PRIMARY KEY (workspace_id, id)) STRICT`);
const insert = db.prepare(
  `INSERT INTO wll_receipts (workspace_id, ${FIELDS.map((f) => SPECS[f].column).join(', ')}) VALUES (?, ${FIELDS.map(() => '?').join(', ')})`,
);
for (const [workspace, rows] of [['ws-ours', OURS], ['ws-theirs', THEIRS]] as const) {
  for (const row of rows) insert.run(workspace, ...FIELDS.map((field) => row[field]));
}

function select(query: ListQuery): string[] {
  const sql = `SELECT id FROM wll_receipts WHERE workspace_id = ? AND ${query.where} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`;
  return db.prepare<unknown[], { id: string }>(sql).all('ws-ours', ...query.params, query.limit, query.offset).map((row) => row.id);
}

// The oracle: the filter's meaning written plainly over JavaScript objects.

/** SQLite compares text byte by byte in UTF-8, and NULL below everything. */
function compare(a: FilterValue | null, b: FilterValue | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function likeMatches(text: string, pattern: string): boolean {
  const value = asciiLower(text);
  const parts = asciiLower(pattern).split('%');
  if (parts.length === 1) return value === parts[0];
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

function holds(value: string | number | null, condition: Condition): boolean {
  switch (condition.op) {
    case 'eq':
      return condition.value === null ? value === null : value !== null && compare(value, condition.value) === 0;
    case 'neq':
      return condition.value === null ? value !== null : value === null || compare(value, condition.value) !== 0;
    case 'gt':
      return value !== null && compare(value, condition.value) > 0;
    case 'lt':
      return value !== null && compare(value, condition.value) < 0;
    case 'in':
      return value !== null && condition.value.some((candidate) => compare(value, candidate) === 0);
    case 'like':
      return value !== null && likeMatches(String(value), condition.value);
    case 'has':
      return value !== null && asciiLower(String(value)).includes(asciiLower(condition.value));
  }
}

function oracle(filter: string, sort: Field, order: 'ASC' | 'DESC'): string[] {
  const ast = parseFilter(filter, RECEIPT_FILTER_FIELDS);
  const sign = order === 'ASC' ? 1 : -1;
  return OURS.filter((row) => ast.every(({ field, conditions }) => conditions.every((c) => holds(row[field as Field], c))))
    .sort((a, b) => sign * (compare(a[sort], b[sort]) || compare(a.id, b.id)))
    .map((row) => String(row.id));
}

const withName = (pattern: RegExp) => OURS.filter((row) => row.merchantName !== null && pattern.test(String(row.merchantName))).map((r) => String(r.id));

describe('compiled filters on a real SQLite table agree with a plain-JavaScript oracle', () => {
  it.each<[string, ((ids: string[]) => void)?]>([
    ['', (ids) => expect(ids).toHaveLength(OURS.length)],
    ['status:(eq:AUTHORIZED),total:(gt:10)'],
    ['status:(in:!(PENDING,REJECTED))'],
    ["merchantName:(like:'burger%')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/^burger/i)))],
    ["merchantName:(like:'%_%')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/_/)))],
    ["merchantName:(has:'%')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/%/)))],
    ["merchantName:(has:'\\')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/\\/)))],
    // SQLite folds ASCII letters only: '%élan' finds "café élan" and not "Café Élan".
    ["merchantName:(like:'%élan')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/élan$/)))],
    ["merchantName:(like:'%App%')", (ids) => expect(new Set(ids)).toEqual(new Set(withName(/app/i)))],
    // neq keeps the rows where the field is missing.
    ["barcode:(neq:'000000001')", (ids) => expect(ids).toEqual(expect.arrayContaining(OURS.filter((r) => r.barcode === null).map((r) => String(r.id))))],
    ['notionallyServedAt:(eq:!n)'],
    ['correctedTotal:(neq:!n),ocrConfidence:(lt:0.5)'],
    ["ocrConfidence:(gt:'0.75')"],
    [`createdAt:(gt:'${INSTANTS[10]}',lt:'${INSTANTS[30]}')`],
    ["createdAt:(gt:'2024-01-20T12:00:00+05:00')"],
    ["createdAt:(like:'2024-02%')"],
    ["serviceDate:(lt:'2024-01-15'),serviceTime:(gt:'12:00')"],
    ["submitter.authIdentifier:(eq:'8d68cb91-202a-4c62-a867-8f9a8a1e2f50')"],
    ["locationIdentifier:(in:!('0012','1235'))"],
    ["transactionId:(has:'tx-1')"],
  ])('%s', (filter, check) => {
    const ids = select({ ...parseListQuery({ filter }, RECEIPT_LIST_SPEC), limit: OURS.length });
    expect(ids).toEqual(oracle(filter, 'createdAt', 'DESC'));
    check?.(ids);
  });

  it('pages through every row exactly once, in sort order, whatever the ties', () => {
    for (const sort of ['createdAt', 'total', 'notionallyServedAt'] as const) {
      for (const order of ['ASC', 'DESC'] as const) {
        const pages: string[] = [];
        for (let skip = 0; skip < OURS.length + 7; skip += 7) {
          pages.push(...select(parseListQuery({ sort, order, limit: '7', skip: String(skip) }, RECEIPT_LIST_SPEC)));
        }
        expect(pages).toEqual(oracle('', sort, order));
      }
    }
  });
});

// Values drawn from the rows themselves, so generated filters match some rows and miss others.
function valueFor(field: Field): fc.Arbitrary<unknown> {
  const seen = [...new Set(OURS.map((row) => row[field]).filter((v) => v !== null))];
  const spec = SPECS[field];
  switch (spec.type) {
    case 'number':
      return fc.oneof(fc.constantFrom(...seen), fc.double({ min: -1, max: 250, noNaN: true }).map((n) => (n === 0 ? 0 : n)), fc.constantFrom(...seen).map(String));
    case 'datetime':
      return fc.oneof(
        fc.constantFrom(...seen),
        fc.date({ min: new Date('2023-12-25T00:00:00Z'), max: new Date('2024-03-15T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom(...seen).map((iso) => String(iso).slice(0, 10)),
      );
    default:
      return fc.constantFrom(...seen);
  }
}

function patternFor(field: Field): fc.Arbitrary<string> {
  const seen = [...new Set(OURS.map((row) => row[field]).filter((v) => v !== null).map(String))];
  return fc
    .tuple(fc.constantFrom(...seen), fc.nat(), fc.nat(), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([text, a, b, before, after, upper]) => {
      const start = a % (text.length + 1);
      const piece = text.slice(start, start + (b % 6));
      return `${before ? '%' : ''}${upper ? piece.toUpperCase() : piece}${after ? '%' : ''}`;
    });
}

const condition = (field: Field): fc.Arbitrary<[string, unknown]> =>
  fc.constantFrom(...OPERATORS_BY_TYPE[SPECS[field].type]).chain((op): fc.Arbitrary<[string, unknown]> => {
    switch (op) {
      case 'eq':
      case 'neq':
        return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: valueFor(field) }).map((v) => [op, v]);
      case 'in':
        return fc.array(valueFor(field), { minLength: 1, maxLength: 4 }).map((v) => [op, v]);
      case 'has':
      case 'like':
        return patternFor(field).map((v) => [op, v]);
      default:
        return valueFor(field).map((v) => [op, v]);
    }
  });

const filters = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 })
  .chain((fields) =>
    fc.tuple(
      ...fields.map((field) =>
        fc.uniqueArray(condition(field), { minLength: 1, maxLength: 2, selector: ([op]) => op }).map((conditions) => [field, Object.fromEntries(conditions)] as const),
      ),
    ),
  )
  .map((entries) => rison.encode_object(Object.fromEntries(entries)));

describe('generated filters', () => {
  it('select in SQL, with only placeholders in the SQL text, exactly the rows the oracle selects, in its order', () => {
    fc.assert(
      fc.property(filters, fc.constantFrom('createdAt', 'updatedAt', 'notionallyServedAt', 'total', 'subtotal'), fc.constantFrom('ASC', 'DESC'), (filter, sort, order) => {
        const query = parseListQuery({ filter, sort, order, limit: '100' }, RECEIPT_LIST_SPEC);
        expectOnlyPlaceholders(query, RECEIPT_FILTER_FIELDS);
        const ids = select(query);
        expect(ids).toEqual(oracle(filter, sort as Field, order as 'ASC' | 'DESC').slice(0, 100));
      }),
      { numRuns: 400 },
    );
  });
});

describe('booleans', () => {
  it('bind as the 0 and 1 SQLite stores', () => {
    const flags = new BetterSqlite3(':memory:');
    flags.exec('CREATE TABLE t (id TEXT PRIMARY KEY, flag INTEGER) STRICT');
    flags.exec("INSERT INTO t VALUES ('a', 1), ('b', 0), ('c', NULL)");
    const spec = { fields: { flag: { column: 'flag', type: 'boolean' } }, sorts: { id: 'id' }, defaultSort: 'id', tieBreaker: 'id' } as const;
    const ids = (filter: string) => {
      const q = parseListQuery({ filter, order: 'asc' }, spec);
      return flags.prepare<unknown[], { id: string }>(`SELECT id FROM t WHERE ${q.where} ORDER BY ${q.orderBy}`).all(...q.params).map((r) => String(r.id));
    };
    expect(ids('flag:(eq:!t)')).toEqual(['a']);
    expect(ids('flag:(neq:!t)')).toEqual(['b', 'c']);
    expect(ids('flag:(in:!(!f))')).toEqual(['b']);
    flags.close();
  });
});
