import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((name) => ({ name, match: MIGRATION_FILE.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({ version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Opens the sandbox database: WAL so readers never wait on the writer, foreign keys on, and a
 * busy timeout so a second process on the same file (the CLI's `reset`) waits instead of failing.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Runs `work` in one write transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE).
 * A deferred transaction that reads first and writes later cannot wait for the lock in WAL mode —
 * it fails at once with SQLITE_BUSY when another process wrote in between — while an immediate
 * one waits up to the busy timeout. Nested calls become savepoints of the outer transaction.
 */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
}

/** Applies the migrations the database has not seen yet, each in its own transaction. Forward only. */
export function migrate(db: Database, migrations = readMigrations()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((version) => version > newest);
  if (unknown.length > 0) {
    throw new Error(
      `the database was migrated by a newer pos-sandbox (schema version ${Math.max(...unknown)}, this one knows ${newest})`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    writeTransaction(db, () => {
      // Asked again under the write lock: another process starting on the same file may have won.
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    });
  }
  return schemaVersion(db);
}

export function schemaVersion(db: Database): number {
  return (db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number) ?? 0;
}

/**
 * Empties every table but the migration record, in one transaction (joined if the caller has
 * one open). Foreign keys are checked at commit, so table order does not matter.
 */
export function wipe(db: Database): void {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
    )
    .pluck()
    .all() as string[];
  writeTransaction(db, () => {
    db.pragma('defer_foreign_keys = ON');
    // Table names come from sqlite_schema, not from input, and are quoted.
    for (const table of tables) db.exec(`DELETE FROM "${table.replaceAll('"', '""')}"`);
  });
}
