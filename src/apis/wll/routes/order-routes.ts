import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ORDER_LIST_SPEC } from '../list-query/list-specs.js';
import { workspaceOf } from '../request-auth.js';
import { asyncOrderAccepted, errorResponse, idParams, listOrdersResponse, orderBody, orderResponse } from '../schemas/index.js';
import type { WllServices } from '../services.js';
import { API_KEY_AND_TOKEN, authFailures, bodyFailures, listQuery, serverFailures } from './route-schemas.js';

const TAGS = ['Orders'];
const ADMIN = '🔒 Admin authorization with the admin:receipts scope.';
const EVENT =
  'The order records a `wll.order.placed` event (WLL\'s ORDER_PLACED) in the workspace\'s outbox (`GET /__admin/outbox?api=wll&channel=event`; payload `{type, wllEvent: "ORDER_PLACED", order, submitter}`, sandbox-defined).';

/** The docs' "Orders". */
export const orderRoutes: FastifyPluginAsyncZod<{ wll: WllServices }> = async (app, { wll }) => {
  app.get('/orders', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'List Orders',
      description: `${ADMIN} Takes the same limit, skip, sort, order and filter as List Receipts (sandbox-defined: the docs show none for orders). Filterable: ${Object.keys(ORDER_LIST_SPEC.fields).join(', ')}.`,
      security: API_KEY_AND_TOKEN,
      querystring: listQuery(Object.keys(ORDER_LIST_SPEC.sorts)),
      response: { 200: listOrdersResponse, 400: errorResponse, ...authFailures, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.orders.list(workspaceOf(request), request.query) }),
  });

  app.get('/orders/:id', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Get Order',
      description: ADMIN,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      response: { 200: orderResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.orders.find(workspaceOf(request), request.params.id) }),
  });

  app.post('/orders', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Create Order',
      description: `${ADMIN} Answers the created order: \`type: "ORDER"\`, \`status: "AUTHORIZED"\`, line items matched to the workspace's products by identifier (\`productId\`). serviceDate and serviceTime default to now in the tenant's timezone. ${EVENT}`,
      security: API_KEY_AND_TOKEN,
      body: orderBody,
      response: { 200: orderResponse, 400: errorResponse, ...authFailures, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.orders.create(workspaceOf(request), request.body) }),
  });

  app.post('/orders/asyncly', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Create Order Asyncly',
      description: `${ADMIN} Answers \`Success:Accepted\` at once; the order is made right after. A repeat of a transactionId by the same submitter within 5 minutes of the workspace's sandbox clock is dropped (and answered the same). ${EVENT}`,
      security: API_KEY_AND_TOKEN,
      body: orderBody,
      response: { 200: asyncOrderAccepted, 400: errorResponse, ...authFailures, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => {
      wll.orders.acceptAsync(workspaceOf(request), request.body);
      return { status: 'success' as const, data: 'Success:Accepted' as const };
    },
  });
};
