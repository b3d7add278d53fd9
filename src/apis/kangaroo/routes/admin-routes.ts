import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../../../core/admin-errors.js';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { branchLink } from '../schemas/integrations.js';
import { customer } from '../schemas/loyalty.js';
import type { KangarooServices } from '../services.js';

const TAGS = ['Admin · Kangaroo'];

const rateLimitSettings = z
  .object({
    requestsPerMinute: z.int().describe('Requests per minute per access token.'),
    enabled: z.boolean(),
  })
  .meta({ id: 'AdminKangarooRateLimit' });

const rateLimitChange = z
  .object({
    requestsPerMinute: z.int().min(1).max(1_000_000).optional().describe('Left out: unchanged.'),
    enabled: z.boolean().nullable().optional().describe('true or false for this workspace; null follows the sandbox (SANDBOX_KANGAROO_RATE_LIMIT); left out: unchanged.'),
  })
  .strict();

const linkParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** /__admin/kangaroo: rate limits, branch links on and off, and the customers' balances — in one workspace. */
export const kangarooAdminRoutes: FastifyPluginAsyncZod<{ services: KangarooServices }> = async (app, { services: kangaroo }) => {
  app.get('/rate-limit', {
    schema: {
      tags: TAGS,
      summary: "A workspace's Kangaroo rate limit, as in force",
      querystring: workspaceQuery,
      response: { 200: rateLimitSettings, 404: adminErrorResponse },
    },
    handler: async (request) => kangaroo.rateLimits.settingsOf(request.query.workspace),
  });

  app.put('/rate-limit', {
    schema: {
      tags: TAGS,
      summary: "Set a workspace's Kangaroo rate limit, or turn it on or off for that workspace",
      description: 'Counted per access token in fixed one-minute windows of real time, per sandbox process. Tests run with it off unless they turn it on here.',
      querystring: workspaceQuery,
      body: rateLimitChange,
      response: { 200: rateLimitSettings, 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => kangaroo.rateLimits.update(request.query.workspace, request.body),
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/branch-links/:id/${action}`, {
      schema: {
        tags: TAGS,
        summary: `${enabled ? 'Enable' : 'Disable'} a branch link`,
        description: 'Kangaroo documents no call for this. Calls naming a disabled link answer 422 `The selected branch link id is disabled.`',
        params: linkParams,
        querystring: workspaceQuery,
        response: { 200: branchLink, 400: adminErrorResponse, 404: adminErrorResponse },
      },
      handler: async (request) => {
        const link = kangaroo.integrations.setBranchLinkEnabled(request.query.workspace, request.params.id, enabled);
        if (!link) throw adminError('not_found', `No branch link ${request.params.id} in workspace ${request.query.workspace}`);
        return link;
      },
    });
  }

  app.get('/customers', {
    schema: {
      tags: TAGS,
      summary: "A workspace's Kangaroo customers with their points balances, oldest first",
      querystring: workspaceQuery.extend({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: z.object({ customers: z.array(customer), total: z.int() }), 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace, limit, offset } = request.query;
      return kangaroo.customers.list(workspace, limit, offset);
    },
  });
};
