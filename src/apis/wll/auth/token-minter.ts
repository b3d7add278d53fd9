import { loadJose } from './jose-module.js';
import type { SigningKeys } from './signing-keys.js';
import {
  ADMIN_SCOPE,
  ALGORITHM,
  AUDIENCE,
  DEFAULT_EXPIRES_IN_SECONDS,
  MAX_AUTH_IDENTIFIER_LENGTH,
  MAX_EXPIRES_IN_SECONDS,
  MAX_NAME_LENGTH,
  WORKSPACE_CLAIM,
  epochSeconds,
  issuerFor,
} from './token-format.js';

export type WllTokenType = 'user' | 'admin';

export interface MintRequest {
  workspaceId: string;
  type: WllTokenType;
  authIdentifier: string;
  name?: string;
  /** Lifetime in seconds of sandbox time; default one hour, at most ten years. */
  expiresIn?: number;
}

/**
 * Signs the bearer tokens the real tenant's identity provider would issue (the sandbox stands in
 * for it: `POST /__admin/wll/tokens`). The route validates its body with `wllTokenRequest`; the
 * checks here only keep a caller that skipped it from minting a token `verify` would refuse.
 */
export class TokenMinter {
  constructor(private readonly keys: SigningKeys) {}

  async mint(request: MintRequest, now: Date): Promise<string> {
    const expiresIn = request.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS;
    checkRequest(request, expiresIn);
    const key = await this.keys.signingKey(request.workspaceId, now);
    const { SignJWT } = await loadJose();
    const issuedAt = epochSeconds(now);
    const claims: Record<string, string> = { [WORKSPACE_CLAIM]: request.workspaceId };
    if (request.type === 'admin') claims.scope = ADMIN_SCOPE;
    if (request.name !== undefined) claims.name = request.name;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: key.kid })
      .setIssuer(issuerFor(request.workspaceId))
      .setAudience(AUDIENCE)
      .setSubject(request.authIdentifier)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + expiresIn)
      .sign(key.privateKey);
  }
}

function checkRequest(request: MintRequest, expiresIn: number): void {
  if (request.type !== 'user' && request.type !== 'admin') throw new RangeError('type must be "user" or "admin"');
  if (request.authIdentifier.length < 1 || request.authIdentifier.length > MAX_AUTH_IDENTIFIER_LENGTH) {
    throw new RangeError(`authIdentifier must be 1 to ${MAX_AUTH_IDENTIFIER_LENGTH} characters`);
  }
  if (request.name !== undefined && request.name.length > MAX_NAME_LENGTH) {
    throw new RangeError(`name must be at most ${MAX_NAME_LENGTH} characters`);
  }
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN_SECONDS) {
    throw new RangeError(`expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS}`);
  }
}
