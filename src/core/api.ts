import type { FastifyPluginAsync } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { PublicUrls } from '../lib/public-url.js';
import type { OutboxTable } from '../outbox/outbox-table.js';
import type { WorkspaceClocks } from '../workspaces/clocks.js';
import type { ApiDashboard } from './dashboard.js';
import type { ErrorRenderer, RenderedError } from './error-envelope.js';
import type { SnapshotRows } from './snapshot-rows.js';

/** What every API's services are built from: the shared infrastructure, created once per app. */
export interface CoreServices {
  /** The sandbox's configuration, for settings one API reads (Kangaroo's rate limit). */
  config: Config;
  db: Database;
  clocks: WorkspaceClocks;
  outbox: OutboxTable;
  /** Where links the sandbox hands out point (SANDBOX_PUBLIC_URL, or a host known to be this machine). */
  links: PublicUrls;
  /** Called with a workspace's id when it is deleted or reset: drop what is cached for it. */
  onWorkspaceRemoved(listener: (workspaceId: string) => void): void;
}

/**
 * One API's part of a workspace (CONTRACT §1a): its credentials and its seeded world.
 * `Fixtures` are read and validated once at start; `Credentials` are what the workspace's admin
 * body shows under the API's name (and are stored, so a reset reseeds with the same ones).
 */
export interface ApiWorkspacePart<Fixtures, Credentials> {
  /** Describes `Credentials` in the admin API's OpenAPI document. */
  credentialsSchema: z.ZodType<Credentials>;
  /** Reads and validates the API's fixture files. Called once, at start. */
  readFixtures(fixturesDir: string): Fixtures;
  /** One-off asynchronous work on the fixtures before the first seed (e.g. password hashes), memoised. */
  prepareFixtures?(fixtures: Fixtures): Promise<void>;
  /** The demo workspace's credentials are the fixtures' own; any other workspace's are minted, carrying its id. */
  credentials(workspaceId: string, fixtures: Fixtures): Credentials;
  /** Inserts the API's fixtures into a workspace, inside the caller's transaction; returns counts for the report. */
  seed(db: Database, workspace: { id: string; credentials: Credentials }, fixtures: Fixtures, now: Date): Record<string, number>;
  /**
   * A snapshot is being restored under a new workspace id, because its own id is taken here:
   * rewrite the API's rows (its tables, and its messages in the shared ones, in place) so that
   * nothing collides with the original — credentials that carry the workspace id are minted
   * again, other values unique across workspaces replaced — and return the new credentials.
   * Without it, such a restore of a snapshot holding this API's state is refused (409).
   */
  rekey?(rows: SnapshotRows, to: { id: string }, from: { id: string; credentials: Credentials }): Credentials;
}

/**
 * What the app needs to know about one emulated API: where it lives, which vendor hosts map to
 * it (CONTRACT §2), how it answers failures, its OpenAPI document's parts, its services (built
 * once, shared by its routes, its admin routes and its dashboard panels), and its part of every
 * workspace.
 */
export interface EmulatedApi<Services = unknown, Fixtures = unknown, Credentials = unknown> {
  name: string;
  title: string;
  description: string;
  prefix: string;
  /** Vendor host name → the sandbox path a request to that host is served at. */
  hosts: Record<string, (path: string) => string>;
  /** The API's error envelope, for its own failures and for Fastify's framework errors alike. */
  renderError: ErrorRenderer;
  /**
   * The API's answer when a fault injects an error status (CONTRACT §6), in its own envelope with
   * the code it would use for that status (`path`, as received, for an API with more than one
   * envelope). Without it, `renderError` words a generic failure.
   */
  injectedError?(status: number, message: string, path: string): RenderedError;
  openapi: {
    securitySchemes?: Record<string, OpenAPIV3.SecuritySchemeObject>;
    tags?: OpenAPIV3.TagObject[];
    /** Where the real service lives, listed after the sandbox in `servers`. */
    vendorServers?: OpenAPIV3.ServerObject[];
  };
  createServices(core: CoreServices): Services;
  plugin: FastifyPluginAsync<{ services: Services }>;
  adminRoutes?: FastifyPluginAsync<{ services: Services }>;
  /** Its panels on the dashboard (/__admin/ui) and the routes of their buttons. */
  dashboard?: ApiDashboard<Services>;
  workspace: ApiWorkspacePart<Fixtures, Credentials>;
}

/** Keeps an API's own types inside its definition while the app holds every API alike. */
export function defineApi<Services, Fixtures, Credentials>(
  api: EmulatedApi<Services, Fixtures, Credentials>,
): EmulatedApi {
  return api as unknown as EmulatedApi;
}
