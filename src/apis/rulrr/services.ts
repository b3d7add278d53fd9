import type { CoreServices } from '../../core/api.js';
import { MetaTable } from '../../db/meta-table.js';
import { DomainEvents } from '../../events/domain-events.js';
import { ConnectFlow } from './connect-flow.js';
import { ConnectStateSigner } from './connect-state.js';
import { CustomerUploads } from './customer-uploads.js';
import { ClientTable } from './db/client-table.js';
import { CustomerTable } from './db/customer-table.js';
import { IntegrationTable } from './db/integration-table.js';
import { MerchantTable } from './db/merchant-table.js';
import { OrderTable } from './db/order-table.js';
import { TokenTable } from './db/token-table.js';
import { OAuthFlow } from './oauth-flow.js';
import { OrderDesk } from './order-desk.js';
import { StoreProfiles } from './store-profiles.js';

/** Everything the Rulrr API works with, built once per app and shared by its routes and admin routes. */
export function createRulrrServices({ db, clocks, outbox, links }: CoreServices) {
  const clients = new ClientTable(db);
  const merchants = new MerchantTable(db);
  const integrations = new IntegrationTable(db);
  const customers = new CustomerTable(db);
  const orders = new OrderTable(db);
  const events = new DomainEvents(outbox);
  const flow = new OAuthFlow(db, clocks, clients, integrations, new TokenTable(db), events);
  return {
    clocks,
    links,
    merchants,
    customers,
    orders,
    flow,
    connect: new ConnectFlow(flow, clients, merchants, new ConnectStateSigner(new MetaTable(db)), clocks),
    orderDesk: new OrderDesk(db, clocks, orders, merchants, outbox, events),
    storeProfiles: new StoreProfiles(db, clocks, merchants),
    customerUploads: new CustomerUploads(db, clocks, customers),
  };
}

export type RulrrServices = ReturnType<typeof createRulrrServices>;
