import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../../../core/admin-errors.js';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { quote } from '../../../lib/describe.js';
import { customer, integrationStatus } from '../schemas.js';
import type { RulrrServices } from '../services.js';

const tokenParams = z.object({ integrationToken: z.string().min(1).max(200) });

const integrationState = z.object({
  status: integrationStatus,
  storeId: z.string().nullable(),
  ereceipt: z.boolean(),
  expiresAt: z.string(),
  tokensRetrieved: z.boolean(),
  revoked: z.boolean(),
});

const TAGS = ['Admin · Rulrr'];

/** /__admin/rulrr: drive Rulrr-Connect without a browser, revoke, and look inside — in one workspace. */
export const rulrrAdminRoutes: FastifyPluginAsyncZod<{ services: RulrrServices }> = async (app, { services: rulrr }) => {
  /** An integration of this workspace; a token of another workspace is as unknown as a made-up one. */
  const integrationOf = (workspaceId: string, integrationToken: string) => {
    const integration = rulrr.flow.findIntegration(integrationToken);
    if (!integration || integration.workspaceId !== workspaceId) {
      throw adminError('not_found', `Unknown integration token in workspace ${workspaceId}`);
    }
    return integration;
  };
  const stateOf = (workspaceId: string, integrationToken: string) => {
    const integration = integrationOf(workspaceId, integrationToken);
    return {
      status: integration.status,
      storeId: integration.storeId,
      ereceipt: integration.ereceipt,
      expiresAt: integration.expiresAt,
      tokensRetrieved: integration.tokensRetrievedAt !== null,
      revoked: integration.revokedAt !== null,
    };
  };
  const responses = { 200: integrationState, 404: adminErrorResponse, 409: adminErrorResponse };

  app.get('/integrations/:integrationToken', {
    schema: { tags: TAGS, summary: 'Inspect an integration', params: tokenParams, querystring: workspaceQuery, response: responses },
    handler: async (request) => stateOf(request.query.workspace, request.params.integrationToken),
  });

  app.post('/integrations/:integrationToken/complete', {
    schema: {
      tags: TAGS,
      summary: 'Finish a pending integration, as the Connect page would',
      description:
        "Connects `storeId` (default: the first store of the workspace's first merchant) with e-receipts on or off.",
      params: tokenParams,
      querystring: workspaceQuery,
      // A POST without a body arrives as undefined, which a zod default does not cover.
      body: z.object({ ereceipt: z.boolean().default(false), storeId: z.string().max(100).optional() }).nullish(),
      response: responses,
    },
    handler: async (request) => {
      const { workspace } = request.query;
      const { ereceipt = false, storeId } = request.body ?? {};
      const integration = integrationOf(workspace, request.params.integrationToken);
      const store = storeId ? rulrr.merchants.findStore(workspace, storeId) : rulrr.merchants.firstStore(workspace);
      if (!store) throw adminError('not_found', `Unknown store ${quote(storeId ?? '')}`);
      if (integration.status !== 'pending' || !rulrr.flow.finish(integration, store.storeId, ereceipt)) {
        throw adminError('conflict', `The integration is ${integration.status}, not pending`);
      }
      return stateOf(workspace, request.params.integrationToken);
    },
  });

  app.post('/integrations/:integrationToken/cancel', {
    schema: { tags: TAGS, summary: 'Cancel a pending integration', params: tokenParams, querystring: workspaceQuery, response: responses },
    handler: async (request) => {
      const { workspace } = request.query;
      const integration = integrationOf(workspace, request.params.integrationToken);
      if (integration.status !== 'pending' || !rulrr.flow.cancel(integration)) {
        throw adminError('conflict', `The integration is ${integration.status}, not pending`);
      }
      return stateOf(workspace, request.params.integrationToken);
    },
  });

  app.post('/integrations/:integrationToken/revoke', {
    schema: {
      tags: TAGS,
      summary: 'Revoke a finished integration: its access and refresh tokens answer 403 from now on',
      description: 'Revoking again is a no-op. 409 for an integration that is not finished.',
      params: tokenParams,
      querystring: workspaceQuery,
      response: responses,
    },
    handler: async (request) => {
      const { workspace } = request.query;
      const integration = integrationOf(workspace, request.params.integrationToken);
      if (integration.status !== 'finished') {
        throw adminError('conflict', `Only a finished integration can be revoked; this one is ${integration.status}`);
      }
      rulrr.flow.revoke(integration);
      return stateOf(workspace, request.params.integrationToken);
    },
  });

  app.get('/stores/:storeId/customers', {
    schema: {
      tags: TAGS,
      summary: "A store's customers list, as uploaded",
      params: z.object({ storeId: z.string().max(100) }),
      querystring: workspaceQuery,
      response: { 200: z.object({ customers: z.array(customer) }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace } = request.query;
      if (!rulrr.merchants.findStore(workspace, request.params.storeId)) throw adminError('not_found', 'Unknown store');
      return { customers: rulrr.customers.list(workspace, request.params.storeId) };
    },
  });
};
