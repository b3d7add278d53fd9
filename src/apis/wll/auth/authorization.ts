import { WllAuthError } from './auth-error.js';
import type { WllPrincipal } from './principal.js';
import { ADMIN_SCOPE } from './token-format.js';

/*
 * The docs' three levels: 🔑 API key only (nothing here: the key alone names the workspace),
 * 👤 user (API key + a user's token), 🔐 admin (API key + a token with scope admin:receipts).
 * `principal` is undefined when the request carried no Authorization header.
 */

/** 👤 A signed-in user. An admin token passes too: it speaks for an entity with more rights. */
export function requireUser(principal: WllPrincipal | undefined): WllPrincipal {
  if (!principal) {
    throw new WllAuthError('unauthorized', 'This method needs a bearer token: send Authorization: Bearer <token> with the X-Api-Key');
  }
  return principal;
}

/** 🔐 A token with scope admin:receipts; a user's token is understood but not allowed (403). */
export function requireAdmin(principal: WllPrincipal | undefined): WllPrincipal {
  if (!principal) {
    throw new WllAuthError('unauthorized', `This method needs an admin token with scope ${ADMIN_SCOPE}: send Authorization: Bearer <token>`);
  }
  if (!principal.scopes.includes(ADMIN_SCOPE)) {
    throw new WllAuthError(
      'forbidden',
      `This method needs a token with scope ${ADMIN_SCOPE}; the token of "${principal.authIdentifier}" has ${describeScopes(principal)}`,
    );
  }
  return principal;
}

export interface ClaimAuthorization {
  /** Preparsed mode (`useParser: false`): the docs accept only admin tokens there. */
  preparsed: boolean;
  /** `submitter.authIdentifier` from the body. */
  submitter: string;
}

/**
 * `POST /receipts` ("Multiple authorization modes"): an admin token claims for the submitter the
 * body names; a user's token claims for that user, in default mode only. Returns the
 * authIdentifier the claim is made for.
 */
export function authorizeClaim(principal: WllPrincipal | undefined, claim: ClaimAuthorization): string {
  const caller = requireUser(principal);
  if (caller.scopes.includes(ADMIN_SCOPE)) return claim.submitter;
  if (claim.preparsed) {
    throw new WllAuthError('forbidden', `Preparsed claims ("useParser": false) need an admin token with scope ${ADMIN_SCOPE}`);
  }
  // Sandbox's choice where the docs are silent: a user may not claim in someone else's name.
  if (claim.submitter !== caller.authIdentifier) {
    throw new WllAuthError(
      'forbidden',
      `A user token claims for its own user only: the token is "${caller.authIdentifier}", submitter.authIdentifier is "${claim.submitter}"; use an admin token to claim on a user's behalf`,
    );
  }
  return caller.authIdentifier;
}

function describeScopes(principal: WllPrincipal): string {
  return principal.scopes.length === 0 ? 'no scopes' : `scope "${principal.scopes.join(' ')}"`;
}
