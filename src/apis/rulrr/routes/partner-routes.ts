import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { connectionOf, requireAccessToken } from '../partner-auth.js';
import { RULRR_PREFIX } from '../prefix.js';
import {
  accessTokenQuery,
  anyCallFailures,
  bodyFailures,
  customersUploadResponse,
  errorResponse,
  orderBody,
  orderQuery,
  orderResponse,
  storeProfileBody,
  storeResponse,
} from '../schemas.js';
import type { RulrrServices } from '../services.js';

const security: Array<Record<string, string[]>> = [{ accessTokenQuery: [] }, { bearer: [] }];

/** The endpoints an access token opens (rulrr-public-reference.md). */
export const partnerRoutes: FastifyPluginAsyncZod<{ rulrr: RulrrServices }> = async (app, { rulrr }) => {
  app.addHook('onRequest', requireAccessToken(rulrr.flow));

  app.get('/v1/stores', {
    schema: {
      tags: ['Stores'],
      summary: 'Read the store profile and settings (e-receipts on/off)',
      description: 'Sandbox-defined response shape: the profile fields of PUT /v1/stores plus `storeId`, `updatedAt` and `settings`.',
      security,
      querystring: accessTokenQuery,
      response: { 200: storeResponse, 400: errorResponse, 403: errorResponse, ...anyCallFailures },
    },
    handler: async (request) => ({ success: true as const, store: rulrr.storeProfiles.read(connectionOf(request)) }),
  });

  app.put('/v1/stores', {
    schema: {
      tags: ['Stores'],
      summary: 'Update the store profile',
      description:
        'Body fields as in Rulrr\'s reference; the response shape and the replace semantics are sandbox-defined: optional fields left out are cleared, `storeCurrency` left out keeps the current one.',
      security,
      querystring: accessTokenQuery,
      body: storeProfileBody,
      response: { 200: storeResponse, 400: errorResponse, 403: errorResponse, ...bodyFailures },
    },
    handler: async (request) => ({
      success: true as const,
      store: rulrr.storeProfiles.update(connectionOf(request), request.body),
    }),
  });

  app.get('/v1/customers', {
    schema: {
      tags: ['Customers'],
      summary: 'Get an upload URL for the customers list',
      description:
        'Sandbox-defined shape. PUT or POST the list to `uploadUrl` (no access token needed there) within an hour, as text/csv or application/json.',
      security,
      querystring: accessTokenQuery,
      response: { 200: customersUploadResponse, 400: errorResponse, 403: errorResponse, ...anyCallFailures },
    },
    handler: async (request) => ({
      success: true as const,
      ...rulrr.customerUploads.issue(connectionOf(request), rulrr.links.base(request, RULRR_PREFIX)),
    }),
  });

  app.post('/v1/orders', {
    schema: {
      tags: ['Orders'],
      summary: 'Send one order or transaction',
      description:
        'Sandbox-defined body. Idempotent on `orderId`: the same body again answers 200 with the stored order; a different body 409. With `ereceipt: true`, a `customer.phone` and e-receipts on, an SMS with the receipt link lands in the outbox.',
      security,
      querystring: accessTokenQuery,
      body: orderBody,
      response: {
        200: orderResponse,
        201: orderResponse,
        400: errorResponse,
        403: errorResponse,
        409: errorResponse,
        ...bodyFailures,
      },
    },
    handler: async (request, reply) => {
      const { order, created } = rulrr.orderDesk.accept(
        connectionOf(request),
        request.body,
        rulrr.links.base(request, RULRR_PREFIX),
      );
      return reply.code(created ? 201 : 200).send({ success: true as const, order });
    },
  });

  app.get('/v1/orders', {
    schema: {
      tags: ['Orders'],
      summary: 'Read an order back (for e-receipts)',
      description: 'Sandbox-defined shape: the order as POST /v1/orders answered it.',
      security,
      querystring: orderQuery,
      response: { 200: orderResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse, ...anyCallFailures },
    },
    handler: async (request) => {
      return { success: true as const, order: rulrr.orderDesk.find(connectionOf(request), request.query.orderId) };
    },
  });
};
