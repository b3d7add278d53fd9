import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { MerchantTable, StoreRecord } from './db/merchant-table.js';
import type { Connection } from './db/token-table.js';
import type { Store, StoreProfileInput } from './schemas.js';

/** GET and PUT /v1/stores: the connected store's profile, with the connection's settings. */
export class StoreProfiles {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly merchants: MerchantTable,
  ) {}

  read(connection: Connection): Store {
    const store = this.merchants.findStore(connection.workspaceId, connection.storeId);
    if (!store) throw new Error(`connected store ${connection.storeId} does not exist`);
    return toStore(store, connection.ereceipt);
  }

  update(connection: Connection, profile: StoreProfileInput): Store {
    const { workspaceId, storeId } = connection;
    const updated = writeTransaction(this.db, () =>
      this.merchants.updateProfile(workspaceId, storeId, profile, this.clock.now(workspaceId)),
    );
    return toStore(updated, connection.ereceipt);
  }
}

function toStore(record: StoreRecord, ereceipt: boolean): Store {
  const { merchantId: _merchant, ...profile } = record;
  return { ...profile, settings: { ereceipt } };
}
