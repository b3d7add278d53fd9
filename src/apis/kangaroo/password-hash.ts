import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Passwords of the password grant. The demo password is published (CONTRACT §3) and minted ones
 * are 144 random bits, so a salted SHA-256 protects them as well as a slow hash would, while
 * seeding a workspace and signing in stay off the CPU (no scrypt on the event loop). Not a
 * scheme for passwords people choose.
 */
const SCHEME = 'sha256';

function digest(salt: Buffer, password: string): Buffer {
  return createHash('sha256').update(salt).update(password, 'utf8').digest();
}

export function hashSandboxPassword(password: string): string {
  const salt = randomBytes(16);
  return `${SCHEME}$${salt.toString('base64url')}$${digest(salt, password).toString('base64url')}`;
}

/** Constant time in the password; false for a stored value of another scheme. */
export function sandboxPasswordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== SCHEME || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = digest(Buffer.from(salt, 'base64url'), password);
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
