import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicCredentials } from '../../../src/apis/kangaroo/basic-auth.js';
import { DEMO_WORKSPACE, WORKSPACE_ID_PATTERN } from '../../../src/workspaces/workspace-ids.js';
import {
  mintCredential,
  mintKangarooCredentials,
  workspaceOfCredential,
  type CredentialKind,
} from '../../../src/apis/kangaroo/credentials.js';
import { hashSandboxPassword, sandboxPasswordMatches } from '../../../src/apis/kangaroo/password-hash.js';
import { normalizePhone } from '../../../src/apis/kangaroo/phone-number.js';
import { isStoreDomain } from '../../../src/apis/kangaroo/store-domain.js';

const KINDS: CredentialKind[] = ['client', 'applicationKey', 'accessToken', 'refreshToken'];
const workspaceId = fc.oneof(fc.constant(DEMO_WORKSPACE), fc.stringMatching(/^ws[0-9a-z]{10}$/));

/** Bounded time: no input should take long, whatever its shape. */
function quick<T>(work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(250);
  return result;
}

describe('credentials carry their workspace (CONTRACT §1a)', () => {
  it('mints each credential of a workspace as <prefix>_<workspace>_<hex>', () => {
    const credentials = mintKangarooCredentials('ws0123456789');
    expect(credentials).toEqual({
      clientId: expect.stringMatching(/^kgc_ws0123456789_[0-9a-f]{32}$/),
      clientSecret: expect.stringMatching(/^[\w-]{32}$/),
      applicationKey: expect.stringMatching(/^kak_ws0123456789_[0-9a-f]{48}$/),
      username: 'owner+ws0123456789@kangaroo.sandbox.test',
      password: expect.stringMatching(/^[\w-]{24}$/),
    });
    expect(mintCredential('accessToken', 'ws0123456789')).toMatch(/^kat_ws0123456789_[0-9a-f]{64}$/);
    expect(mintCredential('refreshToken', 'ws0123456789')).toMatch(/^krt_ws0123456789_[0-9a-f]{64}$/);
  });

  it("mints demo's as <prefix>_<hex>, as every API's demo tokens are", () => {
    expect(mintCredential('accessToken', DEMO_WORKSPACE)).toMatch(/^kat_[0-9a-f]{64}$/);
  });

  it('mints fresh values every time', () => {
    expect(mintKangarooCredentials('ws0123456789').clientSecret).not.toBe(mintKangarooCredentials('ws0123456789').clientSecret);
  });

  it.each(['', 'ws-two', 'WS0123456789', 'ws012345678', 'ws01234567890', 'has space', 'ünïcode'])('refuses the workspace id %j', (id) => {
    expect(() => mintKangarooCredentials(id)).toThrow(/workspace id/);
  });

  it.each<[CredentialKind, string, string]>([
    ['client', 'kangaroo-demo-client', DEMO_WORKSPACE],
    ['applicationKey', 'kangaroo-demo-app-key', DEMO_WORKSPACE],
    ['client', 'kgc_ws0123456789_abc123', 'ws0123456789'],
    ['accessToken', 'kat_00ff', DEMO_WORKSPACE],
    ['accessToken', 'kat_ws0123456789_00ff', 'ws0123456789'],
    ['client', 'kak_ws0123456789_abc123', DEMO_WORKSPACE],
    ['client', 'kgc_ws0123456789_xyz', DEMO_WORKSPACE],
    ['client', 'kgc_ws012345678_00', DEMO_WORKSPACE],
    ['client', 'kgc_ws0123456789a_00', DEMO_WORKSPACE],
    ['client', 'kgc_wsABCDEFGHIJ_00', DEMO_WORKSPACE],
    ['client', 'kgc_ws0123456789_', DEMO_WORKSPACE],
    ['client', 'kgc_ws0123456789', DEMO_WORKSPACE],
    ['client', `kgc_ws0123456789_${'0'.repeat(600)}`, DEMO_WORKSPACE],
  ])('reads the %s %j as workspace %j', (kind, value, expected) => {
    expect(workspaceOfCredential(kind, value)).toBe(expected);
  });

  it('reads back the workspace of every minted credential', () => {
    fc.assert(
      fc.property(workspaceId, fc.constantFrom(...KINDS), (id, kind) => {
        expect(workspaceOfCredential(kind, mintCredential(kind, id))).toBe(id);
      }),
    );
  });

  it('reads any string without throwing, as demo or a well-formed workspace id', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 1000 }), fc.string({ maxLength: 40 }).map((tail) => `kgc_ws${tail}`)), fc.constantFrom(...KINDS), (value, kind) => {
        const id = quick(() => workspaceOfCredential(kind, value));
        expect(id === DEMO_WORKSPACE || WORKSPACE_ID_PATTERN.test(id)).toBe(true);
      }),
    );
  });
});

