import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { tagWorkspace } from '../../../core/request-context.js';
import { wllError } from '../errors.js';
import { errorResponse } from '../schemas/common.js';
import type { WllServices } from '../services.js';

/** An RSA public key as JWK (RFC 7517): `kty` "RSA", modulus `n`, exponent `e`. */
const jwk = z.object({
  kty: z.string().optional(),
  kid: z.string(),
  alg: z.string(),
  use: z.string(),
  n: z.string().optional(),
  e: z.string().optional(),
});

/**
 * The JWKS of the sandbox's token issuer (CONTRACT §6), beside the API rather than under /v1:
 * the real tenant's issuer publishes its own. `?workspace=` picks whose key it lists (default
 * demo), so one workspace's keys are never shown to another's callers.
 */
export const jwksRoute: FastifyPluginAsyncZod<{ wll: WllServices }> = async (app, { wll }) => {
  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['Token issuer'],
      summary: "The public key that signs a workspace's bearer tokens (sandbox-defined)",
      description: 'Verify tokens minted by `POST /__admin/wll/tokens` with it: RS256, `kid` is the key\'s RFC 7638 thumbprint.',
      querystring: workspaceQuery,
      response: { 200: z.object({ keys: z.array(jwk) }), 400: errorResponse, 404: errorResponse, 500: errorResponse, 503: errorResponse },
    },
    handler: async (request) => {
      const { workspace } = request.query;
      if (!wll.tenants.find(workspace)) throw wllError('NotFoundError', `No workspace ${JSON.stringify(workspace)} with a WLL tenant`);
      tagWorkspace(request, workspace);
      return wll.auth.jwks(workspace, wll.clocks.now(workspace));
    },
  });
};
