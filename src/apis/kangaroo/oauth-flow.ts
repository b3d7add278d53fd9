import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { hashToken, matchesHash } from '../../lib/secrets.js';
import { basicCredentials } from './basic-auth.js';
import { mintCredential, workspaceOfCredential } from './credentials.js';
import type { ApplicationKeyRepository } from './db/application-key-repository.js';
import type { OAuthClientRepository } from './db/oauth-client-repository.js';
import type { TokenRepository } from './db/token-repository.js';
import type { UserRepository } from './db/user-repository.js';
import { OAUTH_HINTS, oauthError } from './errors.js';
import { hashSandboxPassword, sandboxPasswordMatches } from './password-hash.js';
import { GRANT_TYPES, type GrantType, type TokenRequestBody, type TokenResponse } from './schemas/oauth.js';

/** "Access tokens expire after 24 hours." */
export const ACCESS_TOKEN_LIFETIME_S = 24 * 60 * 60;
/** Refresh tokens "lapse after 30 days unused". */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** The one scope Kangaroo grants. */
export const ADMIN_SCOPE = 'admin';

/** What the token endpoint reads besides its body. */
export interface TokenRequestHeaders {
  /** `Authorization`: `Basic` client credentials are read from it, as league/oauth2-server does. */
  authorization?: string | undefined;
  /** `X-Application-Key`. */
  applicationKey?: string | undefined;
}

interface AuthenticatedClient {
  workspaceId: string;
  clientId: string;
}

// Compared against when the client or user is unknown, so the answer takes as long either way.
const ABSENT_SECRET_HASH = hashToken('no client has this secret');
const ABSENT_PASSWORD_HASH = hashSandboxPassword('no user has this password');

/**
 * POST /oauth/token: the client_credentials, password and refresh_token grants, in the order
 * league/oauth2-server checks things (grant, client, scope, then the grant's own parameters).
 * Every token is minted for the workspace of the client that asked and lives on its clock.
 */
