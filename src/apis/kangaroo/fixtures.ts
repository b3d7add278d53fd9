import { z } from 'zod';
import type { ApiWorkspacePart } from '../../core/api.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { FixtureError, readFixtureList } from '../../fixtures/read-fixture.js';
import type { SnapshotRows } from '../../core/snapshot-rows.js';
import { hashToken } from '../../lib/secrets.js';
import { DEMO_WORKSPACE } from '../../workspaces/workspace-ids.js';
import { hashSandboxPassword } from './password-hash.js';
import { mintKangarooCredentials, workspaceOfCredential, type KangarooCredentials } from './credentials.js';
import { ApplicationKeyRepository } from './db/application-key-repository.js';
import { BranchRepository } from './db/branch-repository.js';
import { BusinessRepository } from './db/business-repository.js';
import { CatalogRepository } from './db/catalog-repository.js';
import { CustomerRepository } from './db/customer-repository.js';
import { LedgerRepository } from './db/ledger-repository.js';
import { OAuthClientRepository } from './db/oauth-client-repository.js';
import { OfferRepository } from './db/offer-repository.js';
import { UserRepository } from './db/user-repository.js';
import {
  branchFixture,
  businessFixture,
  catalogItemFixture,
  credentialsFixture,
  customerFixture,
  offerFixture,
  type BranchFixture,
  type BusinessFixture,
  type CatalogItemFixture,
  type CredentialsFixture,
  type CustomerFixture,
  type OfferFixture,
} from './schemas/fixtures.js';

/** fixtures/kangaroo/, read and validated once; every workspace is seeded from this. */
export interface KangarooFixtures {
  business: BusinessFixture;
  /** The demo workspace's credentials (CONTRACT §3). */
  demo: CredentialsFixture;
  branches: BranchFixture[];
  customers: CustomerFixture[];
  offers: OfferFixture[];
  catalog: CatalogItemFixture[];
}

function exactlyOne<T>(items: T[], file: string): T {
  if (items.length !== 1) throw new FixtureError(`fixture kangaroo/${file} must list exactly one entry (it lists ${items.length})`);
  return items[0]!;
}

function uniqueIds(items: Array<{ id: string | number }>, file: string): void {
  const seen = new Set<string | number>();
  for (const { id } of items) {
    if (seen.has(id)) throw new FixtureError(`fixture kangaroo/${file} lists id ${id} twice`);
    seen.add(id);
  }
}

/**
 * Reads fixtures/kangaroo/. Undefined when the folder has no Kangaroo business: a custom
 * fixtures folder may leave the API out.
 */
export function loadKangarooFixtures(dir: string): KangarooFixtures | undefined {
  const businesses = readFixtureList(dir, 'kangaroo/business.json', businessFixture);
  if (businesses.length === 0) return undefined;
  const fixtures: KangarooFixtures = {
    business: exactlyOne(businesses, 'business.json'),
    demo: exactlyOne(readFixtureList(dir, 'kangaroo/credentials.json', credentialsFixture), 'credentials.json'),
    branches: readFixtureList(dir, 'kangaroo/branches.json', branchFixture),
    customers: readFixtureList(dir, 'kangaroo/customers.json', customerFixture),
    offers: readFixtureList(dir, 'kangaroo/offers.json', offerFixture),
    catalog: readFixtureList(dir, 'kangaroo/catalog.json', catalogItemFixture),
  };
  uniqueIds(fixtures.branches, 'branches.json');
  uniqueIds(fixtures.customers, 'customers.json');
  uniqueIds(fixtures.offers, 'offers.json');
  uniqueIds(fixtures.catalog, 'catalog.json');
  const demo = demoKangarooCredentials(fixtures);
  for (const [kind, value] of [['client', demo.clientId], ['applicationKey', demo.applicationKey]] as const) {
    if (workspaceOfCredential(kind, value) !== DEMO_WORKSPACE) {
      throw new FixtureError(`fixture kangaroo/credentials.json: ${value} has the form of another workspace's credential`);
    }
  }
  return fixtures;
}

export function demoKangarooCredentials(fixtures: KangarooFixtures): KangarooCredentials {
  const { demo } = fixtures;
  return {
    clientId: demo.client_id,
    clientSecret: demo.client_secret,
    applicationKey: demo.application_key,
    username: demo.username,
    password: demo.password,
  };
}

/**
 * Inserts a workspace's Kangaroo world: the business, the credentials given (demo's from the
 * fixtures, minted ones for any other workspace), branches, customers with their opening
 * balances, offers and the redemption catalog. One transaction; the workspaces row must exist.
 */
