import { hash } from 'node:crypto';
import type { CompactJWSHeaderParameters, CryptoKey } from 'jose';
import { WllAuthError } from './auth-error.js';
import { loadJose } from './jose-module.js';
import { LruCache } from './lru-cache.js';
import { principalOf, type WllPrincipal } from './principal.js';
import type { SigningKeys } from './signing-keys.js';
import { describeFailure, expiredError, notYetValidError } from './token-failure.js';
import { ALGORITHM, AUDIENCE, MAX_TOKEN_LENGTH, WORKSPACE_CLAIM, epochSeconds, issuerFor } from './token-format.js';

export interface VerifyContext {
  workspaceId: string;
  /** The workspace's sandbox clock: expiry is judged by it, not by real time. */
  now: Date;
}

/** Three base64url parts; each class excludes the dot, so matching is linear. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const DEFAULT_CACHE_SIZE = 10_000;

interface Verified {
  principal: WllPrincipal;
  kid: string;
  exp: number;
  nbf: number | undefined;
}

/**
 * Verifies bearer tokens against the keys of the workspace the API key named. A token verified
 * once is remembered until it expires, so a POS polling with one token pays for the RSA check
 * once; every hit still judges `exp` against the workspace's clock now (it may have moved) and
 * makes sure the signing key was not deleted since (a workspace reset, in any process).
 */
export class TokenVerifier {
  private readonly verified: LruCache<string, Verified>;

  constructor(
    private readonly keys: SigningKeys,
    cacheSize = DEFAULT_CACHE_SIZE,
  ) {
    this.verified = new LruCache(cacheSize);
  }

  async verify(token: string, context: VerifyContext): Promise<WllPrincipal> {
    checkShape(token);
    // Hashed so that 10k cached tokens cost 10k short keys, and no token sits in memory as is.
    const cacheKey = `${context.workspaceId}\n${hash('sha256', token, 'base64url')}`;
    const hit = this.verified.get(cacheKey);
    if (hit) return this.stillValid(cacheKey, hit, context);
    const verified = await this.check(token, context);
    this.verified.set(cacheKey, verified);
    return verified.principal;
  }

  private stillValid(cacheKey: string, hit: Verified, context: VerifyContext): WllPrincipal {
    const now = epochSeconds(context.now);
    // The same comparisons jose makes, so a hit and a miss agree to the second.
    if (hit.exp <= now) {
      this.verified.delete(cacheKey);
      throw expiredError(hit.exp, context);
    }
    if (hit.nbf !== undefined && hit.nbf > now) throw notYetValidError(hit.nbf, context);
    if (!this.keys.hasKey(context.workspaceId, hit.kid)) {
      this.verified.delete(cacheKey);
      throw unknownKeyError(context.workspaceId);
    }
    return hit.principal;
  }

  private async check(token: string, context: VerifyContext): Promise<Verified> {
    const { workspaceId, now } = context;
    const jose = await loadJose();
    try {
      const { payload, protectedHeader } = await jose.jwtVerify(
        token,
        (header: CompactJWSHeaderParameters) => this.keyFor(workspaceId, header),
        {
          algorithms: [ALGORITHM],
          issuer: issuerFor(workspaceId),
          audience: AUDIENCE,
          currentDate: now,
          requiredClaims: ['exp', 'sub', WORKSPACE_CLAIM],
        },
      );
      return {
        principal: principalOf(payload, workspaceId),
        kid: protectedHeader.kid as string,
        exp: payload.exp as number,
        nbf: payload.nbf,
      };
    } catch (error) {
      throw describeFailure(error, { token, workspaceId, now }, jose);
    }
  }

  private async keyFor(workspaceId: string, header: CompactJWSHeaderParameters): Promise<CryptoKey> {
    if (typeof header.kid !== 'string') {
      throw new WllAuthError('unauthorized', 'The token has no "kid" header naming the key that signed it');
    }
    const key = await this.keys.verificationKey(workspaceId, header.kid);
    if (!key) throw unknownKeyError(workspaceId);
    return key;
  }
}

function checkShape(token: string): void {
  if (token.length === 0) throw new WllAuthError('unauthorized', 'The bearer token is empty');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new WllAuthError('unauthorized', `The bearer token is ${token.length} characters long; the sandbox accepts at most ${MAX_TOKEN_LENGTH}`);
  }
  if (!COMPACT_JWS.test(token)) {
    throw new WllAuthError('unauthorized', 'The bearer token is not a JWT: expected three base64url parts separated by dots');
  }
}

function unknownKeyError(workspaceId: string): WllAuthError {
  return new WllAuthError(
    'unauthorized',
    `The token was not signed by a key of workspace "${workspaceId}": it was minted for another workspace, or before this workspace was reset`,
  );
}