describe('sandbox password hashes', () => {
  it('match only the password they were made from', () => {
    const stored = hashSandboxPassword('demo1234');
    expect(stored).toMatch(/^sha256\$[\w-]{22}\$[\w-]{43}$/);
    expect(sandboxPasswordMatches('demo1234', stored)).toBe(true);
    expect(sandboxPasswordMatches('Demo1234', stored)).toBe(false);
    expect(sandboxPasswordMatches('', stored)).toBe(false);
  });

  it('are salted', () => {
    expect(hashSandboxPassword('demo1234')).not.toBe(hashSandboxPassword('demo1234'));
  });

  it.each(['', 'plain', 'scrypt$a$b', 'sha256$only-salt', 'sha256$$'])('never match the stored value %j', (stored) => {
    expect(sandboxPasswordMatches('demo1234', stored)).toBe(false);
  });
});

describe('store domains', () => {
  it.each([
    ['http://example.com', true],
    ['https://shop.example.com/fr', true],
    ['shop.example.com', true],
    ['HTTPS://Shop.Example.COM', true],
    ['http://localhost:8080', true],
    ['example', false],
    ['ftp://example.com', false],
    ['https://user:pass@example.com', false],
    ['https://exa mple.com', false],
    ['https://.example.com', false],
    ['https://example..com', false],
    ['javascript:alert(1)', false],
    ['', false],
    [`https://${'a'.repeat(260)}.com`, false],
  ])('%j is a store domain: %s', (value, expected) => {
    expect(isStoreDomain(value)).toBe(expected);
  });

  it('reads any string quickly and without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (value) => typeof quick(() => isStoreDomain(value)) === 'boolean'));
  });
});

describe('phone numbers', () => {
  it.each([
    ['5140000001', '5140000001'],
    ['+1 (514) 000-0001', '15140000001'],
    ['514.000.0001', '5140000001'],
    ['123', undefined],
    ['1234567890123456', undefined],
    ['514-000-000x', undefined],
    ['51+40000001', undefined],
    ['', undefined],
  ])('%j → %j', (raw, digits) => {
    expect(normalizePhone(raw)).toBe(digits);
  });

  it('reads any string without throwing, to 4–15 digits or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        const digits = quick(() => normalizePhone(raw));
        expect(digits === undefined || /^\d{4,15}$/.test(digits)).toBe(true);
      }),
    );
  });
});

describe('Basic client credentials', () => {
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  it.each([
    [basic('client:secret'), { clientId: 'client', clientSecret: 'secret' }],
    [basic('client:se:cret'), { clientId: 'client', clientSecret: 'se:cret' }],
    [basic('client:'), { clientId: 'client', clientSecret: '' }],
    [basic('no-colon'), undefined],
    ['Bearer abc', undefined],
    ['basic Y2xpZW50OnNlY3JldA==', undefined],
    [undefined, undefined],
    [`Basic ${'A'.repeat(5000)}`, undefined],
  ])('reads %j', (header, expected) => {
    expect(basicCredentials(header)).toEqual(expected);
  });

  it('reads any header without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (tail) => void quick(() => basicCredentials(`Basic ${tail}`))));
  });
});
