import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RECEIPT_LIST_SPEC } from '../list-query/list-specs.js';
import { principalOf, workspaceOf } from '../request-auth.js';
import {
  claimReceiptBody,
  claimReceiptResponse,
  errorResponse,
  idParams,
  listReceiptsResponse,
  listReviewsResponse,
  manualReviewBody,
  receiptResponse,
  submitReviewResponse,
} from '../schemas/index.js';
import type { WllServices } from '../services.js';
import { API_KEY_AND_TOKEN, authFailures, bodyFailures, listQuery, serverFailures } from './route-schemas.js';

const TAGS = ['Receipts'];
const ADMIN = '🔐 Admin authorization required: a token with the admin:receipts scope.';

/** Receipts and their reviews (the docs' "Receipts" and "Receipt Reviews"). */
export const receiptRoutes: FastifyPluginAsyncZod<{ wll: WllServices }> = async (app, { wll }) => {
  app.post('/receipts', {
    config: { wllAccess: 'user' },
    schema: {
      tags: TAGS,
      summary: 'Claim a Receipt',
      description: [
        'Default mode (`useParser: true`): the sandbox "parses" the picture by its URL — `https://receipts.sandbox.test/<name>.jpg` reads the parse result `fixtures/wll/parser/<name>.json`; any other URL parses as unreadable (→ PENDING/INSUFFICIENT_DATA). A user token claims for its own user; an admin token names the user in `submitter`.',
        'Preparsed mode (`useParser: false`): admin tokens only; the parsed fields are taken as sent.',
        'The automated reviewer decides, in this order: insufficient data → PENDING/INSUFFICIENT_DATA; a service date in the future or older than the tenant allows → REJECTED/INVALID_DATE; a barcode or transactionId already claimed → REJECTED/DUPLICATE; the newest active rule set; otherwise AUTHORIZED/VALID_DATA. Its review (`isAutomated: true`, `reviwer: null`) becomes the paramount review.',
        'Sandbox-defined: a receipt\'s transactionId is its barcode; a user token may claim only for itself (403 otherwise).',
      ].join('\n\n'),
      security: API_KEY_AND_TOKEN,
      body: claimReceiptBody,
      response: { 200: claimReceiptResponse, 400: errorResponse, ...authFailures, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => ({
      status: 'success' as const,
      data: await wll.claims.claim(workspaceOf(request), principalOf(request), request.body),
    }),
  });

  app.get('/receipts', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'List Receipts',
      description: `${ADMIN} Filterable: ${Object.keys(RECEIPT_LIST_SPEC.fields).join(', ')}.`,
      security: API_KEY_AND_TOKEN,
      querystring: listQuery(Object.keys(RECEIPT_LIST_SPEC.sorts)),
      response: { 200: listReceiptsResponse, 400: errorResponse, ...authFailures, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.lookups.list(workspaceOf(request), request.query) }),
  });

  app.get('/receipts/:id', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Retrieve a Receipt',
      description: `${ADMIN} A receipt that shows no service date answers "" for serviceDate, serviceTime and servedAt (sandbox-defined: the docs require them as strings).`,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      response: { 200: receiptResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.lookups.find(workspaceOf(request), request.params.id) }),
  });

  app.post('/receipts/:id/reviews', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'Submit a Receipt Review',
      description: `${ADMIN} The review becomes the paramount review and sets the status: AUTHORIZE → AUTHORIZED, REJECT → REJECTED, ABSTAIN → PENDING. The reviewer (\`reviwer\`) is the token's user. Sandbox-defined: the optional \`comment\`, and the whole review in the answer.`,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      body: manualReviewBody,
      response: { 200: submitReviewResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...bodyFailures, ...serverFailures },
    },
    handler: async (request) => ({
      status: 'success' as const,
      data: wll.reviews.submit(workspaceOf(request), request.params.id, principalOf(request), request.body),
    }),
  });

  app.get('/receipts/:id/reviews', {
    config: { wllAccess: 'admin' },
    schema: {
      tags: TAGS,
      summary: 'List Receipt Reviews',
      description: `${ADMIN} Oldest first: the automated review, then the manual ones.`,
      security: API_KEY_AND_TOKEN,
      params: idParams,
      response: { 200: listReviewsResponse, 400: errorResponse, ...authFailures, 404: errorResponse, ...serverFailures },
    },
    handler: async (request) => ({ status: 'success' as const, data: wll.reviews.list(workspaceOf(request), request.params.id) }),
  });
};
