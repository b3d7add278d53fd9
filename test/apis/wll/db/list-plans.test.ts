import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderListSql } from '../../../../src/apis/wll/db/order-repository.js';
import { receiptListSql } from '../../../../src/apis/wll/db/receipt-repository.js';
import { listParams } from '../../../../src/apis/wll/db/statement-cache.js';
import type { FieldMap } from '../../../../src/apis/wll/list-query/field-map.js';
import { parseListQuery, type ListSpec } from '../../../../src/apis/wll/list-query/list-params.js';
import { ORDER_LIST_SPEC, RECEIPT_LIST_SPEC } from '../../../../src/apis/wll/list-query/list-specs.js';
import { migrate, openDatabase, refreshPlannerStatistics, writeTransaction, type Database } from '../../../../src/db/database.js';

/*
 * The SQL GET /receipts and GET /orders run, as SQLite plans it over a few thousand rows with
 * planner statistics (the app refreshes them at start and every ten minutes): every filterable
 * field is found through an index, never by reading the whole table, and every documented sort
 * is read in order from an index, never sorted afterwards.
 */

let db: Database;
const ROWS = 3000;

beforeAll(() => {
  db = openDatabase(':memory:');
  migrate(db);
  db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES ('ws2', 'ws2', 'x', 'x')").run();
  db.pragma('foreign_keys = OFF');
  const receipt = db.prepare(
    `INSERT INTO wll_receipts (workspace_id, id, status, created_at, updated_at, notionally_served_at, served_at, service_date,
       service_time, timezone, total, subtotal, corrected_total, barcode, ocr_confidence, transaction_id, merchant_name,
       location_identifier, submitter_auth_identifier, use_parser, paramount_review_id, receipt_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'UTC', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL, '{}')`,
  );
  const order = db.prepare(
    `INSERT INTO wll_orders (workspace_id, id, type, status, created_at, updated_at, service_date, service_time, total, subtotal,
       total_tax, transaction_id, submitter_auth_identifier, location_identifier, location_address, order_json)
     VALUES (?, ?, 'ORDER', 'AUTHORIZED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')`,
  );
  writeTransaction(db, () => {
    for (const workspace of ['demo', 'ws2']) {
      for (let i = 0; i < ROWS; i++) {
        const at = new Date(Date.UTC(2030, 0, 1) + i * 3_600_000).toISOString();
        const total = (i * 7919) % 5000 / 10;
        const status = ['PENDING', 'AUTHORIZED', 'REJECTED'][i % 3];
        receipt.run(workspace, `r${i}`, status, at, at, at, at, at.slice(0, 10), at.slice(11, 19), total, total, total, `B${i}`,
          (i % 100) / 100, `B${i}`, `Merchant ${i % 40}`, `L${i % 25}`, `user-${i % 300}`);
        order.run(workspace, `o${i}`, at, at, at.slice(0, 10), at.slice(11, 19), total, total, total / 5, `T${i}`, `user-${i % 300}`,
          `L${i % 25}`, `${i % 25} Road Street`);
      }
    }
  });
  refreshPlannerStatistics(db, true);
});
afterAll(() => db.close());

/** A value of the field's type that matches some rows. */
const SAMPLES: Record<string, string> = {
  string: "'B17'",
  number: '250',
  datetime: "'2030-02-01T00:00:00Z'",
  date: "'2030-02-01'",
  time: "'12:00:00'",
  enum: 'AUTHORIZED',
};

function planOf(spec: ListSpec, sql: (query: ReturnType<typeof parseListQuery>) => string, query: Record<string, string>): string {
  const list = parseListQuery(query, spec);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql(list)}`).all(...listParams('demo', list)) as Array<{ detail: string }>)
    .map((step) => step.detail)
    .join(' | ');
}

function filterCases(fields: FieldMap) {
  return Object.entries(fields).flatMap(([field, spec]) => {
    const value = spec.type === 'enum' ? spec.values[0]! : SAMPLES[spec.type]!;
    const operators = spec.type === 'number' || spec.type === 'datetime' ? ['eq', 'gt', 'lt'] : ['eq'];
    return operators.map((op) => `${field}:(${op}:${value})`);
  });
}

const TABLE_SCAN = /\bSCAN wll_(receipts|orders)(?! USING)/;
const INDEXED = /USING (COVERING )?INDEX wll_(receipts|orders)_by_|USING PRIMARY KEY|USING INDEX sqlite_autoindex_wll_(receipts|orders)/;

describe.each([
  ['GET /receipts', RECEIPT_LIST_SPEC, receiptListSql],
  ['GET /orders', ORDER_LIST_SPEC, orderListSql],
] as const)('%s', (_name, spec, sql) => {
  it.each(filterCases(spec.fields))('finds %s through an index', (filter) => {
    const plan = planOf(spec, sql, { filter });
    expect(plan).toMatch(INDEXED);
    expect(plan).not.toMatch(TABLE_SCAN);
  });

  it.each(Object.keys(spec.sorts).flatMap((sort) => [`${sort} ASC`, `${sort} DESC`]))('reads sort=%s in index order, with no sort step', (choice) => {
    const [sort, order] = choice.split(' ') as [string, string];
    const plan = planOf(spec, sql, { sort, order });
    expect(plan).toMatch(INDEXED);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('pages a broad filter from the sort index instead of sorting what it matches', () => {
    const plan = planOf(spec, sql, { filter: 'total:(gt:10)' });
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
