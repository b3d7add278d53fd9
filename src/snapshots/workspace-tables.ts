import type { Database } from '../db/database.js';

/** A table whose rows belong to one workspace each: it has a `workspace_id` column. */
export interface WorkspaceTableInfo {
  name: string;
  /** Every column but `workspace_id`, in the table's order. */
  columns: string[];
  /** The INTEGER PRIMARY KEY column (an alias of the rowid, numbered across workspaces), if any. */
  rowidColumn: string | null;
  /** Foreign keys to other workspace tables: `columns` here refer to `parentColumns` there. */
  references: Array<{ table: string; columns: string[]; parentColumns: string[] }>;
}

export class SnapshotSchemaError extends Error {}

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

interface ForeignKeyInfo {
  id: number;
  table: string;
  from: string;
  to: string | null;
}

/** An identifier from sqlite_schema, quoted for SQL (never from input). */
export const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The workspace tables of the database — found from the schema itself, so a table a later
 * migration adds is in every snapshot without being named — each after the tables whose
 * INTEGER PRIMARY KEY it refers to: a restore renumbers those keys and must know the new numbers
 * before it inserts the rows referring to them. Other references may run in circles (WLL's
 * receipts and reviews refer to each other); a restore defers their checks to its commit.
 */
export function workspaceTables(db: Database): WorkspaceTableInfo[] {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'workspaces' ORDER BY name")
    .pluck()
    .all() as string[];
  const found = new Map<string, { columns: ColumnInfo[]; withoutRowid: boolean; keys: ForeignKeyInfo[] }>();
  for (const name of names) {
    const columns = db.pragma(`table_info(${quoted(name)})`) as ColumnInfo[];
    if (!columns.some((column) => column.name === 'workspace_id')) continue;
    const [listing] = db.pragma(`table_list(${quoted(name)})`) as Array<{ wr: number }>;
    found.set(name, { columns, withoutRowid: listing?.wr === 1, keys: db.pragma(`foreign_key_list(${quoted(name)})`) as ForeignKeyInfo[] });
  }

  const tables = new Map<string, WorkspaceTableInfo>();
  for (const [name, { columns, withoutRowid, keys }] of found) {
    const primary = columns.filter((column) => column.pk > 0);
    const rowidColumn = !withoutRowid && primary.length === 1 && primary[0]!.type.toUpperCase() === 'INTEGER' ? primary[0]!.name : null;
    const byKey = new Map<number, ForeignKeyInfo[]>();
    for (const key of keys) byKey.set(key.id, [...(byKey.get(key.id) ?? []), key]);
    const references = [...byKey.values()]
      .filter(([first]) => found.has(first!.table))
      .map((parts) => {
        const parent = found.get(parts[0]!.table)!;
        const parentKey = parent.columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
        return {
          table: parts[0]!.table,
          columns: parts.map((part) => part.from),
          parentColumns: parts.map((part, i) => part.to ?? parentKey[i]!.name),
        };
      });
    tables.set(name, { name, columns: columns.map((column) => column.name).filter((column) => column !== 'workspace_id'), rowidColumn, references });
  }
  return parentsFirst(tables);
}

function parentsFirst(tables: Map<string, WorkspaceTableInfo>): WorkspaceTableInfo[] {
  const ordered: WorkspaceTableInfo[] = [];
  const placed = new Set<string>();
  const numbered = (reference: WorkspaceTableInfo['references'][number]) => tables.get(reference.table)?.rowidColumn !== null;
  while (placed.size < tables.size) {
    const ready = [...tables.values()].filter(
      (table) =>
        !placed.has(table.name) &&
        table.references.every((reference) => reference.table === table.name || !numbered(reference) || placed.has(reference.table)),
    );
    if (ready.length === 0) {
      throw new SnapshotSchemaError(
        `tables refer to each other's INTEGER PRIMARY KEY in a cycle: ${[...tables.keys()].filter((name) => !placed.has(name)).join(', ')}`,
      );
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}
