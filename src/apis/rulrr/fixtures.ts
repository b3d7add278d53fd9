import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/database.js';
import { readFixtureList } from '../../fixtures/read-fixture.js';
import { ClientStore } from './client-store.js';
import { MerchantStore } from './merchant-store.js';
import { isoCurrency, storeProfileBody } from './schemas.js';

/** fixtures/rulrr/clients.json: the POS vendors (client id and secret) Rulrr knows. */
export const clientFixture = z.object({
  clientId: z.string().min(1),
  name: z.string().min(1),
  clientSecret: z.string().min(8),
});

/** fixtures/rulrr/merchants.json: who can sign in to Rulrr-Connect, with their stores in order. */
export const merchantFixture = z.object({
  id: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  password: z.string().min(1),
  stores: z
    .array(storeProfileBody.extend({ storeId: z.string().min(1), storeCurrency: isoCurrency }))
    .min(1),
});

export function loadRulrrFixtures(db: Database, clock: Clock, fixturesDir: string) {
  const clients = readFixtureList(fixturesDir, 'rulrr/clients.json', clientFixture);
  const merchants = readFixtureList(fixturesDir, 'rulrr/merchants.json', merchantFixture);
  const clientStore = new ClientStore(db);
  const merchantStore = new MerchantStore(db);
  const now = clock.now();
  for (const client of clients) clientStore.insert(client);
  for (const { stores, ...merchant } of merchants) {
    merchantStore.insertMerchant(merchant);
    stores.forEach((store, position) => merchantStore.insertStore({ ...store, merchantId: merchant.id, position }, now));
  }
  return { clients: clients.length, merchants: merchants.length, stores: merchants.reduce((n, m) => n + m.stores.length, 0) };
}
