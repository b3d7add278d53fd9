import type { JWTPayload } from 'jose';
import { WllAuthError } from './auth-error.js';
import { ADMIN_SCOPE, MAX_AUTH_IDENTIFIER_LENGTH, MAX_NAME_LENGTH, WORKSPACE_CLAIM, issuerFor } from './token-format.js';

/** Who a verified bearer token speaks for. Frozen: one instance is shared by every cache hit. */
export interface WllPrincipal {
  readonly type: 'user' | 'admin';
  readonly authIdentifier: string;
  readonly scopes: readonly string[];
  readonly name?: string;
  /** The token's `iss`, for a reviewer's `authIssuer`. */
  readonly issuer: string;
  readonly expiresAt: string;
}

/** The latest `exp` a Date can show (year 275760); anything later cannot be a real expiry. */
const LATEST_EXP = 8.64e12;

/**
 * The principal of a token whose signature, issuer, audience and times jose has already checked
 * (so `iss` is this workspace's issuer).
 * The claims are still checked for type: a signature proves who made a token, not that it is
 * well-formed.
 */
export function principalOf(payload: JWTPayload, workspaceId: string): WllPrincipal {
  const { sub, scope, name, exp } = payload;
  if (payload[WORKSPACE_CLAIM] !== workspaceId) {
    throw new WllAuthError('unauthorized', `The token's "${WORKSPACE_CLAIM}" claim does not name workspace "${workspaceId}"`);
  }
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > MAX_AUTH_IDENTIFIER_LENGTH) {
    throw new WllAuthError('unauthorized', `The token's "sub" claim must be an authIdentifier of 1 to ${MAX_AUTH_IDENTIFIER_LENGTH} characters`);
  }
  if (scope !== undefined && typeof scope !== 'string') {
    throw new WllAuthError('unauthorized', 'The token\'s "scope" claim must be a space-separated string');
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) {
    throw new WllAuthError('unauthorized', `The token's "name" claim must be a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp > LATEST_EXP) {
    throw new WllAuthError('unauthorized', 'The token\'s "exp" claim must be a whole number of seconds within the range of dates');
  }
  const scopes = scope === undefined ? [] : scope.split(' ').filter((s) => s !== '');
  return Object.freeze({
    type: scopes.includes(ADMIN_SCOPE) ? 'admin' : 'user',
    authIdentifier: sub,
    scopes: Object.freeze(scopes),
    ...(name === undefined ? {} : { name }),
    issuer: issuerFor(workspaceId),
    expiresAt: new Date(exp * 1000).toISOString(),
  });
}
