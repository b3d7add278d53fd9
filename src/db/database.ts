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

export class MigrationFilesError extends Error {}

/**
 * The migrations in a folder, in order. A `.sql` file that is not named `NNN-kebab-name.sql`, or
 * two files with one number, stop the start: either would otherwise be skipped or run in an order
 * nobody chose.
 */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql'));
  const misnamed = files.filter((name) => !MIGRATION_FILE.test(name));
  if (misnamed.length > 0) {
    throw new MigrationFilesError(`migration files must be named NNN-kebab-name.sql: ${misnamed.join(', ')} in ${dir}`);
  }
  const migrations = files
    .map((name) => ({ version: Number(MIGRATION_FILE.exec(name)![1]), name, sql: readFileSync(join(dir, name), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  const repeated = migrations.filter((m, i) => i > 0 && migrations[i - 1]!.version === m.version);
  if (repeated.length > 0) {
    throw new MigrationFilesError(`two migrations share a number: ${repeated.map((m) => m.name).join(', ')} in ${dir}`);
  }
  return migrations;
}

/**
 * How long a write waits for another process's write lock while serving. better-sqlite3 waits
 * synchronously, so this is how long the event loop may stand still: short, and a request that
 * runs out answers 503 with Retry-After. Sandbox transactions hold the lock for microseconds.
 */
export const SERVING_BUSY_TIMEOUT_MS = 250;
/** At start (migrations, the first seed) a process may wait longer: it serves nothing yet. */
export const STARTING_BUSY_TIMEOUT_MS = 10_000;

/**
 * Pages SQLite keeps in the process (KiB): its own default, not better-sqlite3's 16 MiB. The OS
 * caches the file anyway, and the larger cache filled with the pages of whatever was read — 22 MB
 * more RSS once lists had walked 100,000 receipts — without a measurable gain (docs/bench.md).
 */
const PAGE_CACHE_KIB = 2000;

/**
 * Opens the sandbox database: WAL so readers never wait on the writer, foreign keys on, and a
 * busy timeout so a second process on the same file waits for the lock instead of failing.
 */
export function openDatabase(path: string, busyTimeoutMs = STARTING_BUSY_TIMEOUT_MS): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
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

/** Rows ANALYZE reads per index: refreshing a large table's statistics costs milliseconds, not seconds. */
export const ANALYSIS_LIMIT = 1000;

/**
 * Refreshes the query planner's statistics (SQLite's `PRAGMA optimize`) of the tables whose size
 * changed a lot since they were last measured — `everyTable` at start, otherwise those this
 * connection queried. Without statistics the planner guesses: a list filtered by `total > 100`
 * over 100,000 receipts would take the filter's index and sort the 80,000 rows it matches
 * (100 ms) rather than walk the sort's index and stop after a page (0.1 ms).
 */
export function refreshPlannerStatistics(db: Database, everyTable = false): void {
  db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  db.pragma(everyTable ? 'optimize = 0x10002' : 'optimize');
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
