import type { Clock } from '../../clock.js';
import type { Database } from '../../db/database.js';
import { MetaStore } from '../../db/meta-store.js';
import { OutboxStore } from '../../outbox/outbox-store.js';
import { ClientStore } from './client-store.js';
import { ConnectService } from './connect-service.js';
import { ConnectStateSigner } from './connect-state.js';
import { CustomerStore } from './customer-store.js';
import { CustomerUploads } from './customer-uploads.js';
import { IntegrationStore } from './integration-store.js';
import { MerchantStore } from './merchant-store.js';
import { OAuthFlow } from './oauth-flow.js';
import { OrderDesk } from './order-desk.js';
import { OrderStore } from './order-store.js';
import { StoreProfiles } from './store-profiles.js';
import { TokenStore } from './token-store.js';

/** Everything the Rulrr API works with, built once per app from its database and clock. */
export function createRulrrServices(db: Database, clock: Clock) {
  const clients = new ClientStore(db);
  const merchants = new MerchantStore(db);
  const integrations = new IntegrationStore(db);
  const tokens = new TokenStore(db);
  const customers = new CustomerStore(db);
  const orders = new OrderStore(db);
  const flow = new OAuthFlow(db, clock, clients, integrations, tokens);
  return {
    db,
    clock,
    clients,
    merchants,
    integrations,
    tokens,
    customers,
    orders,
    flow,
    connect: new ConnectService(flow, clients, merchants, new ConnectStateSigner(new MetaStore(db)), clock),
    orderDesk: new OrderDesk(db, clock, orders, merchants, new OutboxStore(db)),
    storeProfiles: new StoreProfiles(db, clock, merchants),
    customerUploads: new CustomerUploads(db, clock, customers),
  };
}

export type RulrrServices = ReturnType<typeof createRulrrServices>;
