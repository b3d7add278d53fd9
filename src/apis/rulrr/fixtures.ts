import { z } from 'zod';
import type { ApiWorkspacePart } from '../../core/api.js';
import type { Database } from '../../db/database.js';
import { readFixtureList } from '../../fixtures/read-fixture.js';
import { hashPassword, randomToken } from '../../lib/secrets.js';
import { DEMO_WORKSPACE } from '../../workspaces/workspace-ids.js';
import { ClientTable } from './db/client-table.js';
import { MerchantTable } from './db/merchant-table.js';
import { isoCurrency, storeProfileBody } from './schemas.js';

/** fixtures/rulrr/clients.json: the POS vendors (client id and secret) Rulrr knows. */
export const clientFixture = z.object({
  clientId: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  clientSecret: z.string().min(8).max(200),
});

/** fixtures/rulrr/merchants.json: who can sign in to Rulrr-Connect, with their stores in order. */
export const merchantFixture = z.object({
  id: z.string().min(1).max(100),
  email: z.email(),
  name: z.string().min(1).max(200),
  password: z.string().min(1).max(200),
  stores: z
    .array(storeProfileBody.extend({ storeId: z.string().min(1).max(100), storeCurrency: isoCurrency }))
    .min(1),
});

export interface RulrrFixtures {
  clients: Array<z.infer<typeof clientFixture>>;
  merchants: Array<z.infer<typeof merchantFixture>>;
  /** Merchant id → password hash, computed once (scrypt is slow on purpose) before the first seed. */
  passwordHashes: Map<string, string>;
}

/** A workspace's Rulrr credentials (CONTRACT §6): its first client, the first merchant's sign-in, and every client. */
export const rulrrCredentials = z
  .object({
    clientId: z.string().describe('`pos-<workspace id>`; `pos-demo` in demo'),
    clientSecret: z.string(),
    merchant: z.object({ email: z.string(), password: z.string() }).describe('The Rulrr-Connect sign-in'),
    clients: z
      .array(z.object({ clientId: z.string(), clientSecret: z.string(), name: z.string() }))
      .describe('Every POS client of the workspace, the first one above included'),
  })
  .meta({ id: 'AdminWorkspaceRulrr' });
export type RulrrCredentials = z.infer<typeof rulrrCredentials>;

/**
 * Every workspace gets the fixtures' merchants and stores as they are (store ids and the
 * merchant's sign-in included: the integration token already says which workspace a Connect
 * page belongs to); its clients get fresh ids and secrets, `pos-<workspace>` for the first.
 */
export const rulrrWorkspace: ApiWorkspacePart<RulrrFixtures, RulrrCredentials> = {
  credentialsSchema: rulrrCredentials,

  readFixtures: (dir) => ({
    clients: readFixtureList(dir, 'rulrr/clients.json', clientFixture),
    merchants: readFixtureList(dir, 'rulrr/merchants.json', merchantFixture),
    passwordHashes: new Map(),
  }),

  async prepareFixtures(fixtures) {
    await Promise.all(
      fixtures.merchants.map(async (merchant) => fixtures.passwordHashes.set(merchant.id, await hashPassword(merchant.password))),
    );
  },

  credentials(workspaceId, { clients, merchants }) {
    const minted = clients.map((client, i) =>
      workspaceId === DEMO_WORKSPACE
        ? { clientId: client.clientId, clientSecret: client.clientSecret, name: client.name }
        : {
            clientId: i === 0 ? `pos-${workspaceId}` : `pos-${workspaceId}-${i + 1}`,
            clientSecret: randomToken('pos_secret', 24),
            name: client.name,
          },
    );
    const merchant = merchants[0];
    return {
      clientId: minted[0]?.clientId ?? '',
      clientSecret: minted[0]?.clientSecret ?? '',
      merchant: { email: merchant?.email ?? '', password: merchant?.password ?? '' },
      clients: minted,
    };
  },

  seed(db: Database, workspace, fixtures, now) {
    const clientTable = new ClientTable(db);
    const merchantTable = new MerchantTable(db);
    for (const client of workspace.credentials.clients) clientTable.insert(workspace.id, client);
    for (const { stores, password: _password, ...merchant } of fixtures.merchants) {
      const passwordHash = fixtures.passwordHashes.get(merchant.id);
      if (!passwordHash) throw new Error('the Rulrr fixtures were seeded before their passwords were hashed');
      merchantTable.insertMerchant(workspace.id, { ...merchant, passwordHash });
      stores.forEach((store, position) =>
        merchantTable.insertStore(workspace.id, { ...store, merchantId: merchant.id, position }, now),
      );
    }
    return {
      clients: workspace.credentials.clients.length,
      merchants: fixtures.merchants.length,
      stores: fixtures.merchants.reduce((n, m) => n + m.stores.length, 0),
    };
  },
};
