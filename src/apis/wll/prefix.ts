/**
 * Where WLL lives on the sandbox: `/wll`, with the API's documented paths under `/v1` (the real
 * base URL is api.receipts.wlloyalty.net/v1) and the token issuer's JWKS beside them at
 * `/wll/.well-known/jwks.json`. A request with `Host: api.receipts.wlloyalty.net` is served under
 * `/wll`, so `/v1/receipts` there is `/wll/v1/receipts` here.
 */
export const WLL_PREFIX = '/wll';
export const WLL_API_VERSION = '/v1';
