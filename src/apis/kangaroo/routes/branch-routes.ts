import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { branchList } from '../schemas/branches.js';
import { paginationQuery } from '../schemas/common.js';
import type { KangarooServices } from '../services.js';
import { callerOf } from './api-guard.js';
import { security, withParameters } from './responses.js';

export const branchRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  app.get('/branches', {
    schema: {
      tags: ['Branches'],
      summary: "The business's branches; integrations link to the ones with virtual_branch_flag true",
      description:
        'Documented: `virtual_branch_flag`. The other fields are Kangaroo\'s Branch model less images and phone; the `cursor`/`meta` block is the core collections\' (the sandbox\'s choice: the docs show only `data`).',
      security,
      querystring: paginationQuery,
      response: { 200: branchList, ...withParameters },
    },
    handler: async (request) => kangaroo.branches.list(callerOf(request).workspaceId, request.query),
  });
};
