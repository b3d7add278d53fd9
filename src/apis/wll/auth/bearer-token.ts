import { WllAuthError } from './auth-error.js';

/** `Bearer <token>`; the classes on either side of the token exclude each other, so no backtracking. */
const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/**
 * The token of an `Authorization: Bearer` header, undefined when there is no header (the route
 * decides whether it needs one). A header that is there but not a bearer token is refused.
 */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  if (Array.isArray(header)) throw new WllAuthError('unauthorized', 'Send one Authorization header, not several');
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) throw new WllAuthError('unauthorized', 'The Authorization header must read "Bearer <token>"');
  return token;
}
