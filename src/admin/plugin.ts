import type { FastifyPluginAsync } from 'fastify';
import type { EmulatedApi } from '../core/api.js';
import { adminError, renderAdminError } from '../core/admin-errors.js';
import { errorHandlerFor, notFoundHandlerFor } from '../core/error-handlers.js';
import { tagWorkspace } from '../core/request-context.js';
import { secretsEqual } from '../lib/secrets.js';
import { WORKSPACE_ID_PATTERN } from '../workspaces/workspace-ids.js';
import { coreAdminRoutes } from './core-routes.js';
import { dashboardRoutes } from './dashboard/dashboard-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { faultRoutes } from './fault-routes.js';
import { journalRoutes } from './journal-routes.js';
import { tlsRoutes } from './tls-routes.js';
import { workspaceRoutes } from './workspace-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * An admin route open without SANDBOX_ADMIN_TOKEN and blind to `?workspace=`: what it answers
     * must reveal nothing about any workspace (health, the CA certificate, the dashboard's shell).
     */
    adminPublic?: boolean;
  }
}

export interface AdminOptions {
  apis: EmulatedApi[];
  /** Each API's services, built once by the app and shared with the API's own routes. */
  services: Map<string, unknown>;
  adminToken: string | undefined;
  version: string;
  startedAt: number;
}

/** /__admin: the sandbox's control API, apart from the emulated ones (CONTRACT §6). */
export const adminPlugin: FastifyPluginAsync<AdminOptions> = async (app, { apis, services, adminToken, version, startedAt }) => {
  app.setErrorHandler(errorHandlerFor(renderAdminError, 'the admin API'));
  app.setNotFoundHandler(notFoundHandlerFor(renderAdminError, 'admin'));
  // JSON only: a text/plain body (what fetch sends for a string) answers 415 with a hint instead
  // of reaching the schema as a string.
  app.removeContentTypeParser('text/plain');

  if (adminToken) {
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.adminPublic) return;
      const header = request.headers.authorization ?? '';
      const presented = header.length <= 1024 ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1] : undefined;
      if (!presented || !secretsEqual(presented, adminToken)) throw adminError('unauthorized');
    });
  }

  // `?workspace=` names an existing workspace, or the call answers 404 before any route runs —
  // before validation too, so a malformed id is an unknown workspace (404), not a bad request.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.adminPublic) return;
    const workspace = (request.query as { workspace?: unknown } | undefined)?.workspace;
    if (typeof workspace !== 'string') return;
    if (!WORKSPACE_ID_PATTERN.test(workspace) || !app.workspaces.exists(workspace)) {
      throw adminError('not_found', `No workspace ${JSON.stringify(workspace.slice(0, 60))}`);
    }
    tagWorkspace(request, workspace);
  });

  await app.register(coreAdminRoutes, { version, startedAt });
  await app.register(workspaceRoutes, { apis, version });
  await app.register(webhookRoutes);
  await app.register(journalRoutes, { apiNames: apis.map((api) => api.name) });
  await app.register(faultRoutes, { apiNames: apis.map((api) => api.name) });
  await app.register(tlsRoutes);
  await app.register(dashboardRoutes, { prefix: '/ui', apis, services, tokenRequired: adminToken !== undefined, version });
  for (const api of apis) {
    if (api.adminRoutes) await app.register(api.adminRoutes, { prefix: `/${api.name}`, services: services.get(api.name) });
  }
};
