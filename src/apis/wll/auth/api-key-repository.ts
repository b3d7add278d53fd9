import { randomBytes } from 'node:crypto';
import type { Database } from '../../../db/database.js';
import { hashToken } from '../../../lib/secrets.js';

/** The demo workspace's tenant API key (CONTRACT §3). */
export const DEMO_API_KEY = 'wll-demo-key';
export const DEMO_WORKSPACE_ID = 'demo';

/** Longer keys are refused unhashed: a minted key is under 100 characters. */
export const MAX_API_KEY_LENGTH = 512;

/**
 * A fresh tenant API key. Keys of workspaces other than demo carry the workspace id after
 * `wll_` (CONTRACT §1a), so logs and a routing proxy can tell whose a call is without a lookup.
 */
export function newApiKey(workspaceId: string): string {
  if (workspaceId === DEMO_WORKSPACE_ID) return DEMO_API_KEY;
  return `wll_${workspaceId}_${randomBytes(32).toString('base64url')}`;
}

/**
 * wll_api_keys: which workspace a tenant API key opens. Keys are stored as SHA-256 hashes; a
 * random 256-bit key needs no slow hash, and an equality lookup on its hash leaks nothing useful
 * through timing.
 */
export class ApiKeyRepository {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Database) {
    this.findStmt = db.prepare<[string], string>('SELECT workspace_id FROM wll_api_keys WHERE key_hash = ?').pluck();
    this.insertStmt = db.prepare<[string, string, string]>(
      'INSERT INTO wll_api_keys (workspace_id, key_hash, created_at) VALUES (?, ?, ?)',
    );
  }

  /** The workspace the key opens, or undefined for an unknown (or over-long) key. */
  findWorkspace(apiKey: string): string | undefined {
    if (apiKey.length > MAX_API_KEY_LENGTH) return undefined;
    return this.findStmt.get(hashToken(apiKey));
  }

  /** Registers a known key: the demo key from the fixtures, or a workspace's key on reseed. */
  add(workspaceId: string, apiKey: string, createdAt: Date): void {
    this.insertStmt.run(workspaceId, hashToken(apiKey), createdAt.toISOString());
  }

  /** Makes and registers the workspace's key; the caller keeps it, the table only its hash. */
  mintApiKey(workspaceId: string, now: Date): string {
    const apiKey = newApiKey(workspaceId);
    this.add(workspaceId, apiKey, now);
    return apiKey;
  }
}
