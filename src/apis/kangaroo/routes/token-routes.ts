import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorHandlerFor } from '../../../core/error-handlers.js';
import { tagWorkspace } from '../../../core/request-context.js';
import { kangarooTokenErrorRenderer, OAUTH_HINTS, oauthError } from '../errors.js';
import { oauthErrorResponse, tokenRequestBody, tokenResponse } from '../schemas/oauth.js';
import type { KangarooServices } from '../services.js';

const failure = (description: string) => oauthErrorResponse.describe(description);

/**
 * POST /oauth/token in its own context: OAuth2's error bodies instead of the API's envelope, and
 * form-encoded bodies (the core API's samples) beside JSON (Kangaroo's Magento extension).
 */
export const tokenRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  await app.register(formbody);
  app.setErrorHandler(errorHandlerFor(kangarooTokenErrorRenderer, 'the Kangaroo token endpoint'));

  app.post('/oauth/token', {
    schema: {
      tags: ['OAuth'],
      summary: 'Get an access token: client_credentials, password or refresh_token',
      description: [
        'Parameters as `application/x-www-form-urlencoded` or `application/json` (Kangaroo\'s Magento extension posts JSON `{grant_type: "client_credentials", client_id, client_secret, scope: "admin"}` with `Accept: */*` and no `X-Application-Key`). Client credentials may come as `Authorization: Basic` instead; the password grant\'s application key as `application_key` or the `X-Application-Key` header. An empty parameter counts as absent.',
        'Access tokens live 24 hours (`expires_in` 86400), refresh tokens are single-use and lapse 30 days after issue, all on the workspace\'s sandbox clock. client_credentials issues no refresh token.',
        'Errors: Kangaroo documents none; the bodies and statuses are Laravel Passport\'s (league/oauth2-server 8.5): `{error, error_description, hint?, message}`.',
      ].join('\n\n'),
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      body: tokenRequestBody.nullish(),
      response: {
        200: tokenResponse,
        400: failure('`unsupported_grant_type`, `invalid_request` (a missing or malformed parameter, the body not JSON), `invalid_scope`, or `invalid_grant` (wrong user credentials).'),
        401: failure('`invalid_client` (unknown client, wrong secret), or `invalid_request` "The refresh token is invalid." (unknown, another client\'s, lapsed or already used).'),
        413: failure('The body is larger than the sandbox accepts (1 MiB).'),
        415: failure('A body that is neither form-encoded nor JSON.'),
        500: failure('`server_error`.'),
        503: failure('`temporarily_unavailable`: the sandbox database is busy; retry (`Retry-After: 1`).'),
      },
    },
    handler: async (request, reply) => {
      const applicationKey = request.headers['x-application-key'];
      if (Array.isArray(applicationKey)) throw oauthError('invalid_request', OAUTH_HINTS.parameter('application_key'));
      const tokens = kangaroo.oauth.issueToken(
        request.body ?? {},
        { authorization: request.headers.authorization, applicationKey },
        (workspaceId) => tagWorkspace(request, workspaceId),
      );
      // RFC 6749 §5.1: token answers are never cached.
      return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send(tokens);
    },
  });
};
