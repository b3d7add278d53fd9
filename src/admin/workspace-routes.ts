import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';
import type { EmulatedApi } from '../core/api.js';
import { SnapshotError } from '../core/snapshot-rows.js';
import { InvalidDurationError } from '../lib/iso-duration.js';
import { SNAPSHOT_BODY_LIMIT, workspaceSnapshot } from '../snapshots/snapshot-document.js';
import { UnknownWorkspaceError } from '../workspaces/clocks.js';
import { WORKSPACE_ID_PATTERN } from '../workspaces/workspace-ids.js';
import { DemoWorkspaceError, InvalidTtlError, WorkspaceLimitError } from '../workspaces/workspace-service.js';
import { clockState } from './core-routes.js';

const TAGS = ['Admin · Workspaces'];

const idParams = z.object({
  id: z.string().regex(WORKSPACE_ID_PATTERN, 'must be "demo" or a workspace id such as ws0123456789'),
});

const newWorkspace = z
  .object({
    name: z.string().trim().min(1).max(100).optional().describe("A label, e.g. the CI job; defaults to the id (or the snapshot's name)."),
    ttl: z
      .string()
      .max(40)
      .optional()
      .describe('ISO 8601 duration of real time, at least PT1M: the workspace is deleted once unused this long.'),
    snapshot: workspaceSnapshot
      .optional()
      .describe(
        'Recreate a workspace from GET /__admin/workspaces/{id}/snapshot: under its own id and credentials when that id is free here, else under a new id with new credentials.',
      ),
  })
  .strict();

/** Workspace failures in the admin envelope: unknown → 404, deleting demo or one too many → 409, a bad ttl → 400. */
function adminFailure(error: unknown): never {
  if (error instanceof UnknownWorkspaceError) throw adminError('not_found', error.message);
  if (error instanceof InvalidDurationError) throw adminError('invalid_request', `ttl: ${error.message}`);
  if (error instanceof DemoWorkspaceError) throw adminError('conflict', error.message);
  if (error instanceof InvalidTtlError) throw adminError('invalid_request', error.message);
  if (error instanceof WorkspaceLimitError) throw adminError('too_many_workspaces', error.message);
  if (error instanceof SnapshotError) throw adminError(error.status === 409 ? 'conflict' : 'invalid_request', error.message);
  throw error;
}

/** /__admin/workspaces (CONTRACT §1a, §6): make, list, read, reset and delete isolated workspaces. */
export const workspaceRoutes: FastifyPluginAsyncZod<{ apis: EmulatedApi[]; version: string }> = async (app, { apis, version }) => {
  const workspace = z
    .object({
      id: z.string().describe('`demo`, or `ws` and ten characters; every credential of the workspace carries it.'),
      name: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().describe('Real time; recorded every few seconds while in use.'),
      ttl: z.string().nullable(),
      expiresAt: z.string().nullable().describe('When it is deleted unless used before (real time); null: kept.'),
      clock: clockState,
      ...Object.fromEntries(apis.map((api) => [api.name, api.workspace.credentialsSchema])),
      restored: z
        .object({
          from: z.string().describe("The snapshot's workspace id."),
          sameId: z.boolean().describe('false: that id was taken here, so the workspace got a new id and new credentials.'),
        })
        .optional()
        .describe('Only when made from a snapshot.'),
    })
    .meta({ id: 'AdminWorkspace' });
  const loaded = z.record(z.string(), z.record(z.string(), z.number()));

  app.post('/workspaces', {
    // A snapshot carries a whole workspace: this route alone takes more than the usual 1 MiB.
    bodyLimit: SNAPSHOT_BODY_LIMIT,
    schema: {
      tags: TAGS,
      summary: 'Make a fresh workspace from the fixtures (or from a snapshot), with its own credentials',
      description:
        'With `snapshot`, the workspace is recreated from it (bodies up to 32 MiB): same id and credentials when the id is free here, else a new id, new client credentials, and no tokens carried over. A snapshot from a newer schema version answers 400; 409 when its id is taken here and one of its APIs cannot move to a new id. 409 `too_many_workspaces` once SANDBOX_MAX_WORKSPACES workspaces besides demo exist (default 1000): delete one first.',
      body: newWorkspace.nullish(),
      response: { 201: workspace, 400: adminErrorResponse, 409: adminErrorResponse, 413: adminErrorResponse },
    },
    handler: async (request, reply) => {
      const { name, ttl, snapshot } = request.body ?? {};
      try {
        if (snapshot) {
          const restored = await app.workspaces.restore(snapshot, { name, ttl });
          return reply.code(201).send({ ...restored.workspace, restored: { from: snapshot.workspace.id, sameId: restored.sameId } });
        }
        return reply.code(201).send(await app.workspaces.create({ name, ttl }));
      } catch (error) {
        return adminFailure(error);
      }
    },
  });

  app.get('/workspaces/:id/snapshot', {
    schema: {
      tags: TAGS,
      summary: "Export a workspace's whole state as one JSON document",
      description:
        'Every row of every workspace table (journal and faults included unless `journal=false`), the clock offset and the credentials — it holds secrets. POST it to /__admin/workspaces as `{"snapshot": …}` to recreate the workspace here or in another sandbox.',
      params: idParams,
      querystring: z.object({
        journal: z.enum(['true', 'false']).default('true').describe('`false` leaves the request journal out.'),
      }),
      response: { 200: workspaceSnapshot, 404: adminErrorResponse },
    },
    handler: async (request, reply) => {
      try {
        // Calls answered a moment ago are part of the state.
        if (app.workspaces.exists(request.params.id)) app.journal.settle(request.params.id);
        const snapshot = app.workspaces.snapshot(request.params.id, { journal: request.query.journal === 'true', sandboxVersion: version });
        const day = snapshot.takenAt.slice(0, 10);
        return reply.header('content-disposition', `attachment; filename="pos-sandbox-${snapshot.workspace.id}-${day}.json"`).send(snapshot);
      } catch (error) {
        return adminFailure(error);
      }
    },
  });

  app.get('/workspaces', {
    schema: { tags: TAGS, summary: 'Every workspace, demo first', response: { 200: z.object({ workspaces: z.array(workspace) }) } },
    handler: async () => ({ workspaces: app.workspaces.list() }),
  });

  app.get('/workspaces/:id', {
    schema: { tags: TAGS, summary: 'One workspace', params: idParams, response: { 200: workspace, 404: adminErrorResponse } },
    handler: async (request) => {
      try {
        return app.workspaces.get(request.params.id);
      } catch (error) {
        return adminFailure(error);
      }
    },
  });

  app.delete('/workspaces/:id', {
    schema: {
      tags: TAGS,
      summary: 'Delete a workspace and everything in it (demo can be reset, not deleted)',
      params: idParams,
      response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }), 404: adminErrorResponse, 409: adminErrorResponse },
    },
    handler: async (request) => {
      try {
        app.workspaces.delete(request.params.id);
        return { id: request.params.id, deleted: true as const };
      } catch (error) {
        return adminFailure(error);
      }
    },
  });

  app.post('/workspaces/:id/reset', {
    schema: {
      tags: TAGS,
      summary: 'Wipe one workspace and reseed it from the fixtures: same id and credentials, real clock',
      params: idParams,
      response: { 200: z.object({ status: z.literal('reset'), loaded }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      try {
        return { status: 'reset' as const, loaded: await app.workspaces.reset(request.params.id) };
      } catch (error) {
        return adminFailure(error);
      }
    },
  });
};
