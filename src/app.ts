import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
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
import { SECRET_HEADER_PATHS, serializeRequest } from './lib/log-redaction.js';
import { PublicUrls } from './lib/public-url.js';
import { OutboxTable } from './outbox/outbox-table.js';
import { databasePlugin } from './plugins/database.js';
import { faultsPlugin } from './plugins/faults.js';
import { httpsPlugin } from './plugins/https.js';
import { journalPlugin } from './plugins/journal.js';
import { openapiPlugin } from './plugins/openapi.js';
import { workspacesPlugin } from './plugins/workspaces.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface BuildOptions {
  /** Override the logger (tests pass false, or a logger writing to a stream they read). */
  logger?: FastifyServerOptions['logger'];
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
    logger: options.logger ?? {
      level: config.logLevel,
      serializers: { req: serializeRequest },
      redact: { paths: SECRET_HEADER_PATHS, censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    rewriteUrl,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    requestIdHeader: 'x-request-id',
    // Failures before any plugin sees the request still answer in the envelope of the API meant.
    frameworkErrors: frameworkErrorDispatcher(envelopes, renderAdminError),
    clientErrorHandler: clientErrorDispatcher(envelopes, renderAdminError, rewriteUrl),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('api', null);
  app.decorateRequest('workspaceId', null);
  // Echo the request id (the caller's X-Request-Id, or one made here) so a failure can be
  // matched with the sandbox's log line.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Real SDKs send `Content-Type: application/json` with no body on calls that take none: on
  // every API that is a request without a body, not a malformed one (CONTRACT §4).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    defaultJsonParser(request, String(body), done);
  });

  await app.register(databasePlugin, { path: config.dbPath });
  await app.register(workspacesPlugin, { apis: APIS, fixturesDir: config.fixturesDir, instanceTag: config.instance });
  await app.register(openapiPlugin, { apis: APIS, version: VERSION });
  // Faults before the journal: the journal then records an answer a fault garbled as it left.
  await app.register(faultsPlugin, { apis: APIS, fixturesDir: config.fixturesDir });
  await app.register(journalPlugin, { limit: config.journalLimit });
  await app.register(httpsPlugin, {
    enabled: config.httpsPort !== undefined,
    dbPath: config.dbPath,
    names: [...APIS.flatMap((api) => Object.keys(api.hosts)), 'localhost', '127.0.0.1', '::1', ...config.tlsNames],
  });

  const core: CoreServices = {
    db: app.db,
    clocks: app.clocks,
    outbox: new OutboxTable(app.db),
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
