/*
 * What a WLL bearer token minted by the sandbox looks like. The real tenant names its own
 * identity provider (the docs show an Auth0 tenant: `authentication: {issuer, jwksUrl,
 * algorithm: "RS256"}`); the sandbox is that provider for every workspace.
 *
 *   header  {"alg": "RS256", "typ": "JWT", "kid": <RFC 7638 thumbprint of the workspace's key>}
 *   claims  iss    https://auth.receipts.sandbox.test/<workspaceId>/
 *           aud    https://api.receipts.wlloyalty.net
 *           sub    the user's authIdentifier
 *           wll_ws the workspace id — the fixed place CONTRACT §1a asks for
 *           scope  "admin:receipts" on admin tokens; absent on user tokens
 *           name   the user's display name, when given
 *           iat, exp on the workspace's sandbox clock
 */

/** Sandbox-defined: a host that never resolves, so a token can never be mistaken for a real one. */
export const ISSUER_ORIGIN = 'https://auth.receipts.sandbox.test';

/** The real API's own host: tokens are minted for it, whichever address the sandbox is reached on. */
export const AUDIENCE = 'https://api.receipts.wlloyalty.net';

export const ALGORITHM = 'RS256';

/** The scope the docs require of every 🔐 admin route. */
export const ADMIN_SCOPE = 'admin:receipts';

export const WORKSPACE_CLAIM = 'wll_ws';

/** Tokens longer than this are refused before any parsing (real sandbox tokens are under 1 KiB). */
export const MAX_TOKEN_LENGTH = 8192;

export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 60 * 60;
export const MAX_AUTH_IDENTIFIER_LENGTH = 256;
export const MAX_NAME_LENGTH = 256;

/** The issuer of a workspace's tokens; a token of one workspace never verifies in another. */
export function issuerFor(workspaceId: string): string {
  return `${ISSUER_ORIGIN}/${encodeURIComponent(workspaceId)}/`;
}

/** Seconds since the epoch, as JWT NumericDate claims count them. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

/**
 * The sandbox serves one JWKS URL for all workspaces (CONTRACT §6); `?workspace=` picks whose
 * keys it lists (default demo), the way every other per-workspace sandbox URL does, so one
 * workspace's key list never shows another's.
 */
export function jwksUrl(wllBaseUrl: string, workspaceId: string): string {
  return `${wllBaseUrl}/.well-known/jwks.json?workspace=${encodeURIComponent(workspaceId)}`;
}

/** `tenant.authentication` as the rule-set responses show it, pointing at the sandbox's provider. */
export function tenantAuthentication(workspaceId: string, wllBaseUrl: string) {
  return { issuer: issuerFor(workspaceId), jwksUrl: jwksUrl(wllBaseUrl, workspaceId), algorithm: ALGORITHM };
}
