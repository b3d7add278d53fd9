import fp from 'fastify-plugin';
import { OutboxTable } from '../outbox/outbox-table.js';

declare module 'fastify' {
  interface FastifyInstance {
    outbox: OutboxTable;
  }
}

/**
 * The outbox (SMS, events), one table object for the APIs that write to it and the admin routes
 * that read it: it counts what it added per workspace to know when to trim (SANDBOX_OUTBOX_LIMIT).
 */
export const outboxPlugin = fp<{ limit: number }>(
  async (app, { limit }) => {
    app.decorate('outbox', new OutboxTable(app.db, limit));
  },
  { name: 'outbox', dependencies: ['database'] },
);
