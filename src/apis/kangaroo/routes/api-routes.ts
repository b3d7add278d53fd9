import type { FastifyPluginAsync } from 'fastify';
import type { KangarooServices } from '../services.js';
import { apiGuard } from './api-guard.js';
import { branchRoutes } from './branch-routes.js';
import { catalogRoutes } from './catalog-routes.js';
import { customerRoutes } from './customer-routes.js';
import { integrationRoutes } from './integration-routes.js';
import { loyaltyRoutes } from './loyalty-routes.js';

/** /api/v1: every call behind the guard (token, application key, rate limit, Accept). */
export const apiRoutes: FastifyPluginAsync<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  await app.register(apiGuard, { kangaroo });
  await app.register(branchRoutes, { kangaroo });
  await app.register(integrationRoutes, { kangaroo });
  await app.register(loyaltyRoutes, { kangaroo });
  await app.register(catalogRoutes, { kangaroo });
  await app.register(customerRoutes, { kangaroo });
};
