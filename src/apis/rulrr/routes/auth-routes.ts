import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientCredentialsQuery,
  createIntegrationResponse,
  errorResponse,
  integrationQuery,
  integrationStatusResponse,
  refreshQuery,
  tokensResponse,
  anyCallFailures,
  bodyFailures,
} from '../schemas.js';
import { tagWorkspace } from '../../../core/request-context.js';
import type { RulrrClient } from '../db/client-table.js';
import type { RulrrServices } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the client_id and client_secret checked out: the client names the workspace. */
    rulrrClient: RulrrClient | null;
  }
}

const TAG = ['OAuth flow'];

/** STEPS 1, 2 and 4 of rulrr-oauth-endpoints.txt, and the refresh call. All parameters are query parameters. */
export const authRoutes: FastifyPluginAsyncZod<{ rulrr: RulrrServices }> = async (app, { rulrr }) => {
  app.decorateRequest('rulrrClient', null);
  // After validation (so a missing parameter is a 400 first), before the handler.
  app.addHook('preHandler', async (request) => {
    const credentials = request.query as { client_id: string; client_secret: string };
    request.rulrrClient = rulrr.flow.authenticateClient(credentials, (workspaceId) => tagWorkspace(request, workspaceId));
  });
  const clientOf = (request: { rulrrClient: RulrrClient | null }): RulrrClient => {
    if (!request.rulrrClient) throw new Error('an auth route ran without the client hook');
    return request.rulrrClient;
  };

  app.post('/v1/auth/integration', {
    schema: {
      tags: TAG,
      summary: 'STEP 1 — create the integration token',
      description: 'Creates an integration in status `pending`. It reads `cancelled` if not finished within 15 minutes.',
      querystring: clientCredentialsQuery,
      response: { 200: createIntegrationResponse, 400: errorResponse, 403: errorResponse, ...bodyFailures },
    },
    handler: async (request) => ({ success: true as const, integrationToken: rulrr.flow.createIntegration(clientOf(request)) }),
  });

  app.get('/v1/auth/integration', {
    schema: {
      tags: TAG,
      summary: 'STEP 2 — check the integration status',
      querystring: integrationQuery,
      response: { 200: integrationStatusResponse, 400: errorResponse, 403: errorResponse, ...anyCallFailures },
    },
    handler: async (request) => ({
      success: true as const,
      status: rulrr.flow.status(clientOf(request), request.query.integration_token).status,
    }),
  });

  app.get('/v1/auth/integration/token', {
    schema: {
      tags: TAG,
      summary: 'STEP 4 — obtain the access and refresh tokens (once)',
      description:
        'One-time: the first call after the status is `finished` gets the tokens, every later call 410 — also when calls race. 409 while the integration is not finished.',
      querystring: integrationQuery,
      response: {
        200: tokensResponse,
        400: errorResponse,
        403: errorResponse,
        409: errorResponse,
        410: errorResponse,
        ...anyCallFailures,
      },
    },
    handler: async (request) => ({
      success: true as const,
      ...rulrr.flow.retrieveTokens(clientOf(request), request.query.integration_token),
    }),
  });

  app.post('/v1/auth/token', {
    schema: {
      tags: TAG,
      summary: 'Refresh — a new access token for a refresh token',
      description:
        'Sandbox-defined parameters and body (Rulrr documents only the path): the body has the shape of STEP 4, with the same refresh token. Earlier access tokens stay valid until they expire.',
      querystring: refreshQuery,
      response: { 200: tokensResponse, 400: errorResponse, 403: errorResponse, ...bodyFailures },
    },
    handler: async (request) => ({ success: true as const, ...rulrr.flow.refresh(clientOf(request), request.query.refresh_token) }),
  });
};
