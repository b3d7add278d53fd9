import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { adminPlugin } from './admin/plugin.js';
import { APIS } from './apis/index.js';
import type { Config } from './config.js';
import { renderAdminError } from './core/admin-errors.js';
import type { CoreServices } from './core/api.js';
import { corsOptions } from './core/cors-options.js';
import { clientErrorDispatcher, frameworkErrorDispatcher, notFoundHandlerFor, type EnvelopeRoute } from './core/error-handlers.js';
import { tagApi } from './core/request-context.js';
import { SERVING_BUSY_TIMEOUT_MS } from './db/database.js';
import { hostRewriter } from './host-routing.js';
import { drainBeforeClose } from './lib/drain-before-close.js';
import { loggerOptions } from './lib/log-redaction.js';
import { useJsonBodyParser } from './lib/json-body-parser.js';
import { PublicUrls } from './lib/public-url.js';
import { requestIdOf } from './lib/request-id.js';
import { DEFAULT_DELIVERY_POLICY } from './webhooks/delivery-policy.js';
import { databasePlugin } from './plugins/database.js';
import { faultsPlugin } from './plugins/faults.js';
import { httpsPlugin } from './plugins/https.js';
import { journalPlugin } from './plugins/journal.js';
import { openapiPlugin } from './plugins/openapi.js';
import { outboxPlugin } from './plugins/outbox.js';
import { webhooksPlugin } from './plugins/webhooks.js';
import { workspacesPlugin } from './plugins/workspaces.js';
import { zodSchemaController } from './lib/zod-compilers.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface BuildOptions {
  /** Override the logger: tests pass false, or `{ ...loggerOptions(level), stream }` to read what the app logs. */
  logger?: FastifyServerOptions['logger'];
  /** Told of every route as it is added, before the app is ready: the hardening tests send each one bad input. */
  onRoute?: (route: RouteOptions) => void;
}

/** A path parameter longer than this answers 414 in the API's envelope; the longest credential is ~60. */
const MAX_PARAM_LENGTH = 512;

/**
 * The one factory: server, CLI, tests and the OpenAPI export all build the app here. It never
 * listens. The demo workspace is seeded from the fixtures when the database was never seeded.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const rewriteUrl = hostRewriter(APIS);
  const envelopes: EnvelopeRoute[] = [
    ...APIS.map((api) => ({ prefix: api.prefix, render: api.renderError })),
    { prefix: '/__admin', render: renderAdminError },
  ];
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimit,
    rewriteUrl,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // The caller's X-Request-Id is echoed and logged only when it looks like an id.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Failures before any plugin sees the request still answer in the envelope of the API meant.
    frameworkErrors: frameworkErrorDispatcher(envelopes, renderAdminError),
    clientErrorHandler: clientErrorDispatcher(envelopes, renderAdminError, rewriteUrl),
    schemaController: zodSchemaController,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorateRequest('api', null);
  app.decorateRequest('workspaceId', null);
  // Echo the request id (the caller's X-Request-Id, or one made here) so a failure can be
  // matched with the sandbox's log line.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // A 413 (or a body that does not parse) closes the connection: the client, maybe still sending,
  // must get to read it first.
  drainBeforeClose(app);

  // On every API: an empty JSON body is no body (real SDKs send one), and a body nested too deep
  // is refused before it is parsed (CONTRACT §4).
  useJsonBodyParser(app);

  await app.register(databasePlugin, { path: config.dbPath });
  await app.register(workspacesPlugin, {
    apis: APIS,
    fixturesDir: config.fixturesDir,
    instanceTag: config.instance,
    maxWorkspaces: config.maxWorkspaces,
  });
  await app.register(openapiPlugin, { apis: APIS, version: VERSION });
  await app.register(outboxPlugin, { limit: config.outboxLimit });
  await app.register(webhooksPlugin, {
    policy: {
      maxAttempts: config.webhookAttempts ?? DEFAULT_DELIVERY_POLICY.maxAttempts,
      backoffMs: config.webhookBackoffMs ?? DEFAULT_DELIVERY_POLICY.backoffMs,
      timeoutMs: config.webhookTimeoutMs ?? DEFAULT_DELIVERY_POLICY.timeoutMs,
    },
  });
  // Faults before the journal: the journal then records an answer a fault garbled as it left.
  await app.register(faultsPlugin, { apis: APIS, fixturesDir: config.fixturesDir });
  await app.register(journalPlugin, { limit: config.journalLimit });
  await app.register(httpsPlugin, {
    enabled: config.httpsPort !== undefined,
    dbPath: config.dbPath,
    names: [...APIS.flatMap((api) => Object.keys(api.hosts)), 'localhost', '127.0.0.1', '::1', ...config.tlsNames],
  });

  const core: CoreServices = {
    config,
    db: app.db,
    clocks: app.clocks,
    outbox: app.outbox,
    links: new PublicUrls(config.publicUrl, APIS.flatMap((api) => Object.keys(api.hosts))),
    onWorkspaceRemoved: (listener) => app.workspaces.onRemoved(listener),
  };
  const services = new Map(APIS.map((api) => [api.name, api.createServices(core)]));

  for (const api of APIS) {
    await app.register(
      async (scope) => {
        // Tagged once here, so logs, the journal and faults know the API of every request.
        scope.addHook('onRequest', async (request) => tagApi(request, api.name));
        await scope.register(cors, corsOptions(config.corsOrigins));
        await scope.register(api.plugin, { services: services.get(api.name) });
      },
      { prefix: api.prefix },
    );
  }
  await app.register(adminPlugin, {
    prefix: '/__admin',
    apis: APIS,
    services,
    adminToken: config.adminToken,
    version: VERSION,
    startedAt: Date.now(),
  });

  app.get('/', { schema: { hide: true } }, async () => ({
    name: 'pos-sandbox',
    version: VERSION,
    apis: Object.fromEntries(APIS.map((api) => [api.name, { baseUrl: api.prefix, openapi: `/openapi/${api.name}.json` }])),
    admin: '/__admin',
    docs: '/docs',
  }));
  app.setNotFoundHandler(notFoundHandlerFor(renderAdminError, 'pos-sandbox'));

  await app.workspaces.seedDemoIfEmpty();
  app.db.pragma(`busy_timeout = ${SERVING_BUSY_TIMEOUT_MS}`);
  return app;
}
