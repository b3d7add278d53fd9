import type { FastifyPluginAsync } from 'fastify';
import { defineApi } from '../../core/api.js';
import { errorHandlerFor, notFoundHandlerFor } from '../../core/error-handlers.js';
import { failureFor } from '../../core/injected-error.js';
import { kangarooErrorForStatus, kangarooErrorRenderer, kangarooTokenErrorRenderer } from './errors.js';
import { kangarooWorkspace } from './fixtures.js';
import { kangarooPanels } from './pages/dashboard-panels.js';
import { kangarooAdminRoutes } from './routes/admin-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { kangarooDashboardRoutes } from './routes/dashboard-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { createKangarooServices, type KangarooServices } from './services.js';

export const KANGAROO_PREFIX = '/kangaroo';

/**
 * LIMITATIONS (the README says so too): Kangaroo documents the OAuth grants, branches,
 * integrations and branch links; the calls keyed by branch_link_id (sales, transactions,
 * offers, redemptions), the customer reads, the token errors, the 429 body and the bodies of
 * POST /integrations and GET /branches are the sandbox's model, on the core API's shapes
 * (docs/kangaroo-model.md). Coupons, gift cards, referrals, tiers, webhooks and the product
 * catalog calls are not modelled.
 */
const kangarooPlugin: FastifyPluginAsync<{ services: KangarooServices }> = async (app, { services: kangaroo }) => {
  app.setErrorHandler(errorHandlerFor(kangarooErrorRenderer, 'Kangaroo'));
  app.setNotFoundHandler(notFoundHandlerFor(kangarooErrorRenderer, 'Kangaroo'));
  await app.register(tokenRoutes, { kangaroo });
  await app.register(apiRoutes, { prefix: '/api/v1', kangaroo });
};

export const kangarooApi = defineApi({
  name: 'kangaroo',
  title: 'Kangaroo Rewards integrations API (pos-sandbox)',
  description:
    "Emulates Kangaroo Rewards' integrations API: OAuth2 tokens, branches, integrations and branch links as documented, and the sales, transactions, offers and redemptions keyed by branch_link_id as the sandbox models them on Kangaroo's core API (each such call says so).",
  prefix: KANGAROO_PREFIX,
  hosts: {
    'integrations.kangarooapis.com': (path) => `${KANGAROO_PREFIX}${path}`,
  },
  renderError: kangarooErrorRenderer,
  // The token endpoint answers in OAuth2's envelope, the API in Kangaroo's.
  injectedError: (status, message, path) =>
    path.endsWith('/oauth/token')
      ? { ...kangarooTokenErrorRenderer(failureFor(status, message), undefined), status }
      : kangarooErrorForStatus(status, message),
  openapi: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An access token from POST /oauth/token' },
      applicationKey: { type: 'apiKey', in: 'header', name: 'X-Application-Key', description: "The business's application key" },
    },
    tags: [
      { name: 'OAuth', description: 'Access tokens: client_credentials, password, refresh_token' },
      { name: 'Branches' },
      { name: 'Integrations', description: 'The seed tutorial, step 3' },
      { name: 'Branch links', description: 'The seed tutorial, step 4: a shop linked to a virtual branch' },
      { name: 'Sales', description: "The sandbox's model" },
      { name: 'Transactions', description: "The sandbox's model, on the core API's transactions" },
      { name: 'Offers', description: "The sandbox's model" },
      { name: 'Redemptions', description: "The sandbox's model, on the core API's redemption catalog" },
      { name: 'Customers', description: "The core API's customer reads, served here by the sandbox" },
    ],
    vendorServers: [{ url: 'https://integrations.kangarooapis.com', description: 'the real Kangaroo Rewards integrations API' }],
  },
  createServices: createKangarooServices,
  plugin: kangarooPlugin,
  adminRoutes: kangarooAdminRoutes,
  dashboard: { panels: kangarooPanels, actions: kangarooDashboardRoutes },
  workspace: kangarooWorkspace,
});
