import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateCa, TlsSetupError } from '../../src/tls/local-ca.js';
import { serverCertificate } from '../../src/tls/server-certificate.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-ca-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOrCreateCa', () => {
  it('makes the CA once, beside the database, and reads the same one at the next start', async () => {
    const dbPath = join(dir, 'data', 'sandbox.db');
    const first = await loadOrCreateCa(dbPath);
    expect(first.certificatePath).toBe(`${dbPath}-ca.pem`);
    expect(readFileSync(`${dbPath}-ca.pem`, 'utf8')).toBe(first.certificatePem);
    expect(statSync(`${dbPath}-ca-key.pem`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${dbPath}-ca.pem`, 'utf8')).not.toContain('PRIVATE KEY');

    rmSync(`${dbPath}-ca.pem`);
    const again = await loadOrCreateCa(dbPath);
    expect(again.certificatePem).toBe(first.certificatePem);
    expect(readFileSync(`${dbPath}-ca.pem`, 'utf8')).toBe(first.certificatePem);
  });

  it('gives processes starting together one CA', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const cas = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateCa(dbPath)));
    expect(new Set(cas.map((ca) => ca.certificatePem)).size).toBe(1);
  });

  it('keeps a CA in memory, a new one each time, for :memory:', async () => {
    const [a, b] = await Promise.all([loadOrCreateCa(':memory:'), loadOrCreateCa(':memory:')]);
    expect(a.certificatePath).toBeNull();
    expect(a.certificatePem).not.toBe(b.certificatePem);
  });

  it('refuses a key file that is not its own, and an expired CA, saying what to remove', async () => {
    const dbPath = join(dir, 'sandbox.db');
    writeFileSync(`${dbPath}-ca-key.pem`, 'not a key');
    await expect(loadOrCreateCa(dbPath)).rejects.toThrow(TlsSetupError);
    rmSync(`${dbPath}-ca-key.pem`);
    await loadOrCreateCa(dbPath);
    await expect(loadOrCreateCa(dbPath, new Date(Date.now() + 11 * 365 * 86_400_000))).rejects.toThrow(/expired.*remove it/);
  });
});

describe('serverCertificate', () => {
  it('is signed by the CA for every name, as DNS names and IP addresses', async () => {
    const ca = await loadOrCreateCa(':memory:');
    const { cert, key, names } = await serverCertificate(ca, ['api.rulrr.com', 'API.rulrr.com', 'localhost', '127.0.0.1', '::1']);
    expect(names).toEqual(['api.rulrr.com', 'localhost', '127.0.0.1', '::1']);
    const certificate = new X509Certificate(cert);
    expect(certificate.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(certificate.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.subjectAltName).toBe('DNS:api.rulrr.com, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(certificate.checkHost('api.rulrr.com')).toBe('api.rulrr.com');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(Date.parse(certificate.validTo) - Date.now()).toBeLessThan(398 * 86_400_000);
    expect(key).toContain('BEGIN PRIVATE KEY');
  });
});
