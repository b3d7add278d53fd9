/**
 * Why a WLL request is not let in. The WLL HTTP layer maps the kind to the vendor's error names
 * (CONTRACT §4): `unauthorized` → UnauthorizedError 401 (no, malformed, expired or foreign
 * token), `forbidden` → ForbiddenError 403 (a valid token without the rights the route needs),
 * `invalid_api_key` → InvalidApiKeyError 403. Messages never repeat a presented secret.
 */
export type WllAuthErrorKind = 'unauthorized' | 'forbidden' | 'invalid_api_key';

export class WllAuthError extends Error {
  constructor(
    readonly kind: WllAuthErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'WllAuthError';
  }
}
