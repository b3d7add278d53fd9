import { z } from 'zod';
import { MAX_API_KEY_LENGTH } from './api-key-repository.js';
import { MAX_AUTH_IDENTIFIER_LENGTH, MAX_EXPIRES_IN_SECONDS, MAX_NAME_LENGTH } from './token-format.js';

/** `POST /__admin/wll/tokens` (CONTRACT §6); `name` is a sandbox addition, shown as a reviewer's name. */
export const wllTokenRequest = z.object({
  apiKey: z.string().min(1).max(MAX_API_KEY_LENGTH).describe('The tenant API key (X-Api-Key) of the workspace the token is for.'),
  type: z.enum(['user', 'admin']).describe('"admin" tokens carry the scope admin:receipts; "user" tokens carry none.'),
  authIdentifier: z.string().min(1).max(MAX_AUTH_IDENTIFIER_LENGTH).describe('The user the token identifies (its "sub").'),
  name: z.string().max(MAX_NAME_LENGTH).optional().describe("The user's display name (its \"name\" claim)."),
  expiresIn: z
    .number()
    .int()
    .min(1)
    .max(MAX_EXPIRES_IN_SECONDS)
    .optional()
    .describe('Lifetime in seconds of the workspace\'s sandbox time; default 3600.'),
});

export type WllTokenRequest = z.infer<typeof wllTokenRequest>;

export const wllTokenResponse = z.object({
  token: z.string().describe('An RS256 JWT; verify it with the keys at /wll/.well-known/jwks.json?workspace=<id>.'),
});
