import type { Database } from '../../../db/database.js';
import { ApiKeyRepository } from './api-key-repository.js';
import { WllAuthError } from './auth-error.js';
import { bearerToken } from './bearer-token.js';
import type { WllPrincipal } from './principal.js';
import { SigningKeys, type JwksDocument } from './signing-keys.js';
import { TokenMinter, type MintRequest } from './token-minter.js';
import { TokenVerifier, type VerifyContext } from './token-verifier.js';

export interface WllAuthOptions {
  /** How many verified tokens to remember; default 10 000. */
  verifiedTokens?: number;
}

/**
 * WLL authentication as the WLL plugin uses it: which workspace an `X-Api-Key` opens, who an
 * `Authorization: Bearer` token speaks for, minting tokens for `/__admin/wll/tokens`, and the
 * JWKS document. One per app (per database), never module-level.
 */
export class WllAuth {
  readonly apiKeys: ApiKeyRepository;
  readonly signingKeys: SigningKeys;
  private readonly minter: TokenMinter;
  private readonly verifier: TokenVerifier;

  constructor(db: Database, options: WllAuthOptions = {}) {
    this.apiKeys = new ApiKeyRepository(db);
    this.signingKeys = new SigningKeys(db);
    this.minter = new TokenMinter(this.signingKeys);
    this.verifier = new TokenVerifier(this.signingKeys, options.verifiedTokens);
  }

  /** The workspace of the request's `X-Api-Key`; a missing or unknown key → InvalidApiKeyError. */
  workspaceForApiKey(header: string | string[] | undefined): string {
    if (header === undefined || header === '') {
      throw new WllAuthError('invalid_api_key', 'An X-Api-Key header with the tenant API key is required');
    }
    if (Array.isArray(header)) throw new WllAuthError('invalid_api_key', 'Send one X-Api-Key header, not several');
    const workspaceId = this.apiKeys.findWorkspace(header);
    if (workspaceId === undefined) throw new WllAuthError('invalid_api_key', 'The X-Api-Key is not a tenant API key of this sandbox');
    return workspaceId;
  }

  /** The principal of the request's bearer token; undefined without an Authorization header. */
  async authenticate(authorization: string | string[] | undefined, context: VerifyContext): Promise<WllPrincipal | undefined> {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.verifier.verify(token, context);
  }

  verify(token: string, context: VerifyContext): Promise<WllPrincipal> {
    return this.verifier.verify(token, context);
  }

  mint(request: MintRequest, now: Date): Promise<string> {
    return this.minter.mint(request, now);
  }

  jwks(workspaceId: string, now: Date): Promise<JwksDocument> {
    return this.signingKeys.jwks(workspaceId, now);
  }
}
