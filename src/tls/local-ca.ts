import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as x509 from '@peculiar/x509';

/** ECDSA P-256 with SHA-256: small, fast to make, and taken by every TLS client a POS runs on. */
export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const subtle = webcrypto.subtle;
/** WebCrypto as @peculiar/x509 names its type (the DOM's `Crypto`, which this project does not load). */
export const webCrypto = webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Long enough that a device trusting it keeps working for the life of a project. */
const CA_LIFETIME_MS = 10 * 365 * DAY_MS;

export class TlsSetupError extends Error {}

/** The sandbox's own certificate authority: it signs the HTTPS certificate, and devices trust it. */
export interface LocalCa {
  certificate: x509.X509Certificate;
  certificatePem: string;
  privateKey: CryptoKey;
  /** Where it is kept: `<database>-ca.pem` (certificate) and `<database>-ca-key.pem` (key), or null in memory. */
  certificatePath: string | null;
}

/**
 * The CA of the database at `dbPath`: made once and kept beside the database, so a device that
 * trusts it keeps trusting the sandbox across restarts (a reset does not touch it); in memory for
 * `:memory:`. Processes starting together on one file agree on one CA: the key file is published
 * with link(2), which fails when another process published first, and that one is read instead.
 */
export async function loadOrCreateCa(dbPath: string, now = new Date()): Promise<LocalCa> {
  if (dbPath === ':memory:') return createCa(now, null);
  const certificatePath = `${dbPath}-ca.pem`;
  const keyPath = `${dbPath}-ca-key.pem`;
  if (!existsSync(keyPath)) {
    const fresh = await createCa(now, certificatePath);
    mkdirSync(dirname(keyPath), { recursive: true });
    const staging = `${keyPath}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(staging, `${await privateKeyPem(fresh.privateKey)}${fresh.certificatePem}`, { mode: 0o600 });
    try {
      linkSync(staging, keyPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(staging);
    }
  }
  const ca = await readCa(keyPath, certificatePath, now);
  // The certificate alone, for copying onto devices; written again if someone removed it.
  if (!existsSync(certificatePath) || readFileSync(certificatePath, 'utf8') !== ca.certificatePem) {
    writeFileSync(certificatePath, ca.certificatePem, { mode: 0o644 });
  }
  return ca;
}

async function createCa(now: Date, certificatePath: string | null): Promise<LocalCa> {
  const keys = (await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=pos-sandbox local CA ${now.toISOString().slice(0, 10)} ${randomBytes(3).toString('hex')}, O=pos-sandbox`,
      // A day back: a device whose clock runs a little slow still takes it.
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(now.getTime() + CA_LIFETIME_MS),
      keys,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webCrypto),
      ],
    },
    webCrypto,
  );
  return { certificate, certificatePem: pem(certificate), privateKey: keys.privateKey, certificatePath };
}

async function readCa(keyPath: string, certificatePath: string, now: Date): Promise<LocalCa> {
  const text = readFileSync(keyPath, 'utf8');
  const keyMatch = /-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END PRIVATE KEY-----/.exec(text);
  const certificateMatch = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/.exec(text);
  if (!keyMatch || !certificateMatch) {
    throw new TlsSetupError(`${keyPath} is not the sandbox's CA (a private key and a certificate); remove it and ${certificatePath} to make a new CA`);
  }
  let certificate: x509.X509Certificate;
  let privateKey: CryptoKey;
  try {
    certificate = new x509.X509Certificate(certificateMatch[0]);
    privateKey = await subtle.importKey('pkcs8', Buffer.from(keyMatch[1]!.replace(/\s+/g, ''), 'base64'), KEY_ALGORITHM, false, ['sign']);
  } catch (error) {
    throw new TlsSetupError(`${keyPath} cannot be read (${(error as Error).message}); remove it and ${certificatePath} to make a new CA`);
  }
  if (certificate.notAfter <= now) {
    throw new TlsSetupError(
      `the sandbox CA in ${keyPath} expired on ${certificate.notAfter.toISOString()}; remove it and ${certificatePath} to make a new one, and trust that one`,
    );
  }
  return { certificate, certificatePem: pem(certificate), privateKey, certificatePath };
}

/** A positive 128-bit serial number, as hex. */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export function pem(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem').trim()}\n`;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PRIVATE KEY-----\n${lines}\n-----END PRIVATE KEY-----\n`;
}
