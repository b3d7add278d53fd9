import type { CryptoKey, JWK } from 'jose';
import { WllAuthError } from './auth-error.js';
import { loadJose } from './jose-module.js';
import { LruCache } from './lru-cache.js';
import { SigningKeyRepository, type StoredSigningKey } from './signing-key-repository.js';
import { ALGORITHM } from './token-format.js';
import type { Database } from '../../../db/database.js';

/** A public key as the JWKS document lists it. */
export interface PublicJwk extends JWK {
  kid: string;
  alg: typeof ALGORITHM;
  use: 'sig';
}

export interface JwksDocument {
  keys: PublicJwk[];
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/** Imported keys kept per kid; a workspace has one, so this covers that many busy workspaces. */
const IMPORTED_KEYS = 1000;

/**
 * The RS256 keys of every workspace. Generating an RSA key takes up to a few hundred ms, so it
 * happens asynchronously, once per workspace, the first time a key is needed; importing a JWK
 * is cached per kid. The table is read on every use so that a key deleted with its workspace
 * (or a reset) is noticed by every process sharing the database.
 */
export class SigningKeys {
  private readonly repository: SigningKeyRepository;
  private readonly creating = new Map<string, Promise<StoredSigningKey>>();
  private readonly privateKeys = new LruCache<string, Promise<CryptoKey>>(IMPORTED_KEYS);
  private readonly publicKeys = new LruCache<string, Promise<CryptoKey>>(IMPORTED_KEYS);

  constructor(db: Database) {
    this.repository = new SigningKeyRepository(db);
  }

  /**
   * The workspace's key, made first if it has none. Concurrent calls in one process share one
   * generation; across processes the first insert wins and the others read it back.
   */
  async ensureKey(workspaceId: string, now: Date): Promise<StoredSigningKey> {
    const stored = this.repository.find(workspaceId);
    if (stored) return stored;
    let pending = this.creating.get(workspaceId);
    if (!pending) {
      pending = this.create(workspaceId, now).finally(() => this.creating.delete(workspaceId));
      this.creating.set(workspaceId, pending);
    }
    return pending;
  }

  /** The workspace's private key, ready to sign with. */
  async signingKey(workspaceId: string, now: Date): Promise<SigningKey> {
    const stored = await this.ensureKey(workspaceId, now);
    return { kid: stored.kid, privateKey: await this.imported(this.privateKeys, stored.kid, stored.privateJwk) };
  }

  /** The workspace's public key named `kid`, or undefined when the workspace has no such key. */
  async verificationKey(workspaceId: string, kid: string): Promise<CryptoKey | undefined> {
    const publicJwk = this.repository.publicJwk(workspaceId, kid);
    return publicJwk === undefined ? undefined : this.imported(this.publicKeys, kid, publicJwk);
  }

  /** Whether `kid` still names the workspace's key: false once it was deleted with its workspace. */
  hasKey(workspaceId: string, kid: string): boolean {
    return this.repository.hasKey(workspaceId, kid);
  }

  /** The JWKS document of one workspace: its public key, made first if need be. */
  async jwks(workspaceId: string, now: Date): Promise<JwksDocument> {
    const stored = await this.ensureKey(workspaceId, now);
    return { keys: [JSON.parse(stored.publicJwk) as PublicJwk] };
  }

  private async create(workspaceId: string, now: Date): Promise<StoredSigningKey> {
    const { calculateJwkThumbprint, exportJWK, generateKeyPair } = await loadJose();
    const pair = await generateKeyPair(ALGORITHM, { extractable: true });
    const [publicJwk, privateJwk] = await Promise.all([exportJWK(pair.publicKey), exportJWK(pair.privateKey)]);
    const kid = await calculateJwkThumbprint(publicJwk);
    const published: PublicJwk = { ...publicJwk, kid, alg: ALGORITHM, use: 'sig' };
    this.repository.insertIfAbsent(
      workspaceId,
      { kid, publicJwk: JSON.stringify(published), privateJwk: JSON.stringify({ ...privateJwk, kid, alg: ALGORITHM }) },
      now,
    );
    const stored = this.repository.find(workspaceId);
    if (!stored) throw new WllAuthError('unauthorized', `Workspace "${workspaceId}" does not exist (was it deleted?)`);
    return stored;
  }

  private imported(cache: LruCache<string, Promise<CryptoKey>>, kid: string, jwk: string): Promise<CryptoKey> {
    let key = cache.get(kid);
    if (!key) {
      key = loadJose()
        .then(({ importJWK }) => importJWK(JSON.parse(jwk) as JWK, ALGORITHM) as Promise<CryptoKey>)
        .catch((error: unknown) => {
          cache.delete(kid);
          throw error;
        });
      cache.set(kid, key);
    }
    return key;
  }
}
