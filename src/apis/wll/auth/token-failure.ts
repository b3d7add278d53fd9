import type * as Jose from 'jose';
import { WllAuthError } from './auth-error.js';
import { ALGORITHM, AUDIENCE, issuerFor } from './token-format.js';

interface FailureContext {
  token: string;
  workspaceId: string;
  now: Date;
}

/** A claim value from an unverified token, short and quoted, fit to quote in a message. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** An `exp`/`nbf` claim as an instant, or as the bare number when no Date can show it. */
function instant(seconds: unknown): string {
  const ms = typeof seconds === 'number' ? seconds * 1000 : Number.NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : quoted(seconds);
}

export function expiredError(exp: unknown, { workspaceId, now }: Omit<FailureContext, 'token'>): WllAuthError {
  return new WllAuthError(
    'unauthorized',
    `The token expired at ${instant(exp)}; the sandbox clock of workspace "${workspaceId}" reads ${now.toISOString()}`,
  );
}

export function notYetValidError(nbf: unknown, { workspaceId, now }: Omit<FailureContext, 'token'>): WllAuthError {
  return new WllAuthError(
    'unauthorized',
    `The token is not valid before ${instant(nbf)}; the sandbox clock of workspace "${workspaceId}" reads ${now.toISOString()}`,
  );
}

/**
 * Says in words why jose refused a token. Errors that are not jose's (a database failure) are
 * not a bad token and pass through unchanged. `jose` is the module that refused it (loaded on
 * first use, see jose-module.ts).
 */
export function describeFailure(error: unknown, context: FailureContext, jose: Pick<typeof Jose, 'errors' | 'decodeProtectedHeader'>): unknown {
  const { errors } = jose;
  if (error instanceof WllAuthError) return error;
  if (error instanceof errors.JWTExpired) return expiredError(error.payload.exp, context);
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error, context);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new WllAuthError(
      'unauthorized',
      `The token's signature does not verify with the key of workspace "${context.workspaceId}": it was altered after signing`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return algorithmFailure(context.token, jose.decodeProtectedHeader);
  if (error instanceof errors.JOSEError) return new WllAuthError('unauthorized', `The token is malformed: ${error.message}`);
  return error;
}

function claimFailure(error: Jose.errors.JWTClaimValidationFailed, context: FailureContext): WllAuthError {
  const value = error.payload[error.claim];
  if (error.reason === 'missing') return new WllAuthError('unauthorized', `The token has no "${error.claim}" claim`);
  switch (error.claim) {
    case 'nbf':
      return notYetValidError(value, context);
    case 'iss':
      return new WllAuthError(
        'unauthorized',
        `The token was issued by ${quoted(value)}, not by ${issuerFor(context.workspaceId)} (the issuer of workspace "${context.workspaceId}")`,
      );
    case 'aud':
      return new WllAuthError('unauthorized', `The token is meant for ${quoted(value)}, not for ${AUDIENCE}`);
    default:
      return new WllAuthError('unauthorized', `The token's "${error.claim}" claim is invalid: ${error.message}`);
  }
}

/** jose refuses the algorithm only after it parsed the header, so decoding it again succeeds. */
function algorithmFailure(token: string, decodeProtectedHeader: typeof Jose.decodeProtectedHeader): WllAuthError {
  const { alg } = decodeProtectedHeader(token);
  const signedWith = alg === 'none' ? 'is unsigned ("alg": "none")' : `is signed with ${quoted(alg)}`;
  return new WllAuthError('unauthorized', `The token ${signedWith}; WLL tokens are signed with ${ALGORITHM} only`);
}
