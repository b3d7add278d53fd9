import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../src/db/database.js';

describe('migration 008-kangaroo', () => {
  const db = openDatabase(':memory:');
  migrate(db);
  const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name LIKE 'kangaroo_%'").all() as Array<{ name: string; sql: string }>;

  it('creates the Kangaroo tables, each STRICT', () => {
    expect(tables.map((t) => t.name).sort()).toEqual([
      'kangaroo_access_tokens',
      'kangaroo_application_keys',
      'kangaroo_branch_links',
      'kangaroo_branches',
      'kangaroo_businesses',
      'kangaroo_catalog_items',
      'kangaroo_customers',
      'kangaroo_integrations',
      'kangaroo_oauth_clients',
      'kangaroo_offers',
      'kangaroo_points_ledger',
      'kangaroo_rate_limits',
      'kangaroo_refresh_tokens',
      'kangaroo_transactions',
      'kangaroo_users',
    ]);
    for (const { sql } of tables) expect(sql.trimEnd()).toMatch(/\) STRICT$/);
  });

  it('gives every table workspace_id first, referencing workspaces with ON DELETE CASCADE', () => {
    for (const { name } of tables) {
      const columns = db.pragma(`table_info(${name})`) as Array<{ name: string; notnull: number }>;
      expect(columns[0]).toMatchObject({ name: 'workspace_id', notnull: 1 });
      const keys = db.pragma(`foreign_key_list(${name})`) as Array<{ table: string; from: string; on_delete: string }>;
      expect(keys).toContainEqual(expect.objectContaining({ table: 'workspaces', from: 'workspace_id', on_delete: 'CASCADE' }));
    }
  });

  it('leads every key and index with workspace_id', () => {
    for (const { name } of tables) {
      const indexes = db.pragma(`index_list(${name})`) as Array<{ name: string }>;
      for (const index of indexes) {
        const first = (db.pragma(`index_info(${index.name})`) as Array<{ name: string }>)[0];
        expect(first?.name, `${name}.${index.name}`).toBe('workspace_id');
      }
    }
  });
});
