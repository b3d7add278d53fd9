import { beforeEach, describe, expect, it } from 'vitest';
import { transactionBody } from '../../../src/apis/kangaroo/schemas/loyalty.js';
import { apiErrorOf, callerFor, fieldsOf, JOHN_ID, kangarooWorld, linkShop, OTHER_WORKSPACE, passwordGrant, type KangarooWorld } from './world.js';

let world: KangarooWorld;
beforeEach(() => {
  world = kangarooWorld();
});

describe('two workspaces seeded from the same fixtures (CONTRACT §1a)', () => {
  it('each have their own minted credentials, and each sign in to their own workspace', () => {
    expect(world.other.clientId).toMatch(new RegExp(`^kgc_${OTHER_WORKSPACE}_`));
    expect(callerFor(world, world.demo).workspaceId).toBe('demo');
    expect(callerFor(world, world.other).workspaceId).toBe(OTHER_WORKSPACE);
  });

  it('never let one workspace\'s client sign in a user or key of the other', () => {
    expect(apiErrorOf(() => passwordGrant(world, world.demo, { username: world.other.username, password: world.other.password })).code).toBe(
      'invalid_credentials',
    );
    expect(apiErrorOf(() => passwordGrant(world, world.other, { application_key: world.demo.applicationKey })).code).toBe('invalid_request');
    expect(apiErrorOf(() => passwordGrant(world, world.other, { client_secret: world.demo.clientSecret })).code).toBe('invalid_client');
  });

  it('never let one workspace\'s token open the other with its key', () => {
    const demoToken = passwordGrant(world, world.demo).access_token;
    const otherToken = passwordGrant(world, world.other).access_token;
    for (const [token, key] of [
      [demoToken, world.other.applicationKey],
      [otherToken, world.demo.applicationKey],
    ] as const) {
      expect(apiErrorOf(() => world.services.callers.authenticate({ applicationKey: key, authorization: `Bearer ${token}` })).statusCode).toBe(401);
    }
  });

  it('never resolve a token whose workspace prefix was swapped', () => {
    const otherToken = passwordGrant(world, world.other).access_token;
    const swapped = otherToken.replace(`kat_${OTHER_WORKSPACE}_`, 'kat_');
    expect(apiErrorOf(() => world.services.callers.authenticate({ applicationKey: world.demo.applicationKey, authorization: `Bearer ${swapped}` })).statusCode).toBe(401);
  });

  it('keep their data apart: balances, customers, integrations and links', () => {
    const demoLink = linkShop(world, 'demo');
    const otherLink = linkShop(world, OTHER_WORKSPACE);
    expect([demoLink, otherLink]).toEqual([1, 1]);
    const reward = (workspaceId: string, customer: object) =>
      world.services.loyalty.createTransaction(workspaceId, transactionBody.parse({ branch_link_id: 1, intent: 'reward', points: 500, customer })).data;
    expect(reward('demo', { id: JOHN_ID }).customer.balance.points).toBe(1500);
    expect(reward(OTHER_WORKSPACE, { id: JOHN_ID }).customer.balance.points).toBe(1500);
    expect(reward(OTHER_WORKSPACE, { id: JOHN_ID }).customer.balance.points).toBe(2000);
    expect(reward('demo', { id: JOHN_ID }).customer.balance.points).toBe(2000);

    const created = reward(OTHER_WORKSPACE, { email: 'only.in.two@example.com' }).customer;
    expect(fieldsOf(() => reward('demo', { id: created.id }))).toEqual({ 'customer.id': ['The selected customer.id is invalid.'] });

    world.services.integrations.createIntegration(OTHER_WORKSPACE, { name: 'Second', type: 1 });
    expect(world.services.integrations.branchLinksOf(OTHER_WORKSPACE, 2)).toEqual({ data: [] });
    expect(apiErrorOf(() => world.services.integrations.branchLinksOf('demo', 2)).statusCode).toBe(404);
  });

  it('lose everything Kangaroo when their workspace is deleted, and nothing of the other', () => {
    linkShop(world, OTHER_WORKSPACE);
    passwordGrant(world, world.other);
    const tables = world.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'kangaroo_%'")
      .pluck()
      .all() as string[];
    const rows = (workspaceId: string) =>
      tables.reduce((sum, table) => sum + (world.db.prepare(`SELECT count(*) FROM ${table} WHERE workspace_id = ?`).pluck().get(workspaceId) as number), 0);
    const demoRows = rows('demo');
    expect(rows(OTHER_WORKSPACE)).toBeGreaterThan(0);
    world.db.prepare('DELETE FROM workspaces WHERE id = ?').run(OTHER_WORKSPACE);
    expect(rows(OTHER_WORKSPACE)).toBe(0);
    expect(rows('demo')).toBe(demoRows);
  });
});
