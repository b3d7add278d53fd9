import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { WLL_PREFIX } from '../prefix.js';
import { workspaceOf } from '../request-auth.js';
import { ruleSetCreateBody, ruleSetUpdateBody } from '../rules/rule-set-schemas.js';
import { errorResponse, idParams, ruleSetCreatedResponse, ruleSetListResponse, ruleSetResponse } from '../schemas/index.js';
import type { WllServices } from '../services.js';
import { API_KEY_AND_TOKEN, authFailures, bodyFailures, serverFailures } from './route-schemas.js';

const TAGS = ['Transactions Rule Engine'];
const ADMIN = '🔐 Admin authorization required: a token with the admin:receipts scope.';

/**
 * The body schemas describe the bodies in OpenAPI, but the rules module checks them itself (with
 * the catalogue's prices, which BASKET rules need): its first problem is the 400's message, in the
 * docs' voice ("The priority must match the ruleProperties.priority!").
 */
const bodyCheckedByRulesModule: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);

/** The body as sent; a request without one (Fastify's null) is a missing body. */
const bodyOf = (body: unknown): unknown => body ?? undefined;

/** /transactions-rule-engine/rule-sets: a tenant's rule sets. */
export const ruleSetRoutes: FastifyPluginAsyncZod<{ wll: WllServices }> = async (app, { wll }) => {
  app.post('/transactions-rule-engine/rule-sets', {
    config: { wllAccess: 'admin' },
    validatorCompiler: bodyCheckedByRulesModule,
    schema: {
      tags: TAGS,
      summary: 'Create a RuleSet',
      description: `${ADMIN} BASKET rules are inflated into ruleProperties from their configuration (without \`overridingUnitPriceToCheckAgainst\`, the product's catalogue price is checked). The newest active rule set reviews every claim. The answer's \`tenant\` is sandbox-defined (no API key in it).`,
      security: API_KEY_AND_TOKEN,
      body: ruleSetCreateBody,
      response: { 200: ruleSetCreatedResponse, 400: errorResponse, ...authFailures, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => {
      const workspaceId = workspaceOf(request);
      const created = wll.ruleSets.create(workspaceId, bodyOf(request.body));
      return { status: 'success' as const, data: { tenant: wll.tenants.view(workspaceId, wll.links.base(request, WLL_PREFIX)), ...created } };
    },
  });

  app.get('/transactions-rule-engine/rule-sets', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'List RuleSets',
      description: `${ADMIN} Oldest first.`,
      security: API_KEY_AND_TOKEN,
      response: { 200: ruleSetListResponse, ...authFailures, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.ruleSets.list(workspaceOf(request)) }),
  });

  app.get('/transactions-rule-engine/rule-sets/:id', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Retrieve a Rule Set',
      description: ADMIN,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      response: { 200: ruleSetResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.ruleSets.find(workspaceOf(request), request.params.id) }),
  });

  app.patch('/transactions-rule-engine/rule-sets/:id', {
    config: { wllAccess: 'admin' },
    validatorCompiler: bodyCheckedByRulesModule,
    schema: {
      tags: TAGS,
      summary: 'Update a Rule Set',
      description: `${ADMIN} \`ruleDefinitions\`, when given, replaces the entire rules array (each rule gets a new id: sandbox-defined); \`name\` and \`isActive\` change what they name.`,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      body: ruleSetUpdateBody,
      response: { 200: ruleSetResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => ({
      status: 'success' as const,
      data: wll.ruleSets.update(workspaceOf(request), request.params.id, bodyOf(request.body)),
    }),
  });
};
