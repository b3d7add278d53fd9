import type { WorkspaceClock } from '../../../src/core/workspace-clock.js';
import { migrate, openDatabase, type Database } from '../../../src/db/database.js';
import type { KangarooCaller } from '../../../src/apis/kangaroo/caller-auth.js';
import { mintKangarooCredentials, type KangarooCredentials } from '../../../src/apis/kangaroo/credentials.js';
import { demoKangarooCredentials, loadKangarooFixtures, seedKangarooWorkspace, type KangarooFixtures } from '../../../src/apis/kangaroo/fixtures.js';
import type { TokenResponse } from '../../../src/apis/kangaroo/schemas/oauth.js';
import { createKangarooServices, type KangarooServices } from '../../../src/apis/kangaroo/services.js';
import type { ApiError } from '../../../src/lib/api-error.js';
import { OutboxTable } from '../../../src/outbox/outbox-table.js';
import { DEMO_WORKSPACE } from '../../../src/workspaces/workspace-ids.js';
import { FIXTURES_DIR } from '../../helpers/build.js';

export const VIRTUAL_BRANCH_ID = '11eaa5c938ec36cc9df9b42e99312ac8';
export const ORDINARY_BRANCH_ID = '11e696103f8ff5eabb02089e01cf89b5';
/** johndoe@example.com, 1000 points in the fixtures. */
export const JOHN_ID = '11e69610400894b2bb02089e01cf89b5';
export const OTHER_WORKSPACE = 'ws0000000002';

/** A sandbox clock per workspace, moved by hand. */
export class TestClock implements WorkspaceClock {
  private readonly offsets = new Map<string, number>();

  constructor(private readonly startMs = Date.parse('2026-03-01T12:00:00.000Z')) {}

  now(workspaceId: string): Date {
    return new Date(this.startMs + (this.offsets.get(workspaceId) ?? 0));
  }

  advance(workspaceId: string, ms: number): void {
    this.offsets.set(workspaceId, (this.offsets.get(workspaceId) ?? 0) + ms);
  }
}

export interface KangarooWorld {
  db: Database;
  clock: TestClock;
  services: KangarooServices;
  fixtures: KangarooFixtures;
  demo: KangarooCredentials;
  other: KangarooCredentials;
}

let cachedFixtures: KangarooFixtures | undefined;

/** A real in-memory database with every migration, the demo workspace and a second one, both seeded. */
export function kangarooWorld(options: { rateLimit?: boolean } = {}): KangarooWorld {
  const db = openDatabase(':memory:');
  migrate(db);
  const clock = new TestClock();
  cachedFixtures ??= loadKangarooFixtures(FIXTURES_DIR)!;
  const fixtures = cachedFixtures;
  db.prepare(
    `INSERT INTO workspaces (id, name, created_at, last_used_at) VALUES (?, ?, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')`,
  ).run(OTHER_WORKSPACE, 'second');
  const demo = demoKangarooCredentials(fixtures);
  const other = mintKangarooCredentials(OTHER_WORKSPACE);
  seedKangarooWorkspace(db, DEMO_WORKSPACE, demo, fixtures, clock.now(DEMO_WORKSPACE));
  seedKangarooWorkspace(db, OTHER_WORKSPACE, other, fixtures, clock.now(OTHER_WORKSPACE));
  const services = createKangarooServices({
    db,
    clocks: clock,
    outbox: new OutboxTable(db),
    onWorkspaceRemoved: () => undefined,
    config: { kangarooRateLimit: options.rateLimit ? 240 : 0 },
  });
  return { db, clock, services, fixtures, demo, other };
}

export function passwordGrant(world: KangarooWorld, credentials: KangarooCredentials, overrides: Record<string, string> = {}): TokenResponse {
  return world.services.oauth.issueToken({
    grant_type: 'password',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    username: credentials.username,
    password: credentials.password,
    scope: 'admin',
    application_key: credentials.applicationKey,
    ...overrides,
  });
}

/** The caller a fresh password-grant token makes. */
export function callerFor(world: KangarooWorld, credentials: KangarooCredentials): KangarooCaller {
  const { access_token } = passwordGrant(world, credentials);
  return world.services.callers.authenticate({ applicationKey: credentials.applicationKey, authorization: `Bearer ${access_token}` });
}

/** An integration and a branch link to the virtual branch; returns the branch_link_id. */
export function linkShop(world: KangarooWorld, workspaceId: string, shopId = 'shop-1'): number {
  const integration = world.services.integrations.createIntegration(workspaceId, { name: 'ABC', type: 1 });
  return world.services.integrations.linkBranch(workspaceId, {
    account_id: 'acct-1',
    shop_id: shopId,
    branch_id: VIRTUAL_BRANCH_ID,
    integration_id: integration.integration_id,
  }).id;
}

/** The ApiError `work` throws (fails the test when it throws nothing or something else). */
export function apiErrorOf(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    if ((error as Error).name === 'ApiError') return error as ApiError;
    throw error;
  }
  throw new Error('expected an ApiError, but the call succeeded');
}

/** The 422 field map an ApiError carries. */
export function fieldsOf(work: () => unknown): Record<string, string[]> {
  const error = apiErrorOf(work);
  if (error.statusCode !== 422) throw new Error(`expected a 422, got ${error.statusCode} ${error.code}: ${error.message}`);
  return (error.details as { fields: Record<string, string[]> }).fields;
}

export function balanceOf(world: KangarooWorld, workspaceId: string, customerId: string): number {
  return world.db
    .prepare('SELECT points FROM kangaroo_customers WHERE workspace_id = ? AND id = ?')
    .pluck()
    .get(workspaceId, customerId) as number;
}
