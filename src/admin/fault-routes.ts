import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';
import { workspaceQuery } from '../core/admin-workspace.js';
import { faultRequest, faultView } from '../faults/fault-schemas.js';
import { WORKSPACE_ID_PATTERN } from '../workspaces/workspace-ids.js';

const TAGS = ['Admin · Faults'];

/** /__admin/faults (CONTRACT §6): make matching calls of a workspace fail on purpose. */
export const faultRoutes: FastifyPluginAsyncZod<{ apiNames: string[] }> = async (app, { apiNames }) => {
  app.post('/faults', {
    schema: {
      tags: TAGS,
      summary: 'Inject a fault into matching calls of a workspace',
      description: [
        'Matching calls (API, method, path pattern with `*`) get an error `status` in the API\'s own error body, a `delayMs`, a dropped connection (`drop`) or a body cut in half (`malformed`: the API runs, its answer does not parse).',
        'With `probability`, each matching call draws from a sequence the `seed` fixes: the same seed hits the same calls in every run. `times`: the fault expires after that many hits.',
        "A fault applies once the API has accepted the call's credential and parameters, just before it handles the call; answers carry `X-Sandbox-Fault: <id>`. Faults live in the database: every process sharing it applies them, and `times` counts hits across all of them.",
      ].join('\n\n'),
      querystring: z.object({
        workspace: z.string().regex(WORKSPACE_ID_PATTERN, 'must be "demo" or a workspace id such as ws0123456789').optional(),
      }),
      body: faultRequest,
      response: { 201: faultView, 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request, reply) => {
      const { workspace: inBody, ...definition } = request.body;
      const inQuery = request.query.workspace;
      if (inBody !== undefined && inQuery !== undefined && inBody !== inQuery) {
        throw adminError('invalid_request', 'The workspace is named twice, differently: in the body and as ?workspace=');
      }
      const workspace = inBody ?? inQuery ?? 'demo';
      if (!WORKSPACE_ID_PATTERN.test(workspace) || !app.workspaces.exists(workspace)) {
        throw adminError('not_found', `No workspace ${JSON.stringify(workspace)}`);
      }
      if (definition.api !== undefined && !apiNames.includes(definition.api)) {
        throw adminError('invalid_request', `api must be one of ${apiNames.join(', ')}`);
      }
      return reply.code(201).send(app.faults.create(workspace, definition, new Date()));
    },
  });

  app.get('/faults', {
    schema: {
      tags: TAGS,
      summary: "A workspace's faults, oldest first, with their hits and remaining counts",
      querystring: workspaceQuery,
      response: { 200: z.object({ faults: z.array(faultView) }), 404: adminErrorResponse },
    },
    handler: async (request) => ({ faults: app.faults.list(request.query.workspace) }),
  });

  app.delete('/faults', {
    schema: {
      tags: TAGS,
      summary: "Remove every fault of a workspace (a workspace reset brings back the fixtures' ones)",
      querystring: workspaceQuery,
      response: { 200: z.object({ deleted: z.number() }), 404: adminErrorResponse },
    },
    handler: async (request) => ({ deleted: app.faults.clear(request.query.workspace) }),
  });

  app.delete('/faults/:id', {
    schema: {
      tags: TAGS,
      summary: 'Remove one fault',
      params: z.object({ id: z.coerce.number().int().min(1) }),
      querystring: workspaceQuery,
      response: { 200: z.object({ id: z.number(), deleted: z.literal(true) }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      if (!app.faults.delete(request.query.workspace, request.params.id)) {
        throw adminError('not_found', `No fault ${request.params.id} in workspace ${request.query.workspace}`);
      }
      return { id: request.params.id, deleted: true as const };
    },
  });
};
