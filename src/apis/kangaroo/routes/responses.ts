import { errorResponse, validationErrorResponse } from '../schemas/error-bodies.js';

/** Both headers on every /api/v1 call: the bearer token and the application key (OpenAPI's AND). */
export const security: Array<Record<string, string[]>> = [{ bearer: [], applicationKey: [] }];

const described = (description: string) => errorResponse.describe(description);

/** What any /api/v1 call can answer besides its own success. */
export const anyCall = {
  401: described('`Unauthenticated.`: no, an unknown, expired or revoked bearer token, or an application key that is missing or not this business\'s.'),
  406: described('The `Accept` header allows neither JSON nor `application/vnd.kangaroorewards.api.v1+json`.'),
  429: described('Over the rate limit (`X-RateLimit-Reset`, `Retry-After`).'),
  500: described('An unexpected error.'),
  503: described('The sandbox database is busy; retry (`Retry-After: 1`).'),
};

/** A call with query or path parameters: a bad one is a 422 field map. */
export const withParameters = {
  ...anyCall,
  422: validationErrorResponse,
};

/** A call with a JSON body: malformed (400), too large (413), another type (415), invalid (422). */
export const withBody = {
  ...withParameters,
  400: described('The body is not JSON, or not a JSON object.'),
  413: described('The body is larger than the sandbox accepts (1 MiB).'),
  415: described('A body that is not `application/json`.'),
};
