import type { SwaggerOptions } from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { zodSchemaController } from './zod-compilers.js';

export interface DocsOptions {
  /** @fastify/swagger's options, as the document of every route is built. */
  swagger: SwaggerOptions;
  /** Where the Swagger UI is served. */
  routePrefix: string;
  /** The documents the UI offers, by name. */
  urls: Array<{ name: string; url: string }>;
}

// Headers that describe one connection, not the answer.
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/**
 * The OpenAPI document of every route and the Swagger UI, built on first use: @fastify/swagger's
 * document builder, @fastify/swagger-ui and what they load (yaml, a JSON-schema resolver, a
 * static-files plugin) would otherwise cost every start ~50 ms and memory for documents most runs
 * never ask for. The app's routes are collected as they are added (`collect`, an onRoute hook)
 * and declared again, with the same schemas, in a small Fastify instance of their own where
 * @fastify/swagger documents them exactly as it would have in the app.
 */
export class LazyDocs {
  private readonly routes: RouteOptions[] = [];
  private built: Promise<FastifyInstance> | undefined;

  constructor(private readonly options: DocsOptions) {}

  /** The app's onRoute hook. HEAD routes (Fastify's own twins of GETs) and hidden ones never show in a document. */
  readonly collect = (route: RouteOptions): void => {
    if (route.method === 'HEAD' || (route.schema as { hide?: boolean } | undefined)?.hide) return;
    this.routes.push(route);
  };

  /** The OpenAPI document of every collected route. */
  async document(): Promise<unknown> {
    return (await this.app()).swagger();
  }

  /** Serves the Swagger UI at the routePrefix, handing each request to the docs instance. */
  serveUi(app: FastifyInstance): void {
    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      const answer = await (await this.app()).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !CONNECTION_HEADERS.has(name)) reply.header(name, value);
      }
      return reply.code(answer.statusCode).send(answer.rawPayload);
    };
    app.get(this.options.routePrefix, { schema: { hide: true } }, forward);
    app.get(`${this.options.routePrefix}/static/*`, { schema: { hide: true } }, forward);
  }

  private app(): Promise<FastifyInstance> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = undefined;
      throw error;
    });
    return this.built;
  }

  private async build(): Promise<FastifyInstance> {
    const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
    // The app's schema compilers: its schemas are zod's, which Fastify's defaults cannot read.
    const docs = Fastify({ schemaController: zodSchemaController });
    await docs.register(swagger, this.options.swagger);
    const handler = async () => undefined;
    for (const { method, url, schema, config } of this.routes) docs.route({ method, url, schema, config, handler });
    await docs.register(swaggerUi, { routePrefix: this.options.routePrefix, uiConfig: { urls: this.options.urls } });
    await docs.ready();
    return docs;
  }
}
