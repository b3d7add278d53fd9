import { createHmac, hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** A long random credential: 256 bits, URL-safe, with a prefix saying what it is. */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/**
 * Tokens are stored as this hash only; a lookup hashes the presented token the same way. The
 * one-shot `hash` costs half of createHash().update().digest(), on every authenticated call.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the
 * content nor the length of the expected secret leaks through timing.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(hash('sha256', presented, 'buffer'), hash('sha256', expected, 'buffer'));
}

/** Compares a presented secret with a stored hash (hex SHA-256) in constant time. */
export function matchesHash(presented: string, storedHash: string): boolean {
  const a = hash('sha256', presented, 'buffer');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const SCRYPT_KEYLEN = 32;
/**
 * scrypt's cost for the sandbox's own fixture passwords: N=2^12 needs 4 MiB per hash instead of
 * the default's 16 MiB, which glibc keeps per libuv thread once freed. Hashes written with the
 * default (`scrypt$salt$key`, before the cost was recorded) still verify.
 */
const SCRYPT_COST = 4096;
const DEFAULT_COST = 16384;

/** scrypt in libuv's thread pool: a password check costs milliseconds, never on the event loop. */
function scryptAsync(password: string, salt: Buffer, keylen: number, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, { N: cost }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT_KEYLEN, SCRYPT_COST);
  return `scrypt$${SCRYPT_COST}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const [scheme] = parts;
  const [cost, salt, key] = parts.length === 4 ? [Number(parts[1]), parts[2], parts[3]] : [DEFAULT_COST, parts[1], parts[2]];
  if (scheme !== 'scrypt' || !salt || !key || ![SCRYPT_COST, DEFAULT_COST].includes(cost)) return false;
  const expected = Buffer.from(key, 'base64url');
  if (expected.length !== SCRYPT_KEYLEN) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, cost);
  return timingSafeEqual(actual, expected);
}

/** HMAC-SHA256 signature, URL-safe. */
export function sign(key: string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('base64url');
}

export function signatureValid(key: string, data: string, signature: string): boolean {
  return secretsEqual(signature, sign(key, data));
}
