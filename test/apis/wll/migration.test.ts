import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, writeTransaction, type Database } from '../../../src/db/database.js';

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES ('ws2', 'ws2', 'now', 'now')").run();
});
afterEach(() => db.close());

const wllTables = () =>
  db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'wll\\_%' ESCAPE '\\' ORDER BY name").all();

const T = '2025-06-15T12:00:00.000Z';

function insertReceipt(workspace: string, id: string, fields: Record<string, unknown> = {}) {
  const row = {
    workspace_id: workspace,
    id,
    status: 'PENDING',
    created_at: T,
    updated_at: T,
    notionally_served_at: T,
    timezone: 'UTC',
    ocr_confidence: 0.9,
    submitter_auth_identifier: 'user-1',
    use_parser: 1,
    receipt_json: '{}',
    ...fields,
  };
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO wll_receipts (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

function insertReview(workspace: string, id: string, receiptId: string, automated = 1) {
  db.prepare(
    `INSERT INTO wll_reviews (workspace_id, id, receipt_id, verdict, reason, is_automated, created_at)
     VALUES (?, ?, ?, 'ABSTAIN', 'INSUFFICIENT_DATA', ?, ?)`,
  ).run(workspace, id, receiptId, automated, T);
}

describe('the WLL migrations (005–007)', () => {
  it('makes STRICT tables that each carry workspace_id, deleted with their workspace', () => {
    const tables = wllTables();
    expect(tables.map((table) => table.name)).toEqual([
      'wll_api_keys',
      'wll_async_order_keys',
      'wll_orders',
      'wll_pending_orders',
      'wll_product_identifiers',
      'wll_products',
      'wll_receipt_claim_keys',
      'wll_receipts',
      'wll_reviews',
      'wll_rule_sets',
      'wll_rules',
      'wll_signing_keys',
      'wll_tenants',
      'wll_venue_locations',
      'wll_venues',
    ]);
    for (const { name, strict } of tables) {
      expect(strict, name).toBe(1);
      const notNull = db.prepare<[string], number>(`SELECT "notnull" FROM pragma_table_info(?) WHERE name = 'workspace_id'`).pluck().get(name);
      expect(notNull, name).toBe(1);
      const cascades = db
        .prepare<[string], { table: string; on_delete: string }>("SELECT \"table\", on_delete FROM pragma_foreign_key_list(?) WHERE \"from\" = 'workspace_id' AND \"table\" = 'workspaces'")
        .all(name);
      expect(cascades, name).toEqual([{ table: 'workspaces', on_delete: 'CASCADE' }]);
    }
  });

  it('leads every key and index with workspace_id, but the lookups by API key and by signing key id', () => {
    const indexes = wllTables().flatMap(({ name }) =>
      db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_list(?)').all(name).map((index) => ({ table: name, index: index.name })),
    );
    const leading = indexes.map(({ table, index }) => ({
      table,
      first: db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').get(index)?.name,
    }));
    const others = leading.filter(({ first }) => first !== 'workspace_id');
    expect(others).toEqual([
      { table: 'wll_api_keys', first: 'key_hash' },
      { table: 'wll_signing_keys', first: 'kid' },
    ]);
  });

  it('keeps no API key on the tenant: the keys are in wll_api_keys', () => {
    const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('wll_tenants')").pluck().all();
    expect(columns).toEqual(['workspace_id', 'name', 'slug', 'timezone', 'max_receipt_age_days']);
  });

  it.each([
    'status',
    'created_at',
    'updated_at',
    'notionally_served_at',
    'service_date',
    'service_time',
    'total',
    'subtotal',
    'corrected_total',
    'barcode',
    'ocr_confidence',
    'transaction_id',
    'merchant_name',
    'location_identifier',
    'submitter_auth_identifier',
  ])('sorts receipts by %s from an index, without a sort step', (column) => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM wll_receipts WHERE workspace_id = ? ORDER BY ${column} DESC, id DESC LIMIT 10`)
      .all('demo') as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail).join(' | ');
    expect(details).toMatch(/USING (COVERING )?INDEX wll_receipts_by_/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });

  it.each([
    'type',
    'status',
    'created_at',
    'updated_at',
    'service_date',
    'service_time',
    'total',
    'subtotal',
    'total_tax',
    'transaction_id',
    'location_identifier',
    'location_address',
    'submitter_auth_identifier',
  ])('sorts orders by %s from an index, without a sort step', (column) => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM wll_orders WHERE workspace_id = ? ORDER BY ${column} DESC, id DESC LIMIT 10`)
      .all('demo') as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail).join(' | ');
    expect(details).toMatch(/USING (COVERING )?INDEX wll_orders_by_/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });

  it('finds the newest active rule set from an index', () => {
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM wll_rule_sets WHERE workspace_id = ? AND is_active = 1 ORDER BY created_at DESC, rowid DESC LIMIT 1',
      )
      .all('demo') as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail).join(' | ');
    expect(details).toMatch(/USING (COVERING )?INDEX wll_rule_sets_by_activity/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });

  it("deletes a rule set's rules with it", () => {
    writeTransaction(db, () => {
      db.prepare("INSERT INTO wll_rule_sets (workspace_id, id, is_active, created_at, updated_at) VALUES ('demo', 's1', 1, 'x', 'x')").run();
      db.prepare("INSERT INTO wll_rules VALUES ('demo', 's1', 'r1', 0, 'n', 'CUSTOM', 1, '{}', 'x', 'x')").run();
    });
    writeTransaction(db, () => db.prepare("DELETE FROM wll_rule_sets WHERE id = 's1'").run());
    expect(db.prepare('SELECT count(*) FROM wll_rules').pluck().get()).toBe(0);
  });

  it('lets exactly one of two identical claims hold a barcode', () => {
    const claimKey = db.prepare("INSERT OR IGNORE INTO wll_receipt_claim_keys (workspace_id, kind, value, receipt_id) VALUES (?, 'barcode', ?, ?)");
    const first = writeTransaction(db, () => {
      insertReceipt('demo', 'r1');
      return claimKey.run('demo', 'SB-1', 'r1').changes;
    });
    const second = writeTransaction(db, () => {
      insertReceipt('demo', 'r2');
      return claimKey.run('demo', 'SB-1', 'r2').changes;
    });
    expect([first, second]).toEqual([1, 0]);
    // Another workspace, or the same value as a transaction id, is another key.
    writeTransaction(db, () => insertReceipt('ws2', 'r1'));
    expect(claimKey.run('ws2', 'SB-1', 'r1').changes).toBe(1);
    expect(
      db.prepare("INSERT OR IGNORE INTO wll_receipt_claim_keys VALUES ('demo', 'transactionId', 'SB-1', 'r2')").run().changes,
    ).toBe(1);
  });

  it('accepts an async order again only once its 5-minute window has passed', () => {
    const accept = db.prepare(
      `INSERT INTO wll_async_order_keys (workspace_id, submitter_auth_identifier, transaction_id, accepted_at, order_id)
       VALUES (@ws, @submitter, @tx, @now, @order)
       ON CONFLICT (workspace_id, submitter_auth_identifier, transaction_id)
       DO UPDATE SET accepted_at = excluded.accepted_at, order_id = excluded.order_id
       WHERE accepted_at <= @windowStart`,
    );
    const at = (now: string, order: string, submitter = 'u1') =>
      accept.run({ ws: 'demo', submitter, tx: 'T1', now, order, windowStart: new Date(Date.parse(now) - 5 * 60_000).toISOString() }).changes;
    expect(at('2025-06-15T12:00:00.000Z', 'o1')).toBe(1);
    expect(at('2025-06-15T12:04:59.000Z', 'o2')).toBe(0);
    expect(at('2025-06-15T12:00:00.000Z', 'o3', 'u2')).toBe(1);
    expect(at('2025-06-15T12:05:00.000Z', 'o4')).toBe(1);
    expect(at('2025-06-15T12:09:00.000Z', 'o5')).toBe(0);
  });

  it("refuses a paramount review that is another receipt's", () => {
    expect(() =>
      writeTransaction(db, () => {
        insertReceipt('demo', 'r1', { paramount_review_id: 'v2' });
        insertReceipt('demo', 'r2', { paramount_review_id: 'v2' });
        insertReview('demo', 'v2', 'r2');
      }),
    ).toThrow(/FOREIGN KEY constraint failed/);
    writeTransaction(db, () => {
      insertReceipt('demo', 'r1', { paramount_review_id: 'v1' });
      insertReview('demo', 'v1', 'r1');
    });
    expect(db.prepare('SELECT count(*) FROM wll_reviews').pluck().get()).toBe(1);
  });

  it('takes one automated review per receipt, and any number of manual ones', () => {
    writeTransaction(db, () => {
      insertReceipt('demo', 'r1');
      insertReview('demo', 'v1', 'r1');
      insertReview('demo', 'v2', 'r1', 0);
      insertReview('demo', 'v3', 'r1', 0);
    });
    expect(() => writeTransaction(db, () => insertReview('demo', 'v4', 'r1'))).toThrow(/UNIQUE constraint failed/);
  });

  it.each([
    ['an unknown status', () => insertReceipt('demo', 'r1', { status: 'LOST' })],
    ['an OCR confidence above 1', () => insertReceipt('demo', 'r1', { ocr_confidence: 1.5 })],
    ['a total that is text', () => insertReceipt('demo', 'r1', { total: '12.50 GBP' })],
    ['an unknown reason', () => db.prepare("INSERT INTO wll_reviews (workspace_id, id, receipt_id, verdict, reason, is_automated, created_at) VALUES ('demo', 'v', 'r', 'REJECT', 'BORED', 0, 'x')").run()],
  ])('refuses %s', (_name, insert) => {
    expect(() => writeTransaction(db, insert)).toThrow(/constraint failed|cannot store TEXT value/);
  });

  it("deletes a workspace's WLL rows with it and leaves other workspaces' alone", () => {
    for (const ws of ['demo', 'ws2']) {
      writeTransaction(db, () => {
        db.prepare("INSERT INTO wll_tenants (workspace_id, name, slug) VALUES (?, 'T', 't')").run(ws);
        db.prepare("INSERT INTO wll_api_keys VALUES (?, ?, 'x')").run(ws, `hash-${ws}`);
        db.prepare("INSERT INTO wll_signing_keys VALUES (?, ?, '{}', '{}', 'x')").run(ws, `kid-${ws}`);
        db.prepare("INSERT INTO wll_rule_sets (workspace_id, id, is_active, created_at, updated_at) VALUES (?, 's1', 1, 'x', 'x')").run(ws);
        db.prepare("INSERT INTO wll_rules VALUES (?, 's1', 'r1', 0, 'n', 'CUSTOM', 1, '{}', 'x', 'x')").run(ws);
        db.prepare("INSERT INTO wll_pending_orders VALUES (?, 'o2', 'x', 'u', '{}')").run(ws);
        db.prepare("INSERT INTO wll_products (workspace_id, id, name, unit_price) VALUES (?, 'p1', 'Prawns', 12.2)").run(ws);
        db.prepare("INSERT INTO wll_product_identifiers VALUES (?, 'SKU1', 'p1')").run(ws);
        db.prepare("INSERT INTO wll_venues VALUES (?, 'v1', 'Corn Exchange')").run(ws);
        db.prepare("INSERT INTO wll_venue_locations VALUES (?, 'v1', '1235')").run(ws);
        insertReceipt(ws, 'r1', { paramount_review_id: 'rv1' });
        insertReview(ws, 'rv1', 'r1');
        db.prepare("INSERT INTO wll_receipt_claim_keys VALUES (?, 'barcode', 'B', 'r1')").run(ws);
        db.prepare(
          "INSERT INTO wll_orders (workspace_id, id, status, created_at, updated_at, service_date, service_time, submitter_auth_identifier, order_json) VALUES (?, 'o1', 'AUTHORIZED', 'x', 'x', 'x', 'x', 'u', '{}')",
        ).run(ws);
        db.prepare("INSERT INTO wll_async_order_keys VALUES (?, 'u', 'T', 'x', 'o1')").run(ws);
      });
    }
    writeTransaction(db, () => db.prepare("DELETE FROM workspaces WHERE id = 'ws2'").run());
    for (const { name } of wllTables()) {
      const counts = db.prepare<[], { workspace_id: string; n: number }>(`SELECT workspace_id, count(*) AS n FROM ${name} GROUP BY workspace_id`).all();
      expect(counts, name).toEqual([{ workspace_id: 'demo', n: 1 }]);
    }
  });
});
