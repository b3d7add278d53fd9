import type { FastifyPluginAsync } from 'fastify';
import type { EmulatedApi } from '../api.js';
import { rulrrAdminRoutes } from './admin-routes.js';
import { rulrrErrorHandler, rulrrNotFoundHandler } from './errors.js';
import { loadRulrrFixtures } from './fixtures.js';
import { authRoutes } from './routes/auth-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { RULRR_PREFIX } from './prefix.js';
import { partnerRoutes } from './routes/partner-routes.js';
import { uploadRoutes } from './routes/upload-routes.js';
import { createRulrrServices } from './services.js';

/**
 * LIMITATIONS (say so in the README too): Rulrr's public docs stop at the four OAuth steps and
 * the list of partner endpoints. The refresh call's body, the customers-list format, the order
 * body, the error codes and wording, and the hosted e-receipt page are the sandbox's design.
 */
const rulrrPlugin: FastifyPluginAsync = async (app) => {
  const rulrr = createRulrrServices(app.db, app.clock);

  app.setErrorHandler(rulrrErrorHandler);
  app.setNotFoundHandler(rulrrNotFoundHandler);
  app.decorateRequest('rulrrConnection', null);

  // POS clients often send `Content-Type: application/json` with no body on the query-only calls
  // of the flow; the sandbox takes an empty body as none (Rulrr's docs do not say either way).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    defaultJsonParser(request, String(body), done);
  });

  await app.register(authRoutes, { rulrr });
  await app.register(partnerRoutes, { rulrr });
  await app.register(uploadRoutes, { rulrr });
  await app.register(pageRoutes, { rulrr });
};

export const rulrrApi: EmulatedApi = {
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
  plugin: rulrrPlugin,
  adminRoutes: rulrrAdminRoutes,
  loadFixtures: loadRulrrFixtures,
};
