import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { adminPlugin } from './admin/plugin.js';
import { APIS } from './apis/index.js';
import type { Config } from './config.js';
import { hostRewriter } from './host-routing.js';
import { clockPlugin } from './plugins/clock.js';
import { databasePlugin } from './plugins/database.js';
import { openapiPlugin } from './plugins/openapi.js';
import { sandboxPlugin } from './plugins/sandbox.js';
import { zodSchemaController } from './lib/zod-compilers.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface BuildOptions {
  /** Override the logger (tests pass false). Defaults to pino at the configured level. */
  logger?: FastifyServerOptions['logger'];
}

/**
 * The one factory: server, CLI, tests and the OpenAPI export all build the app here. It never
 * listens. The database is seeded from the fixtures when it has never been seeded.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    rewriteUrl: hostRewriter(APIS),
    routerOptions: { ignoreTrailingSlash: true },
    requestIdHeader: 'x-request-id',
    schemaController: zodSchemaController,
  });
  // Echo the request id (the caller's X-Request-Id, or one made here) so a failure can be
  // matched with the sandbox's log line.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(databasePlugin, { path: config.dbPath });
  await app.register(clockPlugin);
  await app.register(sandboxPlugin, { apis: APIS, fixturesDir: config.fixturesDir });
  await app.register(openapiPlugin, { apis: APIS, version: VERSION });

  for (const api of APIS) await app.register(api.plugin, { prefix: api.prefix });
  await app.register(adminPlugin, {
    prefix: '/__admin',
    apis: APIS,
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
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `Nothing at ${request.method} ${request.url.split('?')[0]}` }),
  );

  app.sandbox.seedIfEmpty();
  return app;
}
