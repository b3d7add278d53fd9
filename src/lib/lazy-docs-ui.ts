import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

export interface DocsUiOptions {
  routePrefix: string;
  /** The documents the UI offers, by name. */
  urls: Array<{ name: string; url: string }>;
}

// Headers that describe one connection, not the answer.
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/**
 * Serves the Swagger UI at `routePrefix`, built on first use: @fastify/swagger-ui and what it
 * loads (its static-files plugin, yaml) would otherwise cost every start time and memory for a
 * page most runs never open. The UI lives in a small Fastify instance of its own, and its two
 * routes here hand each request to it.
 */
export function serveDocsUiLazily(app: FastifyInstance, { routePrefix, urls }: DocsUiOptions): void {
  let ui: Promise<FastifyInstance> | undefined;
  const build = async () => {
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
      import('@fastify/swagger'),
      import('@fastify/swagger-ui'),
    ]);
    const docs = Fastify();
    // swagger-ui insists on @fastify/swagger beside it; the documents it shows are the app's own.
    await docs.register(swagger, { openapi: { info: { title: 'pos-sandbox', version: '' } } });
    await docs.register(swaggerUi, { routePrefix, uiConfig: { urls } });
    await docs.ready();
    return docs;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    ui ??= build().catch((error: unknown) => {
      ui = undefined;
      throw error;
    });
    const answer = await (await ui).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get(routePrefix, { schema: { hide: true } }, forward);
  app.get(`${routePrefix}/static/*`, { schema: { hide: true } }, forward);
}
