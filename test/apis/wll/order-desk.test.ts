import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalogue } from '../../../src/apis/wll/catalogue.js';
import { AsyncOrderRepository } from '../../../src/apis/wll/db/async-order-repository.js';
import { OrderRepository } from '../../../src/apis/wll/db/order-repository.js';
import { ProductRepository } from '../../../src/apis/wll/db/product-repository.js';
import { TenantRepository } from '../../../src/apis/wll/db/tenant-repository.js';
import { VenueRepository } from '../../../src/apis/wll/db/venue-repository.js';
import { OrderDesk } from '../../../src/apis/wll/order-desk.js';
import { Tenants } from '../../../src/apis/wll/tenants.js';
import { WllEvents } from '../../../src/apis/wll/wll-events.js';
import { DomainEvents } from '../../../src/events/domain-events.js';
import { migrate, openDatabase, type Database } from '../../../src/db/database.js';
import { OutboxTable } from '../../../src/outbox/outbox-table.js';

let db: Database;
let desk: OrderDesk;
const now = new Date('2030-06-15T12:00:00.000Z');
const made = () => db.prepare('SELECT count(*) FROM wll_orders').pluck().get();

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  desk = new OrderDesk({
    db,
    clock: { now: () => now },
    tenants: new Tenants(db, new TenantRepository(db)),
    catalogue: new Catalogue(db, new ProductRepository(db), new VenueRepository(db)),
    orders: new OrderRepository(db),
    asyncOrders: new AsyncOrderRepository(db),
    events: new WllEvents(new DomainEvents(new OutboxTable(db))),
  });
});
afterEach(() => db.close());

describe('OrderDesk', () => {
  it('makes an accepted order on the next turn of the event loop, once', async () => {
    desk.acceptAsync('demo', { submitter: { authIdentifier: 'u' }, lineItems: [] });
    expect(made()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(made()).toBe(1);
    desk.finish();
    expect(made()).toBe(1);
  });

  it('makes the orders it accepted and has not made yet when the app closes', async () => {
    desk.acceptAsync('demo', { submitter: { authIdentifier: 'u' }, transactionId: 'T', lineItems: [] });
    desk.acceptAsync('demo', { submitter: { authIdentifier: 'v' }, transactionId: 'T', lineItems: [] });
    desk.finish();
    expect(made()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM wll_pending_orders').pluck().get()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(made()).toBe(2);
  });
});
