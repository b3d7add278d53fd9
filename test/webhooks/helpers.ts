import type { FastifyInstance } from 'fastify';
import type { ConfigInput } from '../../src/config.js';
import { buildTestApp, query } from '../helpers/build.js';

/** A real app on :memory: that listens, so its webhook worker runs; retries fast. */
export async function listeningApp(overrides: ConfigInput = {}): Promise<FastifyInstance> {
  const app = await buildTestApp({ webhookAttempts: 4, webhookBackoffMs: 50, webhookTimeoutMs: 1000, ...overrides });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

export function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}

export interface Registered {
  id: string;
  secret: string;
}

export async function registerWebhook(
  app: FastifyInstance,
  body: { url: string; events: string[]; description?: string },
  workspace = 'demo',
): Promise<Registered> {
  const response = await app.inject({ method: 'POST', url: `/__admin/webhooks?workspace=${workspace}`, payload: body });
  if (response.statusCode !== 201) throw new Error(`registering failed: ${response.statusCode} ${response.body}`);
  return response.json<Registered>();
}

export interface DeliveryView {
  id: number;
  event: { id: string; type: string; createdAt: string };
  status: 'pending' | 'delivering' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
  log: Array<{ attempt: number; startedAt: string; durationMs: number | null; statusCode: number | null; error: string | null; response: string | null }>;
}

export async function deliveriesOf(app: FastifyInstance, webhookId: string, workspace = 'demo'): Promise<DeliveryView[]> {
  const response = await app.inject({ method: 'GET', url: `/__admin/webhooks/${webhookId}/deliveries?workspace=${workspace}` });
  if (response.statusCode !== 200) throw new Error(`reading deliveries failed: ${response.statusCode} ${response.body}`);
  return response.json<{ deliveries: DeliveryView[] }>().deliveries;
}

/** Polls `read` until `done` holds for its value, or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RulrrClient {
  client_id: string;
  client_secret: string;
}

/** STEP 1 and the admin's complete: a finished integration of `client` in `workspace`; returns its token. */
export async function finishedIntegration(app: FastifyInstance, client: RulrrClient, workspace = 'demo', ereceipt = true): Promise<string> {
  const created = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ ...client })}` });
  const token = created.json<{ integrationToken: string }>().integrationToken;
  const completed = await app.inject({
    method: 'POST',
    url: `/__admin/rulrr/integrations/${token}/complete?workspace=${workspace}`,
    payload: { ereceipt },
  });
  if (completed.statusCode !== 200) throw new Error(`complete failed: ${completed.statusCode} ${completed.body}`);
  return token;
}
