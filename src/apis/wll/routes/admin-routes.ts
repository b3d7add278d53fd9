import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../../../core/admin-errors.js';
import { workspaceQuery } from '../../../core/admin-workspace.js';
import { tagWorkspace } from '../../../core/request-context.js';
import { wllTokenRequest, wllTokenResponse } from '../auth/token-request.js';
import type { Tenant } from '../db/tenant-repository.js';
import { productFixture, venueFixture } from '../fixtures.js';
import { isTimeZone } from '../review/tenant-time.js';
import { PRODUCT_ID_PATTERN } from '../rules/rule-set-schemas.js';
import { text } from '../schemas/common.js';
import type { WllServices } from '../services.js';

const TAGS = ['Admin · WLL'];

const timezone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA timezone such as Europe/London')
  .describe("Receipts' and orders' service dates and times are local to it.");
const maxReceiptAgeDays = z.number().int().min(0).max(3650).describe('A receipt served longer ago is REJECTED/INVALID_DATE.');

const tenantSettings = z
  .object({
    workspace: z.string(),
    name: z.string(),
    slug: z.string(),
    timezone: z.string(),
    maxReceiptAgeDays: z.number().int(),
  })
  .meta({ id: 'AdminWllTenant' });

const tenantChanges = z
  .object({ name: text(200).optional(), timezone: timezone.optional(), maxReceiptAgeDays: maxReceiptAgeDays.optional() })
  .strict();

/** Product and venue ids go into BASKET rules' JSONPath filters: the same characters the rules allow. */
const catalogueId = z.object({
  id: z.string().regex(PRODUCT_ID_PATTERN, 'must be 1 to 100 letters, digits, dots, underscores or hyphens'),
});

const product = productFixture.extend({ id: z.string() }).meta({ id: 'AdminWllProduct' });
const venue = venueFixture.extend({ id: z.string() }).meta({ id: 'AdminWllVenue' });

const ruleEngineRun = z
  .object({
    params: z.record(z.string(), z.unknown()).describe('Every applied result param, later rules overriding earlier ones.'),
    rules: z.array(
      z.object({ name: z.string(), priority: z.number(), result: z.boolean(), params: z.record(z.string(), z.unknown()) }),
    ),
    stopped: z.boolean().describe('Whether stopRuleEngine cut the run short.'),
    verdict: z.string().optional(),
    reason: z.string().optional(),
    error: z.string().optional().describe('Why the run failed: a rule threw (→ PENDING/RULE_ENGINE_THREW_ERROR).'),
  })
  .meta({ id: 'AdminWllRuleEngineOutput' });

/**
 * /__admin/wll: mint bearer tokens (the sandbox stands in for the tenant's identity provider), and
 * what the WLL docs configure elsewhere — tenant settings, products, venues — plus the rule
 * engine's output for a receipt. All sandbox-defined.
 */
