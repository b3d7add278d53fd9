import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { classifyError } from '../../../lib/fastify-errors.js';
import { tagWorkspace } from '../../../core/request-context.js';
import { problemPage } from '../pages/connect-page.js';
import { PAGE_HEADERS } from '../pages/page-layout.js';
import { receiptNotFoundPage, receiptPage } from '../pages/receipt-page.js';
import type { RulrrServices } from '../services.js';

const connectLink = z.object({
  integration_token: z.string().optional().describe('From STEP 1.'),
  client_id: z.string().optional().describe('Must match the integration when given.'),
});

const connectForm = connectLink.extend({
  action: z.string().optional().describe('`sign_in`, `connect` or `cancel`'),
  email: z.string().optional(),
  password: z.string().optional(),
  state: z.string().optional().describe('Signed sign-in state (the page carries it; no cookies).'),
  store_id: z.string().optional(),
  ereceipt: z.string().optional().describe('`on` when the E-receipts box is ticked.'),
});

const htmlPage = z.string().describe('An HTML page');
const LINK_STATUSES = { 200: htmlPage, 400: htmlPage, 404: htmlPage, 410: htmlPage, 500: htmlPage, 503: htmlPage };
// A form post can also fail to sign in (401) or find no store to connect (409).
const FORM_STATUSES = { ...LINK_STATUSES, 401: htmlPage, 409: htmlPage, 413: htmlPage, 415: htmlPage };
type PageStatus = keyof typeof FORM_STATUSES;

/**
 * The pages Rulrr hosts: Rulrr-Connect (STEP 3, shown in the POS's iframe) and the e-receipt the
 * SMS links to. Failures here answer an HTML page, not the API's JSON.
 */
export const pageRoutes: FastifyPluginAsyncZod<{ rulrr: RulrrServices }> = async (app, { rulrr }) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.setErrorHandler((error, request, reply) => {
    const failure = classifyError(error, request);
    if (failure.kind === 'internal') request.log.error({ err: error }, 'unexpected error on a Rulrr page');
    const status = failure.kind === 'api' ? failure.error.statusCode : failure.status;
    return reply
      .code(status)
      .headers(PAGE_HEADERS)
      .send(problemPage('Something went wrong', status >= 500 ? 'Please try again in a moment.' : 'The page could not handle this request.'));
  });

  app.get('/connect', {
    schema: {
      tags: ['Rulrr-Connect'],
      summary: 'STEP 3 — the Rulrr-Connect page (HTML, for an iframe)',
      description:
        'Sign in, choose the store and e-receipts, Connect or Cancel. 404 page for an unknown token; 410 page for a used, cancelled or expired one. Also served at connect.rulrr.com/.',
      querystring: connectLink,
      produces: ['text/html'],
      response: LINK_STATUSES,
    },
    handler: async (request, reply) => {
      const page = rulrr.connect.show(request.query);
      if (page.workspaceId) tagWorkspace(request, page.workspaceId);
      return reply.code(page.status as keyof typeof LINK_STATUSES).headers(PAGE_HEADERS).send(page.html);
    },
  });

  app.post('/connect', {
    schema: {
      tags: ['Rulrr-Connect'],
      summary: 'Rulrr-Connect form submissions',
      consumes: ['application/x-www-form-urlencoded'],
      querystring: connectLink,
      body: connectForm,
      produces: ['text/html'],
      response: FORM_STATUSES,
    },
    handler: async (request, reply) => {
      // Hidden fields carry the link; the query string (the page's own URL) is the fallback.
      const page = await rulrr.connect.submit({ ...request.query, ...request.body });
      if (page.workspaceId) tagWorkspace(request, page.workspaceId);
      return reply.code(page.status as PageStatus).headers(PAGE_HEADERS).send(page.html);
    },
  });

  app.get('/receipts/:receiptId', {
    schema: {
      tags: ['E-receipts'],
      summary: 'The hosted e-receipt page the SMS links to (sandbox-defined)',
      params: z.object({ receiptId: z.string() }),
      produces: ['text/html'],
      response: { 200: htmlPage, 404: htmlPage, 500: htmlPage, 503: htmlPage },
    },
    handler: async (request, reply) => {
      const stored = rulrr.orders.findByReceipt(request.params.receiptId);
      if (!stored) return reply.code(404).headers(PAGE_HEADERS).send(receiptNotFoundPage());
      tagWorkspace(request, stored.workspaceId);
      return reply
        .headers(PAGE_HEADERS)
        .send(receiptPage(stored.order, rulrr.merchants.findStore(stored.workspaceId, stored.order.storeId)));
    },
  });
};
