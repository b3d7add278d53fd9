import type { Database } from '../../db/database.js';
import { hashPassword } from '../../lib/secrets.js';
import type { StoreProfileInput } from './schemas.js';

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

/** Rulrr's merchants (who sign in to Rulrr-Connect) and their stores. */
export class MerchantStore {
  private readonly byEmailStmt;
  private readonly byIdStmt;
  private readonly storesOfStmt;
  private readonly storeStmt;
  private readonly firstStoreStmt;
  private readonly insertMerchantStmt;
  private readonly insertStoreStmt;
  private readonly updateProfileStmt;

  constructor(db: Database) {
    this.byEmailStmt = db.prepare<[string], Merchant>(
      'SELECT id, email, name, password_hash AS passwordHash FROM rulrr_merchants WHERE email = ?',
    );
    this.byIdStmt = db.prepare<[string], Merchant>(
      'SELECT id, email, name, password_hash AS passwordHash FROM rulrr_merchants WHERE id = ?',
    );
    this.storesOfStmt = db.prepare<[string], StoreRecord>(
      `SELECT ${STORE_COLUMNS} FROM rulrr_stores WHERE merchant_id = ? ORDER BY position, id`,
    );
    this.storeStmt = db.prepare<[string], StoreRecord>(`SELECT ${STORE_COLUMNS} FROM rulrr_stores WHERE id = ?`);
    this.firstStoreStmt = db.prepare<[], StoreRecord>(
      `SELECT ${STORE_COLUMNS} FROM rulrr_stores s
       ORDER BY (SELECT rowid FROM rulrr_merchants m WHERE m.id = s.merchant_id), position LIMIT 1`,
    );
    this.insertMerchantStmt = db.prepare(
      'INSERT INTO rulrr_merchants (id, email, name, password_hash) VALUES (?, ?, ?, ?)',
    );
    this.insertStoreStmt = db.prepare(
      `INSERT INTO rulrr_stores (id, merchant_id, position, store_name, store_address, store_city, store_state,
         store_postal_code, store_country_code, store_phone_number, store_currency, updated_at)
       VALUES (@storeId, @merchantId, @position, @storeName, @storeAddress, @storeCity, @storeState,
         @storePostalCode, @storeCountryCode, @storePhoneNumber, @storeCurrency, @updatedAt)`,
    );
    this.updateProfileStmt = db.prepare(
      `UPDATE rulrr_stores SET store_name = @storeName, store_address = @storeAddress, store_city = @storeCity,
         store_state = @storeState, store_postal_code = @storePostalCode, store_country_code = @storeCountryCode,
         store_phone_number = @storePhoneNumber, store_currency = coalesce(@storeCurrency, store_currency),
         updated_at = @updatedAt
       WHERE id = @storeId`,
    );
  }

  findMerchantByEmail(email: string): Merchant | undefined {
    return this.byEmailStmt.get(email.trim());
  }

  findMerchant(id: string): Merchant | undefined {
    return this.byIdStmt.get(id);
  }

  storesOf(merchantId: string): StoreRecord[] {
    return this.storesOfStmt.all(merchantId);
  }

  findStore(storeId: string): StoreRecord | undefined {
    return this.storeStmt.get(storeId);
  }

  /** The first store of the first merchant loaded: the admin API's default. */
  firstStore(): StoreRecord | undefined {
    return this.firstStoreStmt.get();
  }

  insertMerchant(merchant: { id: string; email: string; name: string; password: string }): void {
    this.insertMerchantStmt.run(merchant.id, merchant.email, merchant.name, hashPassword(merchant.password));
  }

  insertStore(
    store: StoreProfileInput & { storeId: string; merchantId: string; position: number; storeCurrency: string },
    now: Date,
  ): void {
    const { storeId, merchantId, position } = store;
    this.insertStoreStmt.run({ ...profileColumns(store), storeId, merchantId, position, updatedAt: now.toISOString() });
  }

  /** PUT semantics: the profile is replaced, so an optional field left out is cleared. */
  updateProfile(storeId: string, profile: StoreProfileInput, now: Date): StoreRecord {
    this.updateProfileStmt.run({ ...profileColumns(profile), storeId, updatedAt: now.toISOString() });
    const updated = this.findStore(storeId);
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
