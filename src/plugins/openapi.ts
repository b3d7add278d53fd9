import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';
import type { EmulatedApi } from '../core/api.js';
import { LazyDocs } from '../lib/lazy-docs.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenAPI document of an emulated API (by name) or of the admin API (`admin`); built on first use. */
    openapiDocument(name: string): Promise<OpenAPIV3.Document | undefined>;
  }
}

export interface OpenApiOptions {
  apis: EmulatedApi[];
  version: string;
}

/** The parts of one OpenAPI document: an emulated API's own definition, or the admin API's. */
export type DocumentSource = Pick<EmulatedApi, 'title' | 'description' | 'prefix' | 'openapi'>;

/**
 * One OpenAPI document per emulated API, cut out of the document @fastify/swagger builds from
 * every route's zod schemas: the paths under the API's prefix, with the prefix moved to `servers`.
 */
export function documentFor(full: OpenAPIV3.Document, api: DocumentSource, version: string): OpenAPIV3.Document {
  const paths: OpenAPIV3.PathsObject = {};
  for (const [path, item] of Object.entries(full.paths ?? {})) {
    if (path === api.prefix || path.startsWith(`${api.prefix}/`)) paths[path.slice(api.prefix.length) || '/'] = named(item);
  }
  const usedSchemes = new Set(
    Object.values(paths).flatMap((item) =>
      Object.values(item ?? {}).flatMap((operation) =>
        ((operation as OpenAPIV3.OperationObject).security ?? []).flatMap((requirement) => Object.keys(requirement)),
      ),
    ),
  );
  const securitySchemes = Object.fromEntries(
    Object.entries(api.openapi.securitySchemes ?? {}).filter(([name]) => usedSchemes.has(name)),
  );
  const schemas = referencedSchemas(paths, full.components?.schemas ?? {});
  const components: OpenAPIV3.ComponentsObject = {
    ...(Object.keys(schemas).length > 0 ? { schemas } : {}),
    ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {}),
  };
  return {
    openapi: full.openapi,
    info: { title: api.title, description: api.description, version },
    servers: [{ url: api.prefix, description: 'this sandbox' }, ...(api.openapi.vendorServers ?? [])],
    ...(api.openapi.tags ? { tags: api.openapi.tags } : {}),
    paths,
    ...(Object.keys(components).length > 0 ? { components } : {}),
  };
}

/** @fastify/swagger calls every response "Default Response"; the HTTP reason phrase says more. */
function named(item: OpenAPIV3.PathItemObject | undefined): OpenAPIV3.PathItemObject | undefined {
  if (!item) return item;
  return Object.fromEntries(
    Object.entries(item).map(([method, operation]) => {
      const responses = (operation as OpenAPIV3.OperationObject).responses;
      if (!responses) return [method, operation];
      const described = Object.fromEntries(
        Object.entries(responses).map(([status, response]) => [
          status,
          'description' in response && response.description === 'Default Response'
            ? { ...response, description: STATUS_CODES[status] ?? status }
            : response,
        ]),
      );
      return [method, { ...(operation as OpenAPIV3.OperationObject), responses: described }];
    }),
  ) as OpenAPIV3.PathItemObject;
}

type Schemas = NonNullable<OpenAPIV3.ComponentsObject['schemas']>;

/** The named schemas `paths` refers to, directly or through other named schemas, in name order. */
function referencedSchemas(paths: OpenAPIV3.PathsObject, all: Schemas): Schemas {
  const found = new Set<string>();
  const pending = [JSON.stringify(paths)];
  while (pending.length > 0) {
    for (const [, name] of pending.pop()!.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (name && !found.has(name) && all[name]) {
        found.add(name);
        pending.push(JSON.stringify(all[name]));
      }
    }
  }
  return Object.fromEntries([...found].sort().map((name) => [name, all[name]!]));
}

const ADMIN_DOC: DocumentSource = {
  title: 'pos-sandbox admin API',
  description:
    'Controls of the sandbox itself: workspaces, health, reset, clock, outbox, webhooks, and per-API controls. Calls that read or change one workspace take `?workspace=<id>` (default `demo`).',
  prefix: '/__admin',
  openapi: {
    securitySchemes: {
      adminToken: { type: 'http', scheme: 'bearer', description: 'Only when the sandbox runs with SANDBOX_ADMIN_TOKEN' },
    },
  },
};

export const openapiPlugin = fp<OpenApiOptions>(
  async (app: FastifyInstance, { apis, version }) => {
    const documents = new Map([...apis.map((api) => [api.name, api] as const), ['admin', ADMIN_DOC] as const]);
    const docs = new LazyDocs({
      swagger: {
        openapi: {
          openapi: '3.0.3',
          info: { title: 'pos-sandbox', version },
          components: {
            securitySchemes: Object.assign({}, ...[...apis, ADMIN_DOC].map((api) => api.openapi.securitySchemes ?? {})),
          },
        },
        transform: jsonSchemaTransform,
        // Schemas given an id with .meta({ id }) become named components, referenced by $ref.
        transformObject: jsonSchemaTransformObject,
      },
      routePrefix: '/docs',
      urls: [...documents.keys()].map((name) => ({ name, url: `/openapi/${name}.json` })),
    });
    // Every route added after this plugin, which the app registers before any API or admin route.
    app.addHook('onRoute', docs.collect);

    app.decorate('openapiDocument', async (name: string) => {
      const api = documents.get(name);
      return api && documentFor((await docs.document()) as OpenAPIV3.Document, api, version);
    });

    app.get('/openapi/:name.json', { schema: { hide: true } }, async (request, reply) => {
      const { name } = request.params as { name: string };
      const document = await app.openapiDocument(name);
      if (!document) return reply.code(404).send({ error: 'not_found', message: `No OpenAPI document "${name}"` });
      return document;
    });

    docs.serveUi(app);
  },
  { name: 'openapi' },
);
