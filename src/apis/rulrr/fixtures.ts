import { z } from 'zod';
import type { ApiWorkspacePart } from '../../core/api.js';
import { SnapshotError, type SnapshotRows, type SqlValue } from '../../core/snapshot-rows.js';
import type { Database } from '../../db/database.js';
import { readFixtureList } from '../../fixtures/read-fixture.js';
import { hashPassword, hashToken, randomToken } from '../../lib/secrets.js';
import { DEMO_WORKSPACE, workspaceTokenPrefix } from '../../workspaces/workspace-ids.js';
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
        : mintedClient(workspaceId, i, client.name),
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

  rekey: rekeyRulrr,
};

/** A client of a workspace other than demo: `pos-<id>` for the first, `pos-<id>-<n>` after, a fresh secret. */
function mintedClient(workspaceId: string, index: number, name: string) {
  return {
    clientId: index === 0 ? `pos-${workspaceId}` : `pos-${workspaceId}-${index + 1}`,
    clientSecret: randomToken('pos_secret', 24),
    name,
  };
}

/**
 * A snapshot restored under a new id while the original lives on: the clients get new ids and
 * secrets; integrations, stores, customers and orders are kept, but no token is carried over —
 * integration, access and refresh tokens and upload URLs carry the original's id and are its
 * secrets (the copy connects again with its new client); receipt ids, unique across workspaces,
 * are minted again, in the orders and the e-receipt messages that link to them.
 */
function rekeyRulrr(rows: SnapshotRows, to: { id: string }, from: { id: string; credentials: RulrrCredentials }): RulrrCredentials {
  const clients = from.credentials.clients.map((client, i) => mintedClient(to.id, i, client.name));
  const byOldId = new Map(from.credentials.clients.map((client, i) => [client.clientId, clients[i]!]));
  const clientFor = (value: SqlValue) => {
    const client = byOldId.get(String(value));
    if (!client) throw new SnapshotError(`the snapshot's Rulrr rows name a client ${String(value).slice(0, 60)} its credentials do not list`);
    return client;
  };
  rows.rulrr_clients = (rows.rulrr_clients ?? []).map((row) => {
    const client = clientFor(row.client_id!);
    return { ...row, client_id: client.clientId, secret_hash: hashToken(client.clientSecret) };
  });
  rows.rulrr_integrations = (rows.rulrr_integrations ?? []).map((row) => ({
    ...row,
    client_id: clientFor(row.client_id!).clientId,
    // A token nobody holds: the integration is kept, its token is not.
    token_hash: hashToken(randomToken('rit_unissued')),
  }));
  rows.rulrr_tokens = [];
  rows.rulrr_customer_uploads = [];
  const receipts = new Map<string, string>();
  rows.rulrr_orders = (rows.rulrr_orders ?? []).map((row) => {
    const fresh = randomToken(workspaceTokenPrefix('rcpt', to.id), 16);
    receipts.set(String(row.receipt_id), fresh);
    return { ...row, receipt_id: fresh, order_json: withReceipts(row.order_json!, receipts) };
  });
  rows.outbox_messages = (rows.outbox_messages ?? []).map((row) =>
    row.api === 'rulrr'
      ? { ...row, body: withReceipts(row.body!, receipts), payload: withClient(withReceipts(row.payload!, receipts), byOldId) }
      : row,
  );
  return { clientId: clients[0]?.clientId ?? '', clientSecret: clients[0]?.clientSecret ?? '', merchant: from.credentials.merchant, clients };
}

/** An event names the client it happened to: the copy's events name the copy's client. */
function withClient(payload: SqlValue, byOldId: Map<string, { clientId: string }>): SqlValue {
  if (typeof payload !== 'string') return payload;
  const parsed = JSON.parse(payload) as Record<string, unknown>;
  const client = typeof parsed.clientId === 'string' ? byOldId.get(parsed.clientId) : undefined;
  return client ? JSON.stringify({ ...parsed, clientId: client.clientId }) : payload;
}

/** Receipt ids are random and long: replacing their text replaces exactly them. */
function withReceipts(value: SqlValue, receipts: Map<string, string>): SqlValue {
  if (typeof value !== 'string') return value;
  let text = value;
  for (const [old, fresh] of receipts) if (text.includes(old)) text = text.split(old).join(fresh);
  return text;
}
