import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationFilesError, migrate, openDatabase, readMigrations, schemaVersion, STARTING_BUSY_TIMEOUT_MS, wipe } from '../../src/db/database.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-db-'));
  dirs.push(dir);
  return dir;
};

describe('migrations', () => {
  it('ships numbered, contiguous SQL migrations', () => {
    const migrations = readMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]!.name).toBe('001-core.sql');
  });

  it('applies each once, records it, and is a no-op the second time', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db)).toBe(readMigrations().length);
    const recorded = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(readMigrations().map(({ version, name }) => ({ version, name })));
    expect(migrate(db)).toBe(readMigrations().length);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(readMigrations().length);
    db.close();
  });

  it('applies only the migrations a database has not seen', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001-one.sql'), 'CREATE TABLE one (id INTEGER PRIMARY KEY);');
    const db = openDatabase(':memory:');
    migrate(db, readMigrations(dir));
    writeFileSync(join(dir, '002-two.sql'), 'CREATE TABLE two (id INTEGER PRIMARY KEY);');
    expect(migrate(db, readMigrations(dir))).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('one', 'two')").pluck().all()).toEqual(['one', 'two']);
    db.close();
  });

  it('rolls a failing migration back whole', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001-bad.sql'), 'CREATE TABLE half (id INTEGER); SELECT * FROM missing_table;');
    const db = openDatabase(':memory:');
    expect(() => migrate(db, readMigrations(dir))).toThrow(/missing_table/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it.each([
    ['a misnamed file', ['001-one.sql', '2-two.sql'], /must be named NNN-kebab-name\.sql: 2-two\.sql/],
    ['an upper-case name', ['001-one.sql', '002-Two.sql'], /002-Two\.sql/],
    ['two files with one number', ['001-one.sql', '002-two.sql', '002-again.sql'], /share a number: 002-/],
  ])('refuses to start with %s', (_name, files, message) => {
    const dir = tempDir();
    for (const file of files) writeFileSync(join(dir, file), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(MigrationFilesError);
    expect(() => readMigrations(dir)).toThrow(message);
  });

  it('refuses a database migrated by a newer version', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999-future.sql', 'now')").run();
    expect(() => migrate(db)).toThrow(/newer pos-sandbox \(schema version 999/);
    db.close();
  });
});

describe('openDatabase', () => {
  it('opens a file in WAL mode with foreign keys on and a busy timeout, creating its folder', () => {
    const db = openDatabase(join(tempDir(), 'nested', 'sandbox.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(STARTING_BUSY_TIMEOUT_MS);
    db.close();
  });
});

describe('wipe', () => {
  it('empties every table but the migration record, whatever the foreign keys', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    db.prepare("INSERT INTO rulrr_clients (workspace_id, client_id, name, secret_hash) VALUES ('demo', 'c', 'C', 'h')").run();
    db.prepare(
      `INSERT INTO rulrr_integrations (workspace_id, client_id, token_hash, status, created_at, expires_at)
       VALUES ('demo', 'c', 't', 'pending', 'x', 'y')`,
    ).run();
    wipe(db);
    expect(db.prepare('SELECT count(*) FROM rulrr_clients').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM rulrr_integrations').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM workspaces').pluck().get()).toBe(0);
    expect(schemaVersion(db)).toBe(readMigrations().length);
    db.close();
  });
});
