import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { hashToken } from '../../lib/secrets.js';
import { MAX_CREDENTIAL_LENGTH, workspaceOfCredential } from './credentials.js';
import type { ApplicationKeyRepository } from './db/application-key-repository.js';
import type { TokenRepository } from './db/token-repository.js';
import { kangarooError } from './errors.js';

/** Who is calling the API: the workspace every query of the call is scoped to. */
export interface KangarooCaller {
  workspaceId: string;
  clientId: string;
  /** null for a client_credentials token. */
  userEmail: string | null;
  /** The hash of the access token: what rate limits count by. */
  tokenHash: string;
}

/** The two headers every /api/v1 call carries. */
export interface CallerCredentials {
  applicationKey?: string | string[] | undefined;
  authorization?: string | undefined;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every /api/v1 call needs `X-Application-Key` and `Authorization: Bearer <token>`. The token
 * decides the workspace; the key must be one of that workspace's. Every failure is Kangaroo's 401
 * (`Unauthenticated.`), which makes its Magento extension fetch a new token and retry once. The
 * descriptions for a bad key are the sandbox's; Kangaroo documents only the token's.
 */
export class CallerAuth {
  constructor(
    private readonly clock: WorkspaceClock,
    private readonly tokens: TokenRepository,
    private readonly applicationKeys: ApplicationKeyRepository,
  ) {}

  /** `onToken` learns the workspace once the token is known to be live, before the key is checked. */
  authenticate(credentials: CallerCredentials, onToken?: (workspaceId: string) => void): KangarooCaller {
    const { applicationKey } = credentials;
    if (typeof applicationKey !== 'string' || applicationKey === '' || applicationKey.length > MAX_CREDENTIAL_LENGTH) {
      throw kangarooError('unauthenticated', 'The X-Application-Key header is missing or malformed.');
    }
    const token = bearerToken(credentials.authorization);
    if (token === undefined) throw kangarooError('unauthenticated');
    const workspaceId = workspaceOfCredential('accessToken', token);
    const tokenHash = hashToken(token);
    const record = this.tokens.findLiveAccessToken(workspaceId, tokenHash, this.clock.now(workspaceId));
    if (!record) throw kangarooError('unauthenticated');
    onToken?.(workspaceId);
    if (workspaceOfCredential('applicationKey', applicationKey) !== workspaceId || !this.applicationKeys.exists(workspaceId, applicationKey)) {
      throw kangarooError('unauthenticated', 'The X-Application-Key is not an application key of this business.');
    }
    return { workspaceId, clientId: record.clientId, userEmail: record.userEmail, tokenHash };
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length > MAX_CREDENTIAL_LENGTH + 16) return undefined;
  return BEARER.exec(authorization)?.[1];
}
