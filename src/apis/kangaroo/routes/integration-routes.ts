import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse } from '../schemas/error-bodies.js';
import { branchLink, branchLinkList, createBranchLinkBody, createIntegrationBody, integration, integrationParams } from '../schemas/integrations.js';
import type { KangarooServices } from '../services.js';
import { callerOf } from './api-guard.js';
import { security, withBody, withParameters } from './responses.js';

/** The seed tutorial's steps 3 and 4: create an integration, link a shop to a virtual branch. */
export const integrationRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  app.post('/integrations', {
    schema: {
      tags: ['Integrations'],
      summary: 'Create an integration ({name, type: 1})',
      description:
        'Documented: the body `{name, type}` and that the answer includes `integration_id`. The rest of the answer (the core Integration object\'s fields), the 201 status and `is_ecom` in the body (an e-commerce integration, whose branch links need `store_domain`) are the sandbox\'s.',
      security,
      body: createIntegrationBody,
      response: { 201: integration, ...withBody },
    },
    handler: async (request, reply) =>
      reply.code(201).send(kangaroo.integrations.createIntegration(callerOf(request).workspaceId, request.body)),
  });

  app.post('/branch-links', {
    schema: {
      tags: ['Branch links'],
      summary: 'Link a shop of the integration to a virtual branch; the answer\'s id is the branch_link_id',
      description:
        'The tutorial\'s rules, each a 422 field map: an unknown integration or branch, a branch that is not virtual, a `shop_id` the integration already linked, `store_domain` missing for an e-commerce integration (`is_ecom`), missing fields. The wording of those messages and the 201 status are the sandbox\'s.',
      security,
      body: createBranchLinkBody,
      response: { 201: branchLink, ...withBody },
    },
    handler: async (request, reply) => reply.code(201).send(kangaroo.integrations.linkBranch(callerOf(request).workspaceId, request.body)),
  });

  app.get('/integrations/:id/branch-links', {
    schema: {
      tags: ['Branch links'],
      summary: "An integration's branch links, in id order",
      security,
      params: integrationParams,
      response: { 200: branchLinkList, 404: errorResponse.describe('`Integration not found`: the business has no such integration.'), ...withParameters },
    },
    handler: async (request) => kangaroo.integrations.branchLinksOf(callerOf(request).workspaceId, request.params.id),
  });
};
