import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';

export interface ApiPluginOptions {
  clock: Clock;
}

/**
 * What the app needs to know about one emulated API: where it lives, which vendor hosts map to
 * it (CONTRACT §2), how to load its fixtures, and its control routes under /__admin.
 */
export interface EmulatedApi {
  name: string;
  title: string;
  description: string;
  prefix: string;
  /** Vendor host name → the sandbox path a request to that host is served at. */
  hosts: Record<string, (path: string) => string>;
  plugin: FastifyPluginAsync;
  adminRoutes?: FastifyPluginAsync;
  loadFixtures(db: Database, clock: Clock, fixturesDir: string): Record<string, number>;
}
