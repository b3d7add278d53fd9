import type { Database } from '../db/database.js';
import { SnapshotError, type SnapshotRows, type SqlValue } from '../core/snapshot-rows.js';
import type { WorkspaceSnapshot } from './snapshot-document.js';
import { quoted, type WorkspaceTableInfo } from './workspace-tables.js';

type TableRows = WorkspaceSnapshot['tables'];

/** Every row of a workspace, table by table, in the order they were made; `leaveOut` tables are skipped. */
export function readWorkspaceRows(db: Database, tables: WorkspaceTableInfo[], workspaceId: string, leaveOut: Set<string>): TableRows {
  const result: TableRows = {};
  for (const table of tables) {
    if (leaveOut.has(table.name)) continue;
    const order = table.rowidColumn ? quoted(table.rowidColumn) : table.columns.map(quoted).join(', ');
    const rows = db
      .prepare(`SELECT ${table.columns.map(quoted).join(', ')} FROM ${quoted(table.name)} WHERE workspace_id = ? ORDER BY ${order}`)
      .raw()
      .all(workspaceId) as SqlValue[][];
    result[table.name] = { columns: table.columns, rows };
  }
  return result;
}

/**
 * A snapshot's rows as objects, checked against this database: every table and column must exist
 * here (a table or column this sandbox lacks would be lost without a word). Columns added here
 * since the snapshot was taken take their defaults.
 */
export function rowsOf(snapshotTables: TableRows, tables: WorkspaceTableInfo[]): SnapshotRows {
  const known = new Map(tables.map((table) => [table.name, table]));
  const rows: SnapshotRows = {};
  for (const [name, { columns, rows: values }] of Object.entries(snapshotTables)) {
    const table = known.get(name);
    if (!table) throw new SnapshotError(`the snapshot has a table ${name} that this sandbox does not have`);
    const unknown = columns.filter((column) => !table.columns.includes(column));
    if (unknown.length > 0) throw new SnapshotError(`the snapshot's table ${name} has columns this sandbox does not have: ${unknown.join(', ')}`);
    if (new Set(columns).size !== columns.length) throw new SnapshotError(`the snapshot's table ${name} names a column twice`);
    rows[name] = values.map((row, i) => {
      if (row.length !== columns.length) {
        throw new SnapshotError(`row ${i} of the snapshot's table ${name} has ${row.length} values for ${columns.length} columns`);
      }
      return Object.fromEntries(columns.map((column, at) => [column, row[at]!]));
    });
  }
  return rows;
}

/**
 * Inserts a workspace's rows, parents first, inside the caller's transaction. A row keeps its
 * INTEGER PRIMARY KEY when that number is free here and gets the next one otherwise (those numbers
 * run across workspaces), and the rows referring to it follow. Returns the rows inserted per table.
 */
export function insertWorkspaceRows(db: Database, tables: WorkspaceTableInfo[], workspaceId: string, rows: SnapshotRows): Record<string, number> {
  const renumbered = new Map<string, Map<number, number>>();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const tableRows = rows[table.name];
    if (!tableRows || tableRows.length === 0) continue;
    const numbers = new Map<number, number>();
    renumbered.set(table.name, numbers);
    const idIsFree = table.rowidColumn
      ? db.prepare(`SELECT NOT EXISTS (SELECT 1 FROM ${quoted(table.name)} WHERE ${quoted(table.rowidColumn)} = ?)`).pluck()
      : undefined;
    const statements = new Map<string, ReturnType<Database['prepare']>>();
    for (const original of tableRows) {
      const row = { ...original };
      for (const reference of table.references) {
        const parent = tables.find((candidate) => candidate.name === reference.table);
        const parentNumbers = renumbered.get(reference.table);
        if (!parent?.rowidColumn || !parentNumbers || reference.parentColumns.join() !== parent.rowidColumn) continue;
        const column = reference.columns[0]!;
        const value = row[column];
        if (typeof value === 'number' && parentNumbers.has(value)) row[column] = parentNumbers.get(value)!;
      }
      let keepNumber = true;
      if (table.rowidColumn && idIsFree) {
        const number = row[table.rowidColumn];
        keepNumber = typeof number === 'number' && idIsFree.get(number) === 1;
        if (!keepNumber) delete row[table.rowidColumn];
      }
      const columns = Object.keys(row);
      const stray = columns.find((column) => !table.columns.includes(column));
      if (stray !== undefined) throw new Error(`a snapshot row of ${table.name} was given a column ${stray} the table lacks`);
      const key = columns.join(',');
      let insert = statements.get(key);
      if (!insert) {
        insert = db.prepare(
          `INSERT INTO ${quoted(table.name)} (workspace_id${columns.map((column) => `, ${quoted(column)}`).join('')})
           VALUES (?${', ?'.repeat(columns.length)})`,
        );
        statements.set(key, insert);
      }
      const { lastInsertRowid } = insert.run([workspaceId, ...columns.map((column) => row[column])]);
      if (table.rowidColumn) {
        const before = original[table.rowidColumn];
        if (typeof before === 'number') numbers.set(before, keepNumber ? before : Number(lastInsertRowid));
      }
    }
    counts[table.name] = tableRows.length;
  }
  return counts;
}
