import { z } from 'zod';
import type { ApiWorkspacePart } from '../../core/api.js';
import type { Database } from '../../db/database.js';
import { FixtureError, readFixtureList } from '../../fixtures/read-fixture.js';
import { hashToken } from '../../lib/secrets.js';
import { DEMO_WORKSPACE } from '../../workspaces/workspace-ids.js';
import { ApiKeyRepository, DEMO_API_KEY, newApiKey } from './auth/api-key-repository.js';
import { ProductRepository } from './db/product-repository.js';
import { RuleSetRepository } from './db/rule-set-repository.js';
import { TenantRepository, type Tenant } from './db/tenant-repository.js';
import { VenueRepository } from './db/venue-repository.js';
import { readWllFixtures, type WllFixtures } from './fixtures.js';
import { DEFAULT_TENANT_SETTINGS } from './review/automated-review.js';
import { insertRuleSet } from './rule-sets.js';
import { checkNewRuleSet, type NewRuleSet } from './rules/rule-set-check.js';
import { RuleSetValidationError } from './rules/rule-set-errors.js';

/** A workspace's WLL credentials (CONTRACT §6). */
export const wllCredentials = z
  .object({
    apiKey: z.string().describe('The tenant API key (X-Api-Key): `wll-demo-key` in demo, `wll_<workspace id>_…` elsewhere.'),
  })
  .meta({ id: 'AdminWorkspaceWll' });
export type WllCredentials = z.infer<typeof wllCredentials>;

export interface WllWorkspaceFixtures extends WllFixtures {
  /** fixtures/wll/rule-sets.json, each checked (and its BASKET rules inflated) at start. */
  ruleSets: NewRuleSet[];
}

/** The tenant a fixtures folder without wll/tenant.json gets: WLL still answers, with the defaults. */
const DEFAULT_TENANT = { name: 'Sandbox tenant', slug: 'sandbox-tenant', ...DEFAULT_TENANT_SETTINGS };

function readRuleSets(fixturesDir: string, fixtures: WllFixtures): NewRuleSet[] {
  const prices = new Map(fixtures.products.map((product) => [product.id, product.unitPrice]));
  return readFixtureList(fixturesDir, 'wll/rule-sets.json', z.unknown()).map((body, index) => {
    const checked = checkNewRuleSet(body, (productId) => prices.get(productId));
    if (checked instanceof RuleSetValidationError) throw new FixtureError(`fixture wll/rule-sets.json: [${index}]: ${checked.message}`);
    return checked;
  });
}

/**
 * Every workspace gets the fixtures' tenant settings, catalogue, venues and rule sets; its API key
 * is the fixtures' in demo and a fresh `wll_<workspace id>_…` elsewhere (CONTRACT §1a).
 */
export const wllWorkspace: ApiWorkspacePart<WllWorkspaceFixtures, WllCredentials> = {
  credentialsSchema: wllCredentials,

  readFixtures(fixturesDir) {
    const fixtures = readWllFixtures(fixturesDir);
    return { ...fixtures, ruleSets: readRuleSets(fixturesDir, fixtures) };
  },

  credentials(workspaceId, fixtures) {
    return { apiKey: workspaceId === DEMO_WORKSPACE ? (fixtures.tenant?.apiKey ?? DEMO_API_KEY) : newApiKey(workspaceId) };
  },

  seed(db: Database, workspace, fixtures, now) {
    const tenant: Tenant = fixtures.tenant
      ? { name: fixtures.tenant.name, slug: fixtures.tenant.slug, timeZone: fixtures.tenant.timezone, maxReceiptAgeDays: fixtures.tenant.maxReceiptAgeDays }
      : DEFAULT_TENANT;
    new TenantRepository(db).insert(workspace.id, tenant);
    new ApiKeyRepository(db).add(workspace.id, workspace.credentials.apiKey, now);
    const products = new ProductRepository(db);
    for (const product of fixtures.products) products.insert(workspace.id, product);
    const venues = new VenueRepository(db);
    for (const venue of fixtures.venues) venues.insert(workspace.id, venue);
    const ruleSets = new RuleSetRepository(db);
    for (const ruleSet of fixtures.ruleSets) insertRuleSet(ruleSets, workspace.id, ruleSet, now);
    return { products: fixtures.products.length, venues: fixtures.venues.length, ruleSets: fixtures.ruleSets.length };
  },

  /**
   * Restored beside its original: a fresh API key naming the new workspace, and no signing key —
   * kids are unique across workspaces, and the tokens the old key signed name the old workspace;
   * the copy makes its own key when its first token is minted. Receipts, reviews, orders, rule
   * sets and the catalogue are keyed within the workspace and come across as they are.
   */
  rekey(rows, to) {
    const apiKey = newApiKey(to.id);
    rows.wll_api_keys = (rows.wll_api_keys ?? []).slice(0, 1).map((row) => ({ ...row, key_hash: hashToken(apiKey) }));
    if (rows.wll_api_keys.length === 0) rows.wll_api_keys = [{ key_hash: hashToken(apiKey), created_at: new Date().toISOString() }];
    rows.wll_signing_keys = [];
    return { apiKey };
  },
};
