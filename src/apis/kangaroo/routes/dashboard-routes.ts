import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError } from '../../../core/admin-errors.js';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { backToPanel } from '../../../core/dashboard.js';
import { BRANCH_LINKS_PANEL } from '../pages/dashboard-panels.js';
import type { KangarooServices } from '../services.js';

const linkParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** The dashboard's Enable and Disable buttons on branch links (form posts under /__admin/ui/kangaroo). */
export const kangarooDashboardRoutes: FastifyPluginAsyncZod<{ services: KangarooServices }> = async (app, { services: kangaroo }) => {
  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/branch-links/:id/${action}`, {
      schema: { hide: true, params: linkParams, querystring: workspaceQuery },
      handler: async (request, reply) => {
        const { workspace } = request.query;
        if (!kangaroo.integrations.setBranchLinkEnabled(workspace, request.params.id, enabled)) {
          throw adminError('not_found', `No branch link ${request.params.id} in workspace ${workspace}`);
        }
        return backToPanel(reply, workspace, BRANCH_LINKS_PANEL);
      },
    });
  }
};
