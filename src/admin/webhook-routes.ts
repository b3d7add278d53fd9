import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';
import { workspaceQuery } from '../core/admin-workspace.js';
import { writeTransaction } from '../db/database.js';
import type { DeliveryLogEntry } from '../webhooks/delivery-table.js';

const TAGS = ['Admin · Webhooks'];
/** Enough for every receiver a test suite runs; a loop that registers without end stops here. */
const MAX_WEBHOOKS_PER_WORKSPACE = 20;

const eventType = z
  .string()
  .min(1)
  .max(100)
  // Dot-separated segments: no two ways to match one string, so the check is linear.
  .regex(/^(?:\*|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)$/, 'must be "*" or a dotted event type such as rulrr.integration.finished');

const newWebhook = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(2048)
      .describe('Where events are POSTed: an http:// or https:// URL.'),
    events: z
      .array(eventType)
      .min(1)
      .max(50)
      .describe('The event types to receive (README: Events), e.g. `rulrr.integration.finished`; `*` for every type.'),
    description: z.string().trim().max(200).optional(),
  })
  .strict();

const webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    createdAt: z.string().describe('Real time.'),
  })
  .meta({ id: 'AdminWebhook' });

const registeredWebhook = webhook
  .extend({
    secret: z
      .string()
      .describe(
        'Shown this once. Each delivery carries `Pos-Sandbox-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with this secret>`.',
      ),
  })
  .meta({ id: 'AdminRegisteredWebhook' });

const attempt = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().nullable().describe('null while the attempt is open, or when its process stopped before it ended'),
  statusCode: z.number().int().nullable().describe("The receiver's status, or null when it gave none"),
  error: z.string().nullable().describe('Why the attempt failed; null for a 2xx'),
  response: z.string().nullable().describe("The first 1 KiB of the receiver's answer"),
});

const delivery = z
  .object({
    id: z.number().int(),
    event: z.object({ id: z.string(), type: z.string(), createdAt: z.string().describe("The workspace's sandbox time.") }),
    status: z
      .enum(['pending', 'delivering', 'succeeded', 'failed'])
      .describe('pending: waiting for its next attempt; delivering: an attempt is open; succeeded: a 2xx; failed: out of attempts'),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().describe('When a pending delivery is tried next (real time).'),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    log: z.array(attempt).describe('Every attempt, oldest first.'),
  })
  .meta({ id: 'AdminWebhookDelivery' });

const idParams = z.object({ id: z.string().min(1).max(100) });

function deliveryView(entry: DeliveryLogEntry): z.infer<typeof delivery> {
  const last = entry.log.at(-1);
  return {
    id: entry.id,
    event: entry.event,
    status: entry.state,
    attempts: entry.attempts,
    nextAttemptAt: entry.state === 'pending' && entry.dueAt !== null ? new Date(entry.dueAt).toISOString() : null,
    lastStatusCode: last?.statusCode ?? null,
    lastError: last?.error ?? null,
    createdAt: entry.createdAt,
    completedAt: entry.completedAt,
    log: entry.log,
  };
}

/** /__admin/webhooks: register receivers for a workspace's events, and read their delivery log. */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const unknownWebhook = (workspaceId: string, id: string) =>
    adminError('not_found', `No webhook ${JSON.stringify(id.slice(0, 60))} in workspace ${workspaceId}`);

  app.post('/webhooks', {
    schema: {
      tags: TAGS,
      summary: 'Register a webhook for some or all of a workspace\'s event types',
      description:
        'Every event recorded from now on whose type is listed (or any, with `*`) is POSTed to `url` as JSON `{id, type, createdAt, workspace, api, data}`, signed, and retried with exponential backoff until a 2xx. The secret is in this answer only.',
      querystring: workspaceQuery,
      body: newWebhook,
      response: { 201: registeredWebhook, 400: adminErrorResponse, 404: adminErrorResponse, 409: adminErrorResponse },
    },
    handler: async (request, reply) => {
      const { workspace } = request.query;
      const created = writeTransaction(app.db, () => {
        if (app.webhooks.count(workspace) >= MAX_WEBHOOKS_PER_WORKSPACE) {
          throw adminError('conflict', `A workspace has at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks; delete one first`);
        }
        return app.webhooks.add(workspace, request.body, new Date());
      });
      return reply.code(201).send(created);
    },
  });

  app.get('/webhooks', {
    schema: {
      tags: TAGS,
      summary: "A workspace's webhooks, oldest first (without their secrets)",
      querystring: workspaceQuery,
      response: { 200: z.object({ webhooks: z.array(webhook) }), 404: adminErrorResponse },
    },
    handler: async (request) => ({ webhooks: app.webhooks.list(request.query.workspace) }),
  });

  app.get('/webhooks/:id/deliveries', {
    schema: {
      tags: TAGS,
      summary: "A webhook's delivery log, newest first: each event's attempts, statuses and times",
      params: idParams,
      querystring: workspaceQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ deliveries: z.array(delivery) }), 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace, limit } = request.query;
      const { id } = request.params;
      if (!app.webhooks.get(workspace, id)) throw unknownWebhook(workspace, id);
      return { deliveries: app.webhookDeliveries.list(workspace, id, limit).map(deliveryView) };
    },
  });

  app.delete('/webhooks/:id', {
    schema: {
      tags: TAGS,
      summary: 'Delete a webhook: its pending deliveries are dropped, its log goes with it',
      params: idParams,
      querystring: workspaceQuery,
      response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }), 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace } = request.query;
      const { id } = request.params;
      if (!writeTransaction(app.db, () => app.webhooks.remove(workspace, id))) throw unknownWebhook(workspace, id);
      return { id, deleted: true as const };
    },
  });
};
