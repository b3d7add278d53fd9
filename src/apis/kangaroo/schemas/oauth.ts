import { z } from 'zod';

/*
 * POST /oauth/token. Kangaroo's docs send it form-encoded (core API) and its Magento extension
 * sends JSON (integrations host); both are read the same way. Every parameter is optional here:
 * which ones a grant needs is the OAuth flow's to say, in OAuth2's error shape.
 */

const MAX_PARAMETER = 2048;

// Passport's older client ids are integers, so a JSON number is read as its digits.
const parameter = () =>
  z
    .union([z.string().max(MAX_PARAMETER), z.int().transform(String)])
    .optional();

export const GRANT_TYPES = ['client_credentials', 'password', 'refresh_token'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const tokenRequestBody = z.object({
  grant_type: parameter().describe(`One of ${GRANT_TYPES.join(', ')}.`),
  client_id: parameter().describe('The OAuth client id (or the user part of an `Authorization: Basic` header); a JSON number is read as its digits.'),
  client_secret: parameter().describe('The OAuth client secret (or the password part of an `Authorization: Basic` header).'),
  scope: parameter().describe('Must be `admin`. Optional on refresh: defaults to the refreshed token\'s scope.'),
  username: parameter().describe('password grant: the business user\'s email.'),
  password: parameter().describe('password grant: the business user\'s password.'),
  application_key: parameter().describe('password grant: the application key (or the `X-Application-Key` header).'),
  refresh_token: parameter().describe('refresh_token grant: the refresh token to use (once).'),
});
export type TokenRequestBody = z.infer<typeof tokenRequestBody>;

export const tokenResponse = z
  .object({
    token_type: z.literal('Bearer'),
    expires_in: z.int().describe('Seconds the access token lives: 86400 (24 hours).'),
    access_token: z.string(),
    refresh_token: z.string().optional().describe('Single-use; absent for client_credentials, which has no user to refresh for.'),
  })
  .meta({ id: 'KangarooTokens' });
export type TokenResponse = z.infer<typeof tokenResponse>;

export const oauthErrorResponse = z
  .object({
    error: z.string().describe('The RFC 6749 §5.2 error code.'),
    error_description: z.string(),
    hint: z.string().optional().describe('What to check (league/oauth2-server\'s hint).'),
    message: z.string().describe('The same text as error_description (Passport keeps both).'),
  })
  .meta({ id: 'KangarooOAuthError' });
