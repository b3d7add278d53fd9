import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { configSchema, type ConfigInput } from '../../src/config.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures', import.meta.url));

/**
 * A real app on a throw-away in-memory database, seeded from the shipped fixtures. Kangaroo's
 * rate limit is off unless a test turns it on (a dedicated test does).
 */
export async function buildTestApp(overrides: ConfigInput = {}): Promise<FastifyInstance> {
  const config = configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR, logLevel: 'silent', kangarooRateLimit: 'off', ...overrides });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  return app;
}

export const DEMO_CLIENT = { client_id: 'pos-demo', client_secret: 'pos-demo-secret' } as const;
export const DEMO_MERCHANT = { email: 'owner@demo-store.test', password: 'demo1234' } as const;
export const DEMO_STORE_ID = 'store-demo-downtown';

export function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}
