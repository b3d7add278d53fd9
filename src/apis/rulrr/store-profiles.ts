import type { Clock } from '../../clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { MerchantStore, StoreRecord } from './merchant-store.js';
import type { Store, StoreProfileInput } from './schemas.js';
import type { Connection } from './token-store.js';

/** GET and PUT /v1/stores: the connected store's profile, with the connection's settings. */
export class StoreProfiles {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly merchants: MerchantStore,
  ) {}

  read(connection: Connection): Store {
    const store = this.merchants.findStore(connection.storeId);
    if (!store) throw new Error(`connected store ${connection.storeId} does not exist`);
    return toStore(store, connection.ereceipt);
  }

  update(connection: Connection, profile: StoreProfileInput): Store {
    const updated = writeTransaction(this.db, () =>
      this.merchants.updateProfile(connection.storeId, profile, this.clock.now()),
    );
    return toStore(updated, connection.ereceipt);
  }
}

function toStore(record: StoreRecord, ereceipt: boolean): Store {
  const { merchantId: _merchant, ...profile } = record;
  return { ...profile, settings: { ereceipt } };
}
