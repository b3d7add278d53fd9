import fp from 'fastify-plugin';
import { DeliveryTable } from '../webhooks/delivery-table.js';
import { DeliveryWorker } from '../webhooks/delivery-worker.js';
import type { DeliveryPolicy } from '../webhooks/delivery-policy.js';
import { WebhookTable } from '../webhooks/webhook-table.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhookTable;
    webhookDeliveries: DeliveryTable;
  }
}

/**
 * Webhooks: their tables, and the background worker that delivers events. The worker runs only
 * while the app listens, so the CLI's one-off commands (seed, reset, openapi) never deliver.
 */
export const webhooksPlugin = fp<{ policy: DeliveryPolicy }>(
  async (app, { policy }) => {
    const deliveries = new DeliveryTable(app.db);
    const worker = new DeliveryWorker(deliveries, policy, app.log);
    app.decorate('webhooks', new WebhookTable(app.db));
    app.decorate('webhookDeliveries', deliveries);
    app.addHook('onListen', async () => worker.start());
    // Before the database closes: open attempts are cut short and recorded.
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'webhooks', dependencies: ['database'] },
);
