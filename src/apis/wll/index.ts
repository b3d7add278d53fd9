import type { FastifyPluginAsync } from 'fastify';
import { defineApi } from '../../core/api.js';
import { errorHandlerFor, notFoundHandlerFor } from '../../core/error-handlers.js';
import { renderWllError, renderWllStatus } from './errors.js';
import { WLL_API_VERSION, WLL_PREFIX } from './prefix.js';
import { wllAuthHook } from './request-auth.js';
import { wllPanels } from './pages/dashboard-panels.js';
import { wllAdminRoutes } from './routes/admin-routes.js';
import { jwksRoute } from './routes/jwks-route.js';
import { orderRoutes } from './routes/order-routes.js';
import { receiptRoutes } from './routes/receipt-routes.js';
import { ruleSetRoutes } from './routes/rule-set-routes.js';
import { createWllServices, type WllServices } from './services.js';
import { wllWorkspace } from './workspace-part.js';

/**
 * LIMITATIONS (the README says so too): the sandbox is the tenant's identity provider (tokens from
 * /__admin/wll/tokens), its "OCR" reads fixture files named by the picture URL, a receipt's
 * transactionId is its barcode, venueMatches compares the receipt's location with the workspace's
 * venues, and tenant settings, products and venues are configured through /__admin/wll. Event
 * payloads, the tenant in rule-set answers and the error messages are the sandbox's design.
 */
const wllPlugin: FastifyPluginAsync<{ services: WllServices }> = async (app, { services: wll }) => {
  app.setErrorHandler(errorHandlerFor(renderWllError, 'WLL'));
  app.setNotFoundHandler(notFoundHandlerFor(renderWllError, 'WLL'));
  app.decorateRequest('wllPrincipal', null);
  // WLL takes JSON only: a text/plain body is an unsupported media type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');

  await app.register(jwksRoute, { wll });
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', wllAuthHook(wll.auth, wll.clocks));
      await v1.register(receiptRoutes, { wll });
      await v1.register(orderRoutes, { wll });
      await v1.register(ruleSetRoutes, { wll });
    },
    { prefix: WLL_API_VERSION },
  );

  // Accepted async orders a stopped process left are made once this one serves; the ones this
  // process accepted are made before it closes.
  app.addHook('onReady', async () => wll.orders.start(app.log));
  app.addHook('onClose', async () => wll.orders.finish());
};

export const wllApi = defineApi({
  name: 'wll',
  title: 'WLL Receipts Core (pos-sandbox)',
  description:
    "Emulates White Label Loyalty's Receipts Core API: receipt claims (default and preparsed mode) with the automated reviewer, receipt reviews, O-Rison lists, the Transactions Rule Engine's rule sets, and orders. Every call needs the tenant's X-Api-Key; most a bearer token from POST /__admin/wll/tokens. Shapes the docs do not show are marked sandbox-defined.",
  prefix: WLL_PREFIX,
  hosts: { 'api.receipts.wlloyalty.net': (path) => `${WLL_PREFIX}${path}` },
  renderError: renderWllError,
  injectedError: (status, message) => renderWllStatus(status, message),
  openapi: {
    securitySchemes: {
      wllApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'The tenant API key: `wll-demo-key` in the demo workspace' },
      wllBearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A user or admin (scope admin:receipts) token, minted by POST /__admin/wll/tokens',
      },
    },
    tags: [
      { name: 'Receipts', description: 'Claims, the automated reviewer, reviews' },
      { name: 'Transactions Rule Engine', description: 'Rule sets the reviewer runs on each claim' },
      { name: 'Orders' },
      { name: 'Token issuer', description: "The sandbox's stand-in for the tenant's identity provider" },
    ],
    vendorServers: [{ url: 'https://api.receipts.wlloyalty.net', description: 'the real WLL Receipts Core API' }],
  },
  createServices: createWllServices,
  plugin: wllPlugin,
  adminRoutes: wllAdminRoutes,
  dashboard: { panels: wllPanels },
  workspace: wllWorkspace,
});
