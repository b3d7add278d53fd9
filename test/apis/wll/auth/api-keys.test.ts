import { describe, expect, it } from 'vitest';
import { ApiKeyRepository, DEMO_API_KEY, MAX_API_KEY_LENGTH, newApiKey } from '../../../../src/apis/wll/auth/api-key-repository.js';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import { WllAuth } from '../../../../src/apis/wll/auth/wll-auth.js';
import { T0, authDatabase } from './auth-fixture.js';

describe('tenant API keys', () => {
  it('the demo workspace\'s key is wll-demo-key; others carry their workspace id and 256 random bits', () => {
    expect(newApiKey('demo')).toBe(DEMO_API_KEY);
    const key = newApiKey('ws-a');
    expect(key).toMatch(/^wll_ws-a_[A-Za-z0-9_-]{43}$/);
    expect(newApiKey('ws-a')).not.toBe(key);
  });

  it('a minted key names its workspace, and only its hash is stored', () => {
    const db = authDatabase();
    const keys = new ApiKeyRepository(db);
    const a = keys.mintApiKey('ws-a', T0);
    const b = keys.mintApiKey('ws-b', T0);
    keys.add('demo', DEMO_API_KEY, T0);
    expect(keys.findWorkspace(a)).toBe('ws-a');
    expect(keys.findWorkspace(b)).toBe('ws-b');
    expect(keys.findWorkspace(DEMO_API_KEY)).toBe('demo');
    expect(keys.findWorkspace(`${a}x`)).toBeUndefined();
    const stored = JSON.stringify(db.prepare('SELECT * FROM wll_api_keys').all());
    expect(stored).not.toContain(a);
    expect(stored).not.toContain(DEMO_API_KEY);
    expect(db.prepare("SELECT created_at FROM wll_api_keys WHERE workspace_id = 'ws-a'").pluck().get()).toBe(T0.toISOString());
  });

  it('a deleted workspace\'s key opens nothing', () => {
    const db = authDatabase();
    const keys = new ApiKeyRepository(db);
    const key = keys.mintApiKey('ws-a', T0);
    db.prepare("DELETE FROM workspaces WHERE id = 'ws-a'").run();
    expect(keys.findWorkspace(key)).toBeUndefined();
  });
});

describe('the X-Api-Key header', () => {
  const auth = new WllAuth(authDatabase());
  auth.apiKeys.add('demo', DEMO_API_KEY, T0);

  it('names the workspace of a known key', () => {
    expect(auth.workspaceForApiKey(DEMO_API_KEY)).toBe('demo');
  });

  it.each([
    ['missing', undefined, 'An X-Api-Key header with the tenant API key is required'],
    ['empty', '', 'An X-Api-Key header with the tenant API key is required'],
    ['sent twice', [DEMO_API_KEY, DEMO_API_KEY], 'Send one X-Api-Key header, not several'],
    ['unknown', 'wll_secret-guess', 'The X-Api-Key is not a tenant API key of this sandbox'],
    ['over-long', 'k'.repeat(MAX_API_KEY_LENGTH + 1), 'The X-Api-Key is not a tenant API key of this sandbox'],
  ])('%s → InvalidApiKeyError, without repeating the key', (_, header, message) => {
    let error: unknown;
    try {
      auth.workspaceForApiKey(header);
    } catch (failure) {
      error = failure;
    }
    expect(error).toEqual(new WllAuthError('invalid_api_key', message));
    expect((error as Error).message).not.toContain('secret-guess');
  });
});
