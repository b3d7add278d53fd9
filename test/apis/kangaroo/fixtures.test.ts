import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintKangarooCredentials } from '../../../src/apis/kangaroo/credentials.js';
import { demoKangarooCredentials, loadKangarooFixtures, seedKangarooWorkspace } from '../../../src/apis/kangaroo/fixtures.js';
import { migrate, openDatabase } from '../../../src/db/database.js';
import { FixtureError } from '../../../src/fixtures/read-fixture.js';
import { FIXTURES_DIR } from '../../helpers/build.js';
import { kangarooWorld, OTHER_WORKSPACE } from './world.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the shipped fixtures with one Kangaroo file replaced. */
function fixturesWith(file: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'kangaroo-fixtures-'));
  dirs.push(dir);
  cpSync(join(FIXTURES_DIR, 'kangaroo'), join(dir, 'kangaroo'), { recursive: true });
  writeFileSync(join(dir, 'kangaroo', file), JSON.stringify(content));
  return dir;
}

describe('loadKangarooFixtures', () => {
  it('reads the shipped fixtures: the demo credentials of CONTRACT §3, one virtual and one ordinary branch', () => {
    const fixtures = loadKangarooFixtures(FIXTURES_DIR)!;
    expect(demoKangarooCredentials(fixtures)).toEqual({
      clientId: 'kangaroo-demo-client',
      clientSecret: 'kangaroo-demo-secret',
      applicationKey: 'kangaroo-demo-app-key',
      username: 'owner@demo-business.test',
      password: 'demo1234',
    });
    expect(fixtures.branches.map((b) => b.virtual_branch_flag)).toEqual([true, false]);
    expect(fixtures.customers.length).toBeGreaterThan(0);
    expect(fixtures.offers.length).toBeGreaterThan(0);
    expect(fixtures.catalog.length).toBeGreaterThan(0);
  });

  it('answers undefined for a fixtures folder without Kangaroo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kangaroo-fixtures-'));
    dirs.push(dir);
    expect(loadKangarooFixtures(dir)).toBeUndefined();
  });

  it('answers undefined when business.json lists no business', () => {
    expect(loadKangarooFixtures(fixturesWith('business.json', []))).toBeUndefined();
  });

  it.each([
    ['business.json', [{ id: 'x', name: 'B', points_per_currency_unit: 1 }], /business\.json is invalid — 0\.id/],
    ['credentials.json', [], /credentials\.json must list exactly one entry/],
    ['branches.json', [{ id: '0'.repeat(32), name: 'A', virtual_branch_flag: 'yes', is_ecom: false, address: {} }], /virtual_branch_flag/],
    ['customers.json', [{ id: '0'.repeat(32), points: 1 }], /needs an email or a phone/],
    [
      'customers.json',
      [
        { id: '0'.repeat(32), email: 'a@example.com', points: 1 },
        { id: '0'.repeat(32), email: 'b@example.com', points: 1 },
      ],
      /customers\.json lists id 0{32} twice/,
    ],
    [
      'credentials.json',
      [
        {
          client_id: 'kgc_ws0000000009_00ff',
          client_secret: 'secret-secret',
          client_name: 'x',
          username: 'a@example.com',
          password: 'p',
          user_name: 'u',
          application_key: 'kangaroo-demo-app-key',
          application_name: 'a',
        },
      ],
      /form of another workspace's credential/,
    ],
  ])('checks %s: %j', (file, content, problem) => {
    const dir = fixturesWith(file, content);
    expect(() => loadKangarooFixtures(dir)).toThrow(FixtureError);
    expect(() => loadKangarooFixtures(dir)).toThrow(problem);
  });
});

describe('seedKangarooWorkspace', () => {
  it('inserts the world and counts it', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const fixtures = loadKangarooFixtures(FIXTURES_DIR)!;
    const counts = seedKangarooWorkspace(db, 'demo', demoKangarooCredentials(fixtures), fixtures, new Date('2026-03-01T00:00:00Z'));
    expect(counts).toEqual({ branches: 2, customers: fixtures.customers.length, offers: fixtures.offers.length, catalogItems: fixtures.catalog.length });
    const opening = db.prepare("SELECT sum(delta) FROM kangaroo_points_ledger WHERE workspace_id = 'demo' AND transaction_id IS NULL").pluck().get();
    expect(opening).toBe(fixtures.customers.reduce((sum, c) => sum + c.points, 0));
  });

  it('refuses credentials that do not name the workspace, and inserts nothing', () => {
    const world = kangarooWorld();
    world.db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES ('ws0000000003', 't', 'x', 'x')").run();
    expect(() => seedKangarooWorkspace(world.db, 'ws0000000003', mintKangarooCredentials('ws0000000004'), world.fixtures, new Date())).toThrow(
      /does not name workspace ws0000000003/,
    );
    expect(() => seedKangarooWorkspace(world.db, 'ws0000000003', world.demo, world.fixtures, new Date())).toThrow(
      /does not name workspace ws0000000003/,
    );
    expect(world.db.prepare("SELECT count(*) FROM kangaroo_businesses WHERE workspace_id = 'ws0000000003'").pluck().get()).toBe(0);
  });

  it('cannot seed a workspace twice', () => {
    const world = kangarooWorld();
    expect(() => seedKangarooWorkspace(world.db, OTHER_WORKSPACE, world.other, world.fixtures, new Date())).toThrow(/UNIQUE/);
  });
});
