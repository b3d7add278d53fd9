import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ClockRangeError, type ClockState } from '../clock.js';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';
import { workspaceQuery } from '../core/admin-workspace.js';
import { schemaVersion } from '../db/database.js';
import { InvalidDurationError } from '../lib/iso-duration.js';
import type { WorkspaceClocks } from '../workspaces/clocks.js';
import { DEMO_WORKSPACE } from '../workspaces/workspace-ids.js';

export const clockState = z
  .object({
    now: z.string().describe("The workspace's sandbox time, which every API uses (ISO 8601)."),
    offsetMs: z.number().describe('How far the sandbox clock is from real time.'),
    real: z.boolean(),
  })
  .meta({ id: 'AdminClock' });

const clockMove = z.union([
  z.object({ advanceBy: z.string().max(100).describe('ISO 8601 duration, e.g. PT16M, P365D, -PT5M') }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }).describe('ISO 8601 instant') }).strict(),
]);

export type ClockMove = z.infer<typeof clockMove>;

/** Moves a workspace's clock as POST /__admin/clock does; a bad duration or instant is a 400 in the admin envelope. */
export function moveClock(clocks: WorkspaceClocks, workspaceId: string, move: ClockMove): ClockState {
  try {
    return 'advanceBy' in move ? clocks.advanceBy(workspaceId, move.advanceBy) : clocks.set(workspaceId, new Date(move.set));
  } catch (error) {
    if (error instanceof InvalidDurationError || error instanceof ClockRangeError) {
      throw adminError('invalid_request', error.message);
    }
    throw error;
  }
}

const outboxMessage = z.object({
  id: z.number(),
  api: z.string(),
  channel: z.string().describe('`sms` for e-receipts, `event` for events (README: Events)'),
  recipient: z.string().nullable(),
  body: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const TAGS = ['Admin'];
const loadedCounts = z.record(z.string(), z.record(z.string(), z.number())).describe('Per API, what the fixtures loaded.');

/** health, reset, clock and outbox: the controls every API shares (CONTRACT §6). */
export const coreAdminRoutes: FastifyPluginAsyncZod<{ version: string; startedAt: number }> = async (
  app,
  { version, startedAt },
) => {
  const { outbox } = app;
  // Migrations only run at start, so the schema version cannot change while serving.
  const migratedTo = schemaVersion(app.db);

  app.get('/health', {
    // Open: it reveals nothing, and image and compose healthchecks carry no token.
    config: { adminPublic: true },
    schema: {
      tags: TAGS,
      summary: 'Readiness (open even when SANDBOX_ADMIN_TOKEN is set)',
      response: {
        200: z.object({
          status: z.literal('ok'),
          version: z.string(),
          uptimeSeconds: z.number(),
          now: z.string().describe("The demo workspace's sandbox time."),
          schemaVersion: z.number(),
          seededAt: z.string().nullable(),
        }),
      },
    },
    handler: async () => ({
      status: 'ok' as const,
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      now: app.clocks.now(DEMO_WORKSPACE).toISOString(),
      schemaVersion: migratedTo,
      seededAt: app.workspaces.seededAt() ?? null,
    }),
  });

  app.post('/reset', {
    schema: {
      tags: TAGS,
      summary: 'Wipe every workspace and all state, reseed demo with the real clock',
      description: 'Other workspaces are deleted. To wipe one workspace only, POST /__admin/workspaces/{id}/reset.',
      response: { 200: z.object({ status: z.literal('reset'), loaded: loadedCounts }) },
    },
    handler: async () => ({ status: 'reset' as const, loaded: await app.workspaces.resetAll() }),
  });

  app.get('/clock', {
    schema: {
      tags: TAGS,
      summary: "Read a workspace's sandbox clock",
      querystring: workspaceQuery,
      response: { 200: clockState, 404: adminErrorResponse },
    },
    handler: async (request) => app.clocks.state(request.query.workspace),
  });

  app.post('/clock', {
    schema: {
      tags: TAGS,
      summary: "Move a workspace's sandbox clock",
      description:
        '`{"advanceBy": "PT16M"}` moves it by a duration; `{"set": "<ISO>"}` sets it. It keeps ticking afterwards. Other workspaces\' clocks do not move.',
      querystring: workspaceQuery,
      body: clockMove,
      response: { 200: clockState, 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => moveClock(app.clocks, request.query.workspace, request.body),
  });

  app.delete('/clock', {
    schema: {
      tags: TAGS,
      summary: 'Give a workspace back the real clock',
      querystring: workspaceQuery,
      response: { 200: clockState, 404: adminErrorResponse },
    },
    handler: async (request) => app.clocks.restore(request.query.workspace),
  });

  app.get('/outbox', {
    schema: {
      tags: TAGS,
      summary: "A workspace's captured outbound messages (e-receipt SMS, events), oldest first",
      description:
        'At most `limit` (default 1000) a call; pass the last `id` you saw as `after` for the next page. A workspace keeps its newest SANDBOX_OUTBOX_LIMIT messages (default 10000); older ones go first.',
      querystring: workspaceQuery.extend({
        api: z.string().max(40).optional(),
        channel: z.string().max(40).optional(),
        recipient: z.string().max(320).optional().describe('e.g. the phone number an SMS went to'),
        after: z.coerce.number().int().min(0).optional().describe('only messages with a larger id (paging)'),
        limit: z.coerce.number().int().min(1).max(1000).default(1000),
      }),
      response: { 200: z.object({ messages: z.array(outboxMessage) }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { limit, workspace, ...filter } = request.query;
      return { messages: outbox.list(workspace, filter, limit) };
    },
  });

  app.delete('/outbox', {
    schema: {
      tags: TAGS,
      summary: "Empty a workspace's outbox",
      querystring: workspaceQuery,
      response: { 200: z.object({ deleted: z.number() }), 404: adminErrorResponse },
    },
    handler: async (request) => ({ deleted: outbox.clear(request.query.workspace) }),
  });
};