export function seedKangarooWorkspace(
  db: Database,
  workspaceId: string,
  credentials: KangarooCredentials,
  fixtures: KangarooFixtures,
  now: Date,
): Record<string, number> {
  for (const [kind, value] of [['client', credentials.clientId], ['applicationKey', credentials.applicationKey]] as const) {
    if (workspaceOfCredential(kind, value) !== workspaceId) {
      throw new Error(`the Kangaroo ${kind} ${value} does not name workspace ${workspaceId}, so calls with it would not reach it`);
    }
  }
  const customers = new CustomerRepository(db);
  const ledger = new LedgerRepository(db);
  return writeTransaction(db, () => {
    const { business, demo } = fixtures;
    new BusinessRepository(db).insert(workspaceId, {
      id: business.id,
      name: business.name,
      pointsPerCurrencyUnit: business.points_per_currency_unit,
    });
    new OAuthClientRepository(db).insert(workspaceId, { clientId: credentials.clientId, name: demo.client_name, clientSecret: credentials.clientSecret });
    new UserRepository(db).insert(workspaceId, { email: credentials.username, name: demo.user_name, password: credentials.password });
    new ApplicationKeyRepository(db).insert(workspaceId, credentials.applicationKey, demo.application_name);
    const branches = new BranchRepository(db);
    fixtures.branches.forEach((branch, position) => branches.insert(workspaceId, branch, position));
    for (const fixture of fixtures.customers) {
      const { points, first_name, last_name, country_code, ...identity } = fixture;
      customers.insert(workspaceId, { ...identity, countryCode: country_code, firstName: first_name, lastName: last_name }, now);
      if (points > 0) {
        const balance = customers.addPoints(workspaceId, fixture.id, points, points, now)!;
        ledger.append(workspaceId, { customerId: fixture.id, transactionId: null, delta: points, balanceAfter: balance }, now);
      }
    }
    const offers = new OfferRepository(db);
    for (const offer of fixtures.offers) offers.insert(workspaceId, offer);
    const catalog = new CatalogRepository(db);
    for (const item of fixtures.catalog) catalog.insert(workspaceId, item);
    return {
      branches: fixtures.branches.length,
      customers: fixtures.customers.length,
      offers: fixtures.offers.length,
      catalogItems: fixtures.catalog.length,
    };
  });
}

/** A workspace's Kangaroo credentials as the admin API shows them (CONTRACT §6). */
export const kangarooCredentials = z
  .object({
    clientId: z.string().describe('OAuth client id: `kangaroo-demo-client` in demo, `kgc_<workspace id>_…` elsewhere'),
    clientSecret: z.string(),
    applicationKey: z.string().describe('The `X-Application-Key` header: `kangaroo-demo-app-key` in demo, `kak_<workspace id>_…` elsewhere'),
    username: z.string().describe('The business user of the password grant'),
    password: z.string(),
  })
  .meta({ id: 'AdminWorkspaceKangaroo' });

/**
 * Kangaroo's part of every workspace: demo signs in with the fixtures' credentials (CONTRACT §3),
 * any other workspace with minted ones naming it. A fixtures folder without Kangaroo seeds nothing.
 */
export const kangarooWorkspace: ApiWorkspacePart<KangarooFixtures | undefined, KangarooCredentials> = {
  credentialsSchema: kangarooCredentials,
  readFixtures: loadKangarooFixtures,
  credentials: (workspaceId, fixtures) =>
    workspaceId === DEMO_WORKSPACE && fixtures ? demoKangarooCredentials(fixtures) : mintKangarooCredentials(workspaceId),
  seed: (db, workspace, fixtures, now) => (fixtures ? seedKangarooWorkspace(db, workspace.id, workspace.credentials, fixtures, now) : {}),
  rekey: rekeyKangaroo,
};

/**
 * Restored beside its original: the OAuth client, the user and the application key are minted
 * again for the new workspace (their text names the workspace they open); no access or refresh
 * token is carried over (the same reason) — the copy signs in with its new credentials. Branches,
 * integrations, links, customers, balances and transactions are keyed within the workspace.
 */
function rekeyKangaroo(rows: SnapshotRows, to: { id: string }, from: { id: string; credentials: KangarooCredentials }): KangarooCredentials {
  const minted = mintKangarooCredentials(to.id);
  const old = from.credentials;
  rows.kangaroo_oauth_clients = (rows.kangaroo_oauth_clients ?? []).map((row) =>
    row.client_id === old.clientId ? { ...row, client_id: minted.clientId, secret_hash: hashToken(minted.clientSecret) } : row,
  );
  rows.kangaroo_users = (rows.kangaroo_users ?? []).map((row) =>
    String(row.email).toLowerCase() === old.username.toLowerCase()
      ? { ...row, email: minted.username, password_hash: hashSandboxPassword(minted.password) }
      : row,
  );
  rows.kangaroo_application_keys = (rows.kangaroo_application_keys ?? []).map((row) =>
    row.key_hash === hashToken(old.applicationKey) ? { ...row, key_hash: hashToken(minted.applicationKey) } : row,
  );
  rows.kangaroo_access_tokens = [];
  rows.kangaroo_refresh_tokens = [];
  return minted;
}
