import { describe, expect, it } from 'vitest';
import { issuerFor, jwksUrl, tenantAuthentication } from '../../../../src/apis/wll/auth/token-format.js';
import { wllTokenRequest } from '../../../../src/apis/wll/auth/token-request.js';

describe('where a workspace\'s tokens come from', () => {
  it('each workspace has its own issuer under the sandbox\'s provider', () => {
    expect(issuerFor('demo')).toBe('https://auth.receipts.sandbox.test/demo/');
    expect(issuerFor('ws/1?x')).toBe('https://auth.receipts.sandbox.test/ws%2F1%3Fx/');
  });

  it('tenant.authentication points at the one JWKS URL with the workspace named', () => {
    expect(jwksUrl('http://localhost:4010/wll', 'ws a')).toBe('http://localhost:4010/wll/.well-known/jwks.json?workspace=ws%20a');
    expect(tenantAuthentication('demo', 'http://api.receipts.wlloyalty.net')).toEqual({
      issuer: 'https://auth.receipts.sandbox.test/demo/',
      jwksUrl: 'http://api.receipts.wlloyalty.net/.well-known/jwks.json?workspace=demo',
      algorithm: 'RS256',
    });
  });
});

describe('the body of POST /__admin/wll/tokens', () => {
  it('takes the documented fields, name and expiresIn optional', () => {
    expect(wllTokenRequest.parse({ apiKey: 'wll-demo-key', type: 'admin', authIdentifier: 'pos' })).toEqual({
      apiKey: 'wll-demo-key',
      type: 'admin',
      authIdentifier: 'pos',
    });
    expect(wllTokenRequest.safeParse({ apiKey: 'k', type: 'user', authIdentifier: 'u', name: 'Jane', expiresIn: 315_360_000 }).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'root' }, 'type'],
    ['an empty authIdentifier', { authIdentifier: '' }, 'authIdentifier'],
    ['a fractional expiresIn', { expiresIn: 1.5 }, 'expiresIn'],
    ['an expiresIn beyond ten years', { expiresIn: 315_360_001 }, 'expiresIn'],
    ['a missing apiKey', { apiKey: undefined }, 'apiKey'],
  ])('refuses %s', (_, change, field) => {
    const result = wllTokenRequest.safeParse({ apiKey: 'k', type: 'user', authIdentifier: 'u', ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });
});
