import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../../admin/errors.js';
import { customer, integrationStatus } from './schemas.js';
import { createRulrrServices } from './services.js';

const tokenParams = z.object({ integrationToken: z.string().min(1) });

const integrationState = z.object({
  status: integrationStatus,
  storeId: z.string().nullable(),
  ereceipt: z.boolean(),
  expiresAt: z.string(),
  tokensRetrieved: z.boolean(),
  revoked: z.boolean(),
});

/** /__admin/rulrr: drive Rulrr-Connect without a browser, revoke, and look inside. */
export const rulrrAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const rulrr = createRulrrServices(app.db, app.clock);

  const integrationOf = (integrationToken: string) => {
    const integration = rulrr.flow.findIntegration(integrationToken);
    if (!integration) throw adminError('not_found', 'Unknown integration token');
    return integration;
  };
  const stateOf = (integrationToken: string) => {
    const integration = integrationOf(integrationToken);
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
    schema: { tags: ['Admin · Rulrr'], summary: 'Inspect an integration', params: tokenParams, response: responses },
    handler: async (request) => stateOf(request.params.integrationToken),
  });

  app.post('/integrations/:integrationToken/complete', {
    schema: {
      tags: ['Admin · Rulrr'],
      summary: 'Finish a pending integration, as the Connect page would',
      description: 'Connects `storeId` (default: the first store of the first merchant in the fixtures) with e-receipts on or off.',
      params: tokenParams,
      // A POST without a body arrives as null, which a zod default does not cover.
      body: z.object({ ereceipt: z.boolean().default(false), storeId: z.string().optional() }).nullish(),
      response: responses,
    },
    handler: async (request) => {
      const { ereceipt = false, storeId } = request.body ?? {};
      const integration = integrationOf(request.params.integrationToken);
      const store = storeId ? rulrr.merchants.findStore(storeId) : rulrr.merchants.firstStore();
      if (!store) throw adminError('not_found', `Unknown store ${storeId ?? ''}`.trim());
      if (integration.status !== 'pending' || !rulrr.flow.finish(integration, store.storeId, ereceipt)) {
        throw adminError('conflict', `The integration is ${integration.status}, not pending`);
      }
      return stateOf(request.params.integrationToken);
    },
  });

  app.post('/integrations/:integrationToken/cancel', {
    schema: { tags: ['Admin · Rulrr'], summary: 'Cancel a pending integration', params: tokenParams, response: responses },
    handler: async (request) => {
      const integration = integrationOf(request.params.integrationToken);
      if (integration.status !== 'pending' || !rulrr.flow.cancel(integration)) {
        throw adminError('conflict', `The integration is ${integration.status}, not pending`);
      }
      return stateOf(request.params.integrationToken);
    },
  });

  app.post('/integrations/:integrationToken/revoke', {
    schema: {
      tags: ['Admin · Rulrr'],
      summary: 'Revoke a finished integration: its access and refresh tokens answer 403 from now on',
      description: 'Revoking again is a no-op. 409 for an integration that is not finished.',
      params: tokenParams,
      response: responses,
    },
    handler: async (request) => {
      const integration = integrationOf(request.params.integrationToken);
      if (integration.status !== 'finished') {
        throw adminError('conflict', `Only a finished integration can be revoked; this one is ${integration.status}`);
      }
      rulrr.flow.revoke(integration);
      return stateOf(request.params.integrationToken);
    },
  });

  app.get('/stores/:storeId/customers', {
    schema: {
      tags: ['Admin · Rulrr'],
      summary: "A store's customers list, as uploaded",
      params: z.object({ storeId: z.string() }),
      response: { 200: z.object({ customers: z.array(customer) }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      if (!rulrr.merchants.findStore(request.params.storeId)) throw adminError('not_found', 'Unknown store');
      return { customers: rulrr.customers.list(request.params.storeId) };
    },
  });
};
