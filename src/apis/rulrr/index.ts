import type { FastifyPluginAsync } from 'fastify';
import { defineApi } from '../../core/api.js';
import { errorHandlerFor, notFoundHandlerFor } from '../../core/error-handlers.js';
import { renderRulrrError, rulrrInjectedError } from './errors.js';
import { rulrrWorkspace } from './fixtures.js';
import { RULRR_PREFIX } from './prefix.js';
import { rulrrPanels } from './pages/dashboard-panels.js';
import { rulrrAdminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { rulrrDashboardRoutes } from './routes/dashboard-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { partnerRoutes } from './routes/partner-routes.js';
import { uploadRoutes } from './routes/upload-routes.js';
import { createRulrrServices, type RulrrServices } from './services.js';

/**
 * LIMITATIONS (say so in the README too): Rulrr's public docs stop at the four OAuth steps and
 * the list of partner endpoints. The refresh call's body, the customers-list format, the order
 * body, the error codes and wording, and the hosted e-receipt page are the sandbox's design.
 */
const rulrrPlugin: FastifyPluginAsync<{ services: RulrrServices }> = async (app, { services: rulrr }) => {
  app.setErrorHandler(errorHandlerFor(renderRulrrError, 'Rulrr'));
  app.setNotFoundHandler(notFoundHandlerFor(renderRulrrError, 'Rulrr'));
  app.decorateRequest('rulrrConnection', null);

  await app.register(authRoutes, { rulrr });
  await app.register(partnerRoutes, { rulrr });
  await app.register(uploadRoutes, { rulrr });
  await app.register(pageRoutes, { rulrr });
};

export const rulrrApi = defineApi({
  name: 'rulrr',
  title: 'Rulrr POS integration (pos-sandbox)',
  description:
    "Emulates Rulrr's POS integration API: the OAuth-style integration flow (STEPS 1–4), the Rulrr-Connect page, and the partner endpoints. Shapes the public docs do not show are marked sandbox-defined.",
  prefix: RULRR_PREFIX,
  hosts: {
    'api.rulrr.com': (path) => `${RULRR_PREFIX}${path}`,
    // connect.rulrr.com/ is the Connect page; its API paths are served there too.
    'connect.rulrr.com': (path) =>
      /^\/(v1|uploads|receipts)(\/|$)/.test(path) ? `${RULRR_PREFIX}${path}` : `${RULRR_PREFIX}/connect${path === '/' ? '' : path}`,
  },
  renderError: renderRulrrError,
  injectedError: rulrrInjectedError,
  openapi: {
    securitySchemes: {
      accessTokenQuery: { type: 'apiKey', in: 'query', name: 'access_token', description: 'Rulrr access token (STEP 4)' },
      bearer: { type: 'http', scheme: 'bearer', description: 'The same access token as a bearer header' },
    },
    tags: [
      { name: 'OAuth flow', description: 'STEPS 1, 2 and 4 of the integration, and refresh' },
      { name: 'Rulrr-Connect', description: 'STEP 3: the hosted page the POS shows in an iframe' },
      { name: 'Stores' },
      { name: 'Customers' },
      { name: 'Orders' },
      { name: 'E-receipts' },
    ],
    vendorServers: [{ url: 'https://api.rulrr.com', description: 'the real Rulrr API' }],
  },
  createServices: createRulrrServices,
  plugin: rulrrPlugin,
  adminRoutes: rulrrAdminRoutes,
  dashboard: { panels: rulrrPanels, actions: rulrrDashboardRoutes },
  workspace: rulrrWorkspace,
});