export const wllAdminRoutes: FastifyPluginAsyncZod<{ services: WllServices }> = async (app, { services: wll }) => {
  app.post('/tokens', {
    schema: {
      tags: TAGS,
      summary: 'Mint a bearer token for a tenant (CONTRACT §6)',
      description:
        'The API key names the workspace. `admin` tokens carry the scope `admin:receipts`; `user` tokens carry none. RS256, signed with the workspace\'s key (JWKS at `/wll/.well-known/jwks.json?workspace=<id>`); `exp` on the workspace\'s sandbox clock.',
      body: wllTokenRequest,
      response: { 200: wllTokenResponse, 400: adminErrorResponse },
    },
    handler: async (request) => {
      const { apiKey, type, authIdentifier, name, expiresIn } = request.body;
      const workspaceId = wll.auth.apiKeys.findWorkspace(apiKey);
      if (workspaceId === undefined) throw adminError('invalid_request', 'apiKey is not a tenant API key of this sandbox');
      tagWorkspace(request, workspaceId);
      const token = await wll.auth.mint(
        { workspaceId, type, authIdentifier, ...(name === undefined ? {} : { name }), ...(expiresIn === undefined ? {} : { expiresIn }) },
        wll.clocks.now(workspaceId),
      );
      return { token };
    },
  });

  const settingsOf = (workspaceId: string, tenant: Tenant | undefined) => {
    if (!tenant) throw adminError('not_found', `Workspace ${workspaceId} has no WLL tenant`);
    return { workspace: workspaceId, name: tenant.name, slug: tenant.slug, timezone: tenant.timeZone, maxReceiptAgeDays: tenant.maxReceiptAgeDays };
  };

  app.get('/tenant', {
    schema: {
      tags: TAGS,
      summary: "The workspace's WLL tenant and the reviewer's settings",
      querystring: workspaceQuery,
      response: { 200: tenantSettings, 404: adminErrorResponse },
    },
    handler: async (request) => settingsOf(request.query.workspace, wll.tenants.find(request.query.workspace)),
  });

  app.patch('/tenant', {
    schema: {
      tags: TAGS,
      summary: "Change the tenant's timezone, maximum receipt age or name",
      description: 'Claims reviewed from now on use the new settings; stored receipts keep the timezone they were claimed in.',
      querystring: workspaceQuery,
      body: tenantChanges,
      response: { 200: tenantSettings, 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace } = request.query;
      const { name, timezone: timeZone, maxReceiptAgeDays: maxAge } = request.body;
      return settingsOf(workspace, wll.tenants.update(workspace, { name, timeZone, maxReceiptAgeDays: maxAge }));
    },
  });

  app.get('/products', {
    schema: {
      tags: TAGS,
      summary: "The workspace's product catalogue",
      description: "Line items are matched to products by identifier (their `productId`); BASKET rules check a product's unitPrice.",
      querystring: workspaceQuery,
      response: { 200: z.object({ products: z.array(product) }) },
    },
    handler: async (request) => ({ products: wll.catalogue.listProducts(request.query.workspace) }),
  });

  app.put('/products/:id', {
    schema: {
      tags: TAGS,
      summary: 'Create or replace a product',
      description: 'Claims and orders made from now on are matched against it; BASKET rules written before keep the price they were inflated with. 409 when an identifier belongs to another product.',
      params: catalogueId,
      querystring: workspaceQuery,
      body: productFixture.omit({ id: true }),
      response: { 200: product, 201: product, 400: adminErrorResponse, 409: adminErrorResponse },
    },
    handler: async (request, reply) => {
      const { product: stored, created } = wll.catalogue.putProduct(request.query.workspace, { id: request.params.id, ...request.body });
      return reply.code(created ? 201 : 200).send(stored);
    },
  });

  app.delete('/products/:id', {
    schema: {
      tags: TAGS,
      summary: 'Delete a product',
      params: catalogueId,
      querystring: workspaceQuery,
      response: { 204: z.null().describe('Deleted'), 404: adminErrorResponse },
    },
    handler: async (request, reply) => {
      wll.catalogue.deleteProduct(request.query.workspace, request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/venues', {
    schema: {
      tags: TAGS,
      summary: "The workspace's venues",
      description: "`venueMatches` is true when a receipt's locationIdentifier belongs to the venue named (or is the value itself).",
      querystring: workspaceQuery,
      response: { 200: z.object({ venues: z.array(venue) }) },
    },
    handler: async (request) => ({ venues: wll.catalogue.listVenues(request.query.workspace) }),
  });

  app.put('/venues/:id', {
    schema: {
      tags: TAGS,
      summary: 'Create or replace a venue',
      description: 'Claims made from now on are matched against it. 409 when a location belongs to another venue.',
      params: catalogueId,
      querystring: workspaceQuery,
      body: venueFixture.omit({ id: true }),
      response: { 200: venue, 201: venue, 400: adminErrorResponse, 409: adminErrorResponse },
    },
    handler: async (request, reply) => {
      const { venue: stored, created } = wll.catalogue.putVenue(request.query.workspace, { id: request.params.id, ...request.body });
      return reply.code(created ? 201 : 200).send(stored);
    },
  });

  app.delete('/venues/:id', {
    schema: {
      tags: TAGS,
      summary: 'Delete a venue',
      params: catalogueId,
      querystring: workspaceQuery,
      response: { 204: z.null().describe('Deleted'), 404: adminErrorResponse },
    },
    handler: async (request, reply) => {
      wll.catalogue.deleteVenue(request.query.workspace, request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/receipts/:id/rule-engine', {
    schema: {
      tags: TAGS,
      summary: "The rule engine's output for a receipt",
      description: '`ruleEngineOutput` is null when no rule set was active, or an earlier step of the reviewer decided first.',
      params: z.object({ id: z.string().max(100) }),
      querystring: workspaceQuery,
      response: {
        200: z.object({ receiptId: z.string(), ruleEngineOutput: ruleEngineRun.nullable() }),
        404: adminErrorResponse,
      },
    },
    handler: async (request) => {
      const output = wll.lookups.ruleEngineOutput(request.query.workspace, request.params.id);
      if (output === undefined) throw adminError('not_found', `No receipt ${JSON.stringify(request.params.id)} in workspace ${request.query.workspace}`);
      return { receiptId: request.params.id, ruleEngineOutput: output };
    },
  });
};
