import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';

/*
 * Every table of an emulated API is keyed by workspace and goes when its workspace goes
 * (CONTRACT §1a). Read from the migrated schema, so each later API's migrations are held to it.
 */
const NOT_PER_WORKSPACE = ['schema_migrations', 'sandbox_meta', 'workspaces'];

interface Column {
  name: string;
  type: string;
  notnull: number;
}
interface ForeignKey {
  table: string;
  from: string;
  to: string;
  on_delete: string;
}

let db: Database;
beforeAll(() => {
  db = openDatabase(':memory:');
  migrate(db);
});
afterAll(() => db.close());

const tables = () =>
  db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
const perWorkspace = () => tables().filter((table) => !NOT_PER_WORKSPACE.includes(table));

describe('the schema', () => {
  it('has the per-workspace tables the APIs shipped so far, so the checks below cannot pass on nothing', () => {
    expect(perWorkspace()).toEqual(
      expect.arrayContaining(['outbox_messages', 'rulrr_clients', 'rulrr_integrations', 'rulrr_orders', 'rulrr_tokens']),
    );
  });

  it('gives every table but schema_migrations, sandbox_meta and workspaces a NOT NULL text workspace_id', () => {
    const missing = perWorkspace().filter((table) => {
      const column = (db.pragma(`table_info("${table}")`) as Column[]).find((candidate) => candidate.name === 'workspace_id');
      return !column || column.notnull !== 1 || column.type !== 'TEXT';
    });
    expect(missing).toEqual([]);
  });

  it('references workspaces(id) from every workspace_id with ON DELETE CASCADE', () => {
    const missing = perWorkspace().filter(
      (table) =>
        !(db.pragma(`foreign_key_list("${table}")`) as ForeignKey[]).some(
          (key) => key.table === 'workspaces' && key.from === 'workspace_id' && key.to === 'id' && key.on_delete === 'CASCADE',
        ),
    );
    expect(missing).toEqual([]);
  });

  it('enforces foreign keys, so the cascade happens', () => {
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
