import type { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { KEY_ALGORITHM, pem, privateKeyPem, serialNumber, subtle, webCrypto, type LocalCa } from './local-ca.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Under the 398 days Apple's platforms accept for a server certificate; a new one is made at every start. */
const CERTIFICATE_LIFETIME_MS = 397 * DAY_MS;

export interface ServerCertificate {
  /** PEM, for Node's `https.createServer({ key, cert })`. */
  key: string;
  cert: string;
  names: string[];
}

/**
 * The HTTPS certificate: one key and one certificate signed by the sandbox's CA for every name the
 * sandbox answers to (the vendors' hosts, localhost, 127.0.0.1, configured names). Made at start,
 * never on a request.
 */
export async function serverCertificate(ca: LocalCa, names: string[], now = new Date()): Promise<ServerCertificate> {
  const unique = [...new Set(names.map((name) => name.toLowerCase()))];
  const keys = (await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${unique.find((name) => isIP(name) === 0) ?? 'pos-sandbox'}, O=pos-sandbox`,
      issuer: ca.certificate.subject,
      notBefore: new Date(now.getTime() - DAY_MS),
      notAfter: new Date(Math.min(now.getTime() + CERTIFICATE_LIFETIME_MS, ca.certificate.notAfter.getTime())),
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          unique.map((name) => ({ type: isIP(name) === 0 ? ('dns' as const) : ('ip' as const), value: name })),
          false,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webCrypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false, webCrypto),
      ],
    },
    webCrypto,
  );
  return { key: await privateKeyPem(keys.privateKey), cert: pem(certificate), names: unique };
}
