import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError } from '../../../core/admin-errors.js';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { backToPanel } from '../../../core/dashboard.js';
import { INTEGRATIONS_PANEL } from '../pages/dashboard-panels.js';
import type { RulrrServices } from '../services.js';

const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/**
 * The dashboard's Complete and Cancel buttons (form posts under /__admin/ui/rulrr). They name an
 * integration by its row id — the dashboard never sees integration tokens, which are stored
 * hashed — and do what POST /__admin/rulrr/integrations/{token}/complete and /cancel do.
 */
export const rulrrDashboardRoutes: FastifyPluginAsyncZod<{ services: RulrrServices }> = async (app, { services: rulrr }) => {
  const integrationOf = (workspaceId: string, id: number) => {
    const integration = rulrr.flow.integrationById(workspaceId, id);
    if (!integration) throw adminError('not_found', `No integration ${id} in workspace ${workspaceId}`);
    if (integration.status !== 'pending') throw adminError('conflict', `Integration ${id} is ${integration.status}, not pending`);
    return integration;
  };

  app.post('/integrations/:id/complete', {
    schema: {
      hide: true,
      params: idParams,
      querystring: workspaceQuery,
      // An unticked checkbox sends nothing, so a form without fields arrives without a body.
      body: z.object({ ereceipt: z.literal('on').optional() }).strict().nullish(),
    },
    handler: async (request, reply) => {
      const { workspace } = request.query;
      const integration = integrationOf(workspace, request.params.id);
      const store = rulrr.merchants.firstStore(workspace);
      if (!store) throw adminError('not_found', `Workspace ${workspace} has no Rulrr store to connect`);
      if (!rulrr.flow.finish(integration, store.storeId, request.body?.ereceipt === 'on')) {
        throw adminError('conflict', `Integration ${integration.id} is no longer pending`);
      }
      return backToPanel(reply, workspace, INTEGRATIONS_PANEL);
    },
  });

  app.post('/integrations/:id/cancel', {
    schema: { hide: true, params: idParams, querystring: workspaceQuery },
    handler: async (request, reply) => {
      const { workspace } = request.query;
      const integration = integrationOf(workspace, request.params.id);
      if (!rulrr.flow.cancel(integration)) throw adminError('conflict', `Integration ${integration.id} is no longer pending`);
      return backToPanel(reply, workspace, INTEGRATIONS_PANEL);
    },
  });
};
