import type { FastifyPluginAsync } from 'fastify';
import type { EmulatedApi } from '../apis/api.js';
import { secretsEqual } from '../lib/secrets.js';
import { coreAdminRoutes } from './core-routes.js';
import { adminError, adminErrorHandler, adminNotFoundHandler } from './errors.js';

export interface AdminOptions {
  apis: EmulatedApi[];
  adminToken: string | undefined;
  version: string;
  startedAt: number;
}

/** /__admin: the sandbox's control API, apart from the emulated ones (CONTRACT §6). */
export const adminPlugin: FastifyPluginAsync<AdminOptions> = async (app, { apis, adminToken, version, startedAt }) => {
  app.setErrorHandler(adminErrorHandler);
  app.setNotFoundHandler(adminNotFoundHandler);
  // JSON only: a text/plain body (what fetch sends for a string) answers 415 with a hint instead
  // of reaching the schema as a string.
  app.removeContentTypeParser('text/plain');

  if (adminToken) {
    app.addHook('onRequest', async (request) => {
      // Health reveals nothing, and container healthchecks carry no token.
      if (request.routeOptions.url === `${app.prefix}/health`) return;
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!presented || !secretsEqual(presented, adminToken)) throw adminError('unauthorized');
    });
  }

  await app.register(coreAdminRoutes, { version, startedAt });
  for (const api of apis) {
    if (api.adminRoutes) await app.register(api.adminRoutes, { prefix: `/${api.name}` });
  }
};
