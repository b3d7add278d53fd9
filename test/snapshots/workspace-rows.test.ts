import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/core/snapshot-rows.js';
import type { Database } from '../../src/db/database.js';
import { insertWorkspaceRows, readWorkspaceRows, rowsOf } from '../../src/snapshots/workspace-rows.js';
import { SnapshotSchemaError, workspaceTables } from '../../src/snapshots/workspace-tables.js';

let db: Database;
beforeEach(() => {
  db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE workspaces (id TEXT PRIMARY KEY) STRICT;
    INSERT INTO workspaces VALUES ('a'), ('b');
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT) STRICT;
    CREATE TABLE carts (
      id INTEGER PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      label TEXT NOT NULL
    ) STRICT;
    CREATE TABLE lines (
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      cart_id INTEGER NOT NULL REFERENCES carts (id),
      sku TEXT NOT NULL,
      PRIMARY KEY (workspace_id, cart_id, sku)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE notes (
      workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      text TEXT NOT NULL DEFAULT 'none',
      PRIMARY KEY (workspace_id, id)
    ) STRICT;
  `);
});
afterEach(() => db.close());

describe('workspaceTables', () => {
  it('finds the tables with a workspace_id, their INTEGER PRIMARY KEY, and puts numbered parents first', () => {
    const tables = workspaceTables(db);
    expect(tables.map((table) => table.name)).toEqual(['carts', 'notes', 'lines']);
    expect(tables[0]).toEqual({ name: 'carts', columns: ['id', 'label'], rowidColumn: 'id', references: [] });
    expect(tables[2]).toMatchObject({ rowidColumn: null, references: [{ table: 'carts', columns: ['cart_id'], parentColumns: ['id'] }] });
  });

  it('refuses tables whose numbered keys refer to each other in a circle', () => {
    db.exec(`
      CREATE TABLE eggs (id INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, hen_id INTEGER REFERENCES hens (id)) STRICT;
      CREATE TABLE hens (id INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, egg_id INTEGER REFERENCES eggs (id)) STRICT;
    `);
    expect(() => workspaceTables(db)).toThrow(SnapshotSchemaError);
  });
});

describe('insertWorkspaceRows', () => {
  it('keeps free numbers, renumbers taken ones, and points the referring rows at the new numbers', () => {
    db.exec("INSERT INTO carts (id, workspace_id, label) VALUES (1, 'a', 'taken'), (2, 'a', 'also taken')");
    db.exec("INSERT INTO lines VALUES ('a', 1, 'x')");
    const tables = workspaceTables(db);
    const rows = rowsOf(
      {
        carts: { columns: ['id', 'label'], rows: [[2, 'second'], [7, 'seventh']] },
        lines: { columns: ['cart_id', 'sku'], rows: [[2, 'tea'], [7, 'cake']] },
        notes: { columns: ['id'], rows: [['n-1']] },
      },
      tables,
    );
    db.transaction(() => insertWorkspaceRows(db, tables, 'b', rows))();
    const carts = db.prepare("SELECT id, label FROM carts WHERE workspace_id = 'b' ORDER BY label").all();
    expect(carts).toEqual([
      { id: 3, label: 'second' },
      { id: 7, label: 'seventh' },
    ]);
    expect(db.prepare("SELECT cart_id, sku FROM lines WHERE workspace_id = 'b' ORDER BY sku").all()).toEqual([
      { cart_id: 7, sku: 'cake' },
      { cart_id: 3, sku: 'tea' },
    ]);
    expect(db.prepare("SELECT text FROM notes WHERE workspace_id = 'b'").pluck().get()).toBe('none');
    expect(readWorkspaceRows(db, tables, 'b', new Set(['notes']))).toEqual({
      carts: { columns: ['id', 'label'], rows: [[3, 'second'], [7, 'seventh']] },
      lines: { columns: ['cart_id', 'sku'], rows: [[3, 'tea'], [7, 'cake']] },
    });
  });
});

describe('rowsOf', () => {
  it.each([
    ['a table this database lacks', { baskets: { columns: ['id'], rows: [] } }, /baskets/],
    ['a column this database lacks', { carts: { columns: ['id', 'colour'], rows: [] } }, /colour/],
    ['the workspace column itself', { carts: { columns: ['workspace_id'], rows: [] } }, /workspace_id/],
    ['a column named twice', { carts: { columns: ['id', 'id'], rows: [] } }, /twice/],
    ['a row too short', { carts: { columns: ['id', 'label'], rows: [[1]] } }, /1 values for 2 columns/],
  ])('refuses %s', (_case, tables, message) => {
    expect(() => rowsOf(tables, workspaceTables(db))).toThrow(SnapshotError);
    expect(() => rowsOf(tables, workspaceTables(db))).toThrow(message);
  });
});

describe('rowsOf on any input', () => {
  it('answers rows or its own error, nothing else', () => {
    const name = fc.constantFrom('carts', 'lines', 'notes', 'baskets', 'label', 'id', 'sku', 'cart_id', 'text', 'workspace_id');
    const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null));
    const tables = fc.dictionary(name, fc.record({ columns: fc.array(name, { maxLength: 4 }), rows: fc.array(fc.array(value, { maxLength: 4 }), { maxLength: 4 }) }));
    fc.assert(
      fc.property(tables, (input) => {
        try {
          const rows = rowsOf(input, workspaceTables(db));
          for (const [table, list] of Object.entries(rows)) expect(list).toHaveLength(input[table]!.rows.length);
        } catch (error) {
          expect(error).toBeInstanceOf(SnapshotError);
        }
      }),
    );
  });
});
