import type { Database } from '../../../db/database.js';
import type { StoreProfileInput } from '../schemas.js';

export interface Merchant {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
}

/** A Rulrr store ("profile") as stored; settings live on the integration that connected it. */
export interface StoreRecord {
  storeId: string;
  merchantId: string;
  storeName: string;
  storeAddress: string | null;
  storeCity: string | null;
  storeState: string | null;
  storePostalCode: string | null;
  storeCountryCode: string | null;
  storePhoneNumber: string | null;
  storeCurrency: string;
  updatedAt: string;
}

const STORE_COLUMNS = `id AS storeId, merchant_id AS merchantId, store_name AS storeName,
  store_address AS storeAddress, store_city AS storeCity, store_state AS storeState,
  store_postal_code AS storePostalCode, store_country_code AS storeCountryCode,
  store_phone_number AS storePhoneNumber, store_currency AS storeCurrency, updated_at AS updatedAt`;

/** Rulrr's merchants (who sign in to Rulrr-Connect) and their stores, per workspace. */
export class MerchantTable {
  private readonly byEmailStmt;
  private readonly byIdStmt;
  private readonly storesOfStmt;
  private readonly storeStmt;
  private readonly firstStoreStmt;
  private readonly insertMerchantStmt;
  private readonly insertStoreStmt;
  private readonly updateProfileStmt;

  constructor(db: Database) {
    this.byEmailStmt = db.prepare<[string, string], Merchant>(
      'SELECT id, email, name, password_hash AS passwordHash FROM rulrr_merchants WHERE workspace_id = ? AND email = ?',
    );
    this.byIdStmt = db.prepare<[string, string], Merchant>(
      'SELECT id, email, name, password_hash AS passwordHash FROM rulrr_merchants WHERE workspace_id = ? AND id = ?',
    );
    this.storesOfStmt = db.prepare<[string, string], StoreRecord>(
      `SELECT ${STORE_COLUMNS} FROM rulrr_stores WHERE workspace_id = ? AND merchant_id = ? ORDER BY position, id`,
    );
    this.storeStmt = db.prepare<[string, string], StoreRecord>(
      `SELECT ${STORE_COLUMNS} FROM rulrr_stores WHERE workspace_id = ? AND id = ?`,
    );
    this.firstStoreStmt = db.prepare<{ workspaceId: string }, StoreRecord>(
      `SELECT ${STORE_COLUMNS} FROM rulrr_stores s WHERE s.workspace_id = @workspaceId
       ORDER BY (SELECT rowid FROM rulrr_merchants m WHERE m.workspace_id = @workspaceId AND m.id = s.merchant_id), position LIMIT 1`,
    );
    this.insertMerchantStmt = db.prepare(
      'INSERT INTO rulrr_merchants (workspace_id, id, email, name, password_hash) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertStoreStmt = db.prepare(
      `INSERT INTO rulrr_stores (workspace_id, id, merchant_id, position, store_name, store_address, store_city, store_state,
         store_postal_code, store_country_code, store_phone_number, store_currency, updated_at)
       VALUES (@workspaceId, @storeId, @merchantId, @position, @storeName, @storeAddress, @storeCity, @storeState,
         @storePostalCode, @storeCountryCode, @storePhoneNumber, @storeCurrency, @updatedAt)`,
    );
    this.updateProfileStmt = db.prepare(
      `UPDATE rulrr_stores SET store_name = @storeName, store_address = @storeAddress, store_city = @storeCity,
         store_state = @storeState, store_postal_code = @storePostalCode, store_country_code = @storeCountryCode,
         store_phone_number = @storePhoneNumber, store_currency = coalesce(@storeCurrency, store_currency),
         updated_at = @updatedAt
       WHERE workspace_id = @workspaceId AND id = @storeId`,
    );
  }

  findMerchantByEmail(workspaceId: string, email: string): Merchant | undefined {
    return this.byEmailStmt.get(workspaceId, email.trim());
  }

  findMerchant(workspaceId: string, id: string): Merchant | undefined {
    return this.byIdStmt.get(workspaceId, id);
  }

  storesOf(workspaceId: string, merchantId: string): StoreRecord[] {
    return this.storesOfStmt.all(workspaceId, merchantId);
  }

  findStore(workspaceId: string, storeId: string): StoreRecord | undefined {
    return this.storeStmt.get(workspaceId, storeId);
  }

  /** The first store of the first merchant loaded: the admin API's default. */
  firstStore(workspaceId: string): StoreRecord | undefined {
    return this.firstStoreStmt.get({ workspaceId });
  }

  insertMerchant(workspaceId: string, merchant: { id: string; email: string; name: string; passwordHash: string }): void {
    this.insertMerchantStmt.run(workspaceId, merchant.id, merchant.email, merchant.name, merchant.passwordHash);
  }

  insertStore(
    workspaceId: string,
    store: StoreProfileInput & { storeId: string; merchantId: string; position: number; storeCurrency: string },
    now: Date,
  ): void {
    const { storeId, merchantId, position } = store;
    this.insertStoreStmt.run({
      ...profileColumns(store),
      workspaceId,
      storeId,
      merchantId,
      position,
      updatedAt: now.toISOString(),
    });
  }

  /** PUT semantics: the profile is replaced, so an optional field left out is cleared. */
  updateProfile(workspaceId: string, storeId: string, profile: StoreProfileInput, now: Date): StoreRecord {
    this.updateProfileStmt.run({ ...profileColumns(profile), workspaceId, storeId, updatedAt: now.toISOString() });
    const updated = this.findStore(workspaceId, storeId);
    if (!updated) throw new Error(`store ${storeId} vanished during its update`);
    return updated;
  }
}

/** A profile's fields as statement parameters: an optional field left out binds NULL. */
function profileColumns(profile: StoreProfileInput) {
  return {
    storeName: profile.storeName,
    storeAddress: profile.storeAddress,
    storeCountryCode: profile.storeCountryCode,
    storeCity: profile.storeCity ?? null,
    storeState: profile.storeState ?? null,
    storePostalCode: profile.storePostalCode ?? null,
    storePhoneNumber: profile.storePhoneNumber ?? null,
    storeCurrency: profile.storeCurrency ?? null,
  };
}
