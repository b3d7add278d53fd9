import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schemaVersion } from '../db/database.js';
import { ClockRangeError } from '../clock.js';
import { InvalidDurationError } from '../lib/iso-duration.js';
import { OutboxStore } from '../outbox/outbox-store.js';
import { adminError, adminErrorResponse } from './errors.js';

const clockState = z.object({
  now: z.string().describe('The sandbox time every API uses (ISO 8601).'),
  offsetMs: z.number().describe('How far the sandbox clock is from real time.'),
  real: z.boolean(),
});

const clockMove = z.union([
  z.object({ advanceBy: z.string().describe('ISO 8601 duration, e.g. PT16M, P365D, -PT5M') }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }).describe('ISO 8601 instant') }).strict(),
]);

const outboxMessage = z.object({
  id: z.number(),
  api: z.string(),
  channel: z.string().describe('`sms` for e-receipts'),
  recipient: z.string().nullable(),
  body: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** health, reset, clock and outbox: the controls every API shares (CONTRACT §6). */
export const coreAdminRoutes: FastifyPluginAsyncZod<{ version: string; startedAt: number }> = async (
  app,
  { version, startedAt },
) => {
  const outbox = new OutboxStore(app.db);
  // Migrations only run at start, so the schema version cannot change while serving.
  const migratedTo = schemaVersion(app.db);

  app.get('/health', {
    schema: {
      tags: ['Admin'],
      summary: 'Readiness',
      response: {
        200: z.object({
          status: z.literal('ok'),
          version: z.string(),
          uptimeSeconds: z.number(),
          now: z.string(),
          schemaVersion: z.number(),
          seededAt: z.string().nullable(),
        }),
      },
    },
    handler: async () => ({
      status: 'ok' as const,
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      now: app.clock.now().toISOString(),
      schemaVersion: migratedTo,
      seededAt: app.sandbox.seededAt() ?? null,
    }),
  });

  app.post('/reset', {
    schema: {
      tags: ['Admin'],
      summary: 'Wipe all state, give back the real clock, reload the fixtures',
      response: {
        200: z.object({ status: z.literal('reset'), loaded: z.record(z.string(), z.record(z.string(), z.number())) }),
      },
    },
    handler: async () => ({ status: 'reset' as const, loaded: app.sandbox.reset() }),
  });

  app.get('/clock', {
    schema: { tags: ['Admin'], summary: 'Read the sandbox clock', response: { 200: clockState } },
    handler: async () => app.clock.state(),
  });

  app.post('/clock', {
    schema: {
      tags: ['Admin'],
      summary: 'Move the sandbox clock',
      description: '`{"advanceBy": "PT16M"}` moves it by a duration; `{"set": "<ISO>"}` sets it. It keeps ticking afterwards.',
      body: clockMove,
      response: { 200: clockState, 400: adminErrorResponse },
    },
    handler: async (request) => {
      const move = request.body;
      try {
        if ('advanceBy' in move) app.clock.advanceBy(move.advanceBy);
        else app.clock.set(new Date(move.set));
      } catch (error) {
        if (error instanceof InvalidDurationError || error instanceof ClockRangeError) {
          throw adminError('invalid_request', error.message);
        }
        throw error;
      }
      return app.clock.state();
    },
  });

  app.delete('/clock', {
    schema: { tags: ['Admin'], summary: 'Give back the real clock', response: { 200: clockState } },
    handler: async () => {
      app.clock.restore();
      return app.clock.state();
    },
  });

  app.get('/outbox', {
    schema: {
      tags: ['Admin'],
      summary: 'Captured outbound messages (e-receipt SMS, events), oldest first',
      description: 'At most `limit` (default 1000) a call; pass the last `id` you saw as `after` for the next page.',
      querystring: z.object({
        api: z.string().optional(),
        channel: z.string().optional(),
        recipient: z.string().optional().describe('e.g. the phone number an SMS went to'),
        after: z.coerce.number().int().min(0).optional().describe('only messages with a larger id (paging)'),
        limit: z.coerce.number().int().min(1).max(1000).default(1000),
      }),
      response: { 200: z.object({ messages: z.array(outboxMessage) }) },
    },
    handler: async (request) => {
      const { limit, ...filter } = request.query;
      return { messages: outbox.list(filter, limit) };
    },
  });

  app.delete('/outbox', {
    schema: { tags: ['Admin'], summary: 'Empty the outbox', response: { 200: z.object({ deleted: z.number() }) } },
    handler: async () => ({ deleted: outbox.clear() }),
  });
};