export class OAuthFlow {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly clients: OAuthClientRepository,
    private readonly users: UserRepository,
    private readonly applicationKeys: ApplicationKeyRepository,
    private readonly tokens: TokenRepository,
  ) {}

  /** `onClient` learns the workspace as soon as the client is authenticated, before any other check. */
  issueToken(body: TokenRequestBody, headers: TokenRequestHeaders = {}, onClient?: (workspaceId: string) => void): TokenResponse {
    const grant = body.grant_type;
    if (!isGrantType(grant)) throw oauthError('unsupported_grant_type', OAUTH_HINTS.unsupportedGrantType);
    const client = this.authenticateClient(body, headers);
    onClient?.(client.workspaceId);
    // Laravel reads an empty parameter as absent (ConvertEmptyStringsToNull); so does the sandbox.
    const applicationKey = body.application_key || headers.applicationKey || undefined;
    // Kangaroo's password grant carries the application key; the other grants may (the header).
    if (grant === 'password' || applicationKey !== undefined) this.checkApplicationKey(client.workspaceId, applicationKey);
    switch (grant) {
      case 'client_credentials':
        return this.issue(client, null, grantedScope(body.scope), false);
      case 'password':
        return this.passwordGrant(client, body);
      case 'refresh_token':
        return this.refreshGrant(client, body);
    }
  }

  private authenticateClient(body: TokenRequestBody, headers: TokenRequestHeaders): AuthenticatedClient {
    const basic = basicCredentials(headers.authorization);
    const clientId = body.client_id ?? basic?.clientId;
    if (!clientId) throw oauthError('invalid_request', OAUTH_HINTS.parameter('client_id'));
    const secret = body.client_secret ?? basic?.clientSecret ?? '';
    const workspaceId = workspaceOfCredential('client', clientId);
    const client = this.clients.find(workspaceId, clientId);
    const secretMatches = matchesHash(secret, client?.secretHash ?? ABSENT_SECRET_HASH);
    if (!client || !secretMatches) throw oauthError('invalid_client');
    return { workspaceId, clientId };
  }

  private checkApplicationKey(workspaceId: string, applicationKey: string | undefined): void {
    const known =
      applicationKey !== undefined &&
      workspaceOfCredential('applicationKey', applicationKey) === workspaceId &&
      this.applicationKeys.exists(workspaceId, applicationKey);
    if (!known) throw oauthError('invalid_request', OAUTH_HINTS.parameter('application_key'));
  }

  private passwordGrant(client: AuthenticatedClient, body: TokenRequestBody): TokenResponse {
    const scope = grantedScope(body.scope);
    if (!body.username) throw oauthError('invalid_request', OAUTH_HINTS.parameter('username'));
    if (!body.password) throw oauthError('invalid_request', OAUTH_HINTS.parameter('password'));
    const user = this.users.find(client.workspaceId, body.username);
    const passwordMatches = sandboxPasswordMatches(body.password, user?.passwordHash ?? ABSENT_PASSWORD_HASH);
    if (!user || !passwordMatches) throw oauthError('invalid_credentials');
    return this.issue(client, user.email, scope, true);
  }

  /** Single use: the old refresh token is spent and the access token issued with it revoked. */
  private refreshGrant(client: AuthenticatedClient, body: TokenRequestBody): TokenResponse {
    const presented = body.refresh_token;
    if (!presented) throw oauthError('invalid_request', OAUTH_HINTS.parameter('refresh_token'));
    const { workspaceId } = client;
    const tokenHash = hashToken(presented);
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const record = this.tokens.findRefreshToken(workspaceId, tokenHash);
      // A token of another workspace is unknown here, as league says of one it cannot decrypt.
      if (!record) throw oauthError('invalid_refresh_token', OAUTH_HINTS.refreshUnknown);
      if (record.clientId !== client.clientId) throw oauthError('invalid_refresh_token', OAUTH_HINTS.refreshOtherClient);
      if (record.lapsesAt <= now.toISOString()) throw oauthError('invalid_refresh_token', OAUTH_HINTS.refreshExpired);
      if (record.usedAt !== null) throw oauthError('invalid_refresh_token', OAUTH_HINTS.refreshRevoked);
      // league: the scope defaults to the refreshed token's, and may not widen it.
      const scope = body.scope === undefined ? record.scope : grantedScope(body.scope);
      if (!this.tokens.consumeRefreshToken(workspaceId, tokenHash, now)) {
        throw oauthError('invalid_refresh_token', OAUTH_HINTS.refreshRevoked);
      }
      this.tokens.revokeAccessToken(workspaceId, record.accessTokenHash, now);
      return this.issue(client, record.userEmail, scope, true);
    });
  }

  private issue(client: AuthenticatedClient, userEmail: string | null, scope: string, withRefreshToken: boolean): TokenResponse {
    const { workspaceId, clientId } = client;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const accessToken = mintCredential('accessToken', workspaceId);
      const accessTokenHash = hashToken(accessToken);
      const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_S * 1000);
      this.tokens.insertAccessToken(workspaceId, accessTokenHash, { clientId, userEmail, scope, createdAt: now, expiresAt });
      const response: TokenResponse = { token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, access_token: accessToken };
      if (withRefreshToken && userEmail !== null) {
        const refreshToken = mintCredential('refreshToken', workspaceId);
        this.tokens.insertRefreshToken(workspaceId, hashToken(refreshToken), {
          accessTokenHash,
          clientId,
          userEmail,
          scope,
          createdAt: now,
          lapsesAt: new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_MS),
        });
        response.refresh_token = refreshToken;
      }
      return response;
    });
  }
}

function isGrantType(grant: string | undefined): grant is GrantType {
  return (GRANT_TYPES as readonly (string | undefined)[]).includes(grant);
}

/** Kangaroo grants `admin` only; an empty scope is refused (no default scope). */
export function grantedScope(requested: string | undefined): string {
  const scopes = (requested ?? '').split(' ').filter((scope) => scope !== '');
  if (scopes.length === 0) throw oauthError('invalid_scope', OAUTH_HINTS.noScope);
  const unknown = scopes.find((scope) => scope !== ADMIN_SCOPE);
  if (unknown !== undefined) throw oauthError('invalid_scope', OAUTH_HINTS.scope(unknown));
  return ADMIN_SCOPE;
}
