import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { customerParams, customerResponse, historyPage, historyQuery } from '../schemas/customers.js';
import { errorResponse } from '../schemas/error-bodies.js';
import type { KangarooServices } from '../services.js';
import { callerOf } from './api-guard.js';
import { anyCall, security, withParameters } from './responses.js';

const notFound = errorResponse.describe('`Customer not found`.');

/** A customer's balance and history, as the core API serves them. */
export const customerRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  app.get('/customers/:id', {
    schema: {
      tags: ['Customers'],
      summary: 'A customer and their points balance',
      description: 'The core API\'s `GET /customers/{id}`, served on the integrations host by the sandbox; `balance` inline, as the core\'s Customer data structure has it.',
      security,
      params: customerParams,
      response: { 200: customerResponse, 404: notFound, ...anyCall },
    },
    handler: async (request) => kangaroo.customers.find(callerOf(request).workspaceId, request.params.id),
  });

  app.get('/customers/:id/transactions', {
    schema: {
      tags: ['Customers'],
      summary: "A customer's transactions, newest first",
      description:
        'The core API\'s `GET /customers/{id}/transactions` with Laravel\'s simple pagination (`links`, `meta`), served on the integrations host by the sandbox. Every transaction is here, cancelled ones with `cancelled_at`, and the cancellations themselves.',
      security,
      params: customerParams,
      querystring: historyQuery,
      response: { 200: historyPage, 404: notFound, ...withParameters },
    },
    handler: async (request) => kangaroo.customers.history(callerOf(request).workspaceId, request.params.id, request.query),
  });
};
