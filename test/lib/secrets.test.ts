import { describe, expect, it } from 'vitest';
import { hashPassword, hashToken, matchesHash, randomToken, secretsEqual, sign, signatureValid, verifyPassword } from '../../src/lib/secrets.js';

describe('secrets', () => {
  it('makes distinct 256-bit URL-safe tokens with a prefix', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken('rat')));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^rat_[A-Za-z0-9_-]{43}$/);
  });

  it('compares secrets and hashes', () => {
    expect(secretsEqual('a', 'a')).toBe(true);
    expect(secretsEqual('a', 'b')).toBe(false);
    expect(secretsEqual('short', 'a much longer secret')).toBe(false);
    expect(matchesHash('pos-demo-secret', hashToken('pos-demo-secret'))).toBe(true);
    expect(matchesHash('pos-demo-secreT', hashToken('pos-demo-secret'))).toBe(false);
    expect(matchesHash('x', 'not-hex')).toBe(false);
  });

  it('hashes passwords with a salt and verifies them, off the event loop', async () => {
    const stored = await hashPassword('demo1234');
    expect(stored).not.toBe(await hashPassword('demo1234'));
    expect(stored).not.toContain('demo1234');
    expect(await verifyPassword('demo1234', stored)).toBe(true);
    expect(await verifyPassword('demo12345', stored)).toBe(false);
    expect(await verifyPassword('demo1234', 'md5$abc')).toBe(false);
  });

  it('signs and checks signatures', () => {
    const signature = sign('key', 'data');
    expect(signatureValid('key', 'data', signature)).toBe(true);
    expect(signatureValid('key', 'datA', signature)).toBe(false);
    expect(signatureValid('other', 'data', signature)).toBe(false);
  });
});

describe('passwords hashed before the cost was recorded', () => {
  it('still verify (scrypt$salt$key at the default cost)', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const legacy = `scrypt$${salt.toString('base64url')}$${scryptSync('demo1234', salt, 32).toString('base64url')}`;
    expect(await verifyPassword('demo1234', legacy)).toBe(true);
    expect(await verifyPassword('demo12345', legacy)).toBe(false);
  });
});
