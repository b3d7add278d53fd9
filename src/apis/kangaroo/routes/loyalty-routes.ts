import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { classifyError } from '../../../lib/fastify-errors.js';
import { invalidData } from '../errors.js';
import { fieldErrorsOf } from '../field-errors.js';
import { z } from 'zod';
import { transactionParams } from '../schemas/customers.js';
import { errorResponse } from '../schemas/error-bodies.js';
import { redemptionBody, saleBody, transactionBody, transactionResponse } from '../schemas/loyalty.js';
import type { KangarooServices } from '../services.js';
import { callerOf } from './api-guard.js';
import { security, withBody, withParameters } from './responses.js';

const MODELLED =
  'The sandbox\'s model: Kangaroo publishes no call keyed by branch_link_id ("Create Sales, Create Transactions, … Redemptions" is all its tutorial says); the shapes follow the core API\'s `POST /transactions`.';

/**
 * The schema's verdict on a body, with its references checked too when it failed (Laravel reports
 * every failing field at once): throws the combined 422, or the validation error as it was when
 * the body is not an object at all.
 */
function refuseWithReferences(request: FastifyRequest, kangaroo: KangarooServices): void {
  const failure = request.validationError;
  if (!failure) return;
  const classified = classifyError(failure, request);
  const shape = classified.kind === 'validation' ? fieldErrorsOf(classified.issues) : undefined;
  if (!shape) throw failure;
  throw invalidData(kangaroo.loyalty.withReferenceErrors(callerOf(request).workspaceId, request.body, shape));
}

/** The calls that move points, each naming its branch_link_id in the body. */
export const loyaltyRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  app.post('/sales', {
    schema: {
      tags: ['Sales'],
      summary: 'Record a sale at a linked shop; it earns points at the business rate',
      description: `${MODELLED} Earns floor(amount × points per currency unit) points (demo: 1 per whole unit) as a \`Reward\`. \`transaction_details.external_order_id\` is taken once per branch link. An unknown customer email or phone creates the customer. The email \`reject@kangaroo.sandbox.test\` is always refused (422).`,
      security,
      body: saleBody,
      response: { 200: transactionResponse, ...withBody },
    },
    attachValidation: true,
    handler: async (request) => {
      refuseWithReferences(request, kangaroo);
      return kangaroo.loyalty.recordSale(callerOf(request).workspaceId, request.body);
    },
  });

  app.post('/transactions', {
    schema: {
      tags: ['Transactions'],
      summary: 'Record a transaction: reward, redeem, return or adjust_points_balance',
      description: `${MODELLED} Every intent the core documents is accepted by the schema; the sandbox models \`reward\`, \`redeem\` (points or \`catalog_items\`), \`return\` (never takes more than the balance) and \`adjust_points_balance\` (signed points), and answers 422 for the others. A balance never goes below 0: spending more than it is a 422.`,
      security,
      body: transactionBody,
      response: { 200: transactionResponse, ...withBody },
    },
    attachValidation: true,
    handler: async (request) => {
      refuseWithReferences(request, kangaroo);
      return kangaroo.loyalty.createTransaction(callerOf(request).workspaceId, request.body);
    },
  });

  app.delete('/transactions/:id', {
    schema: {
      tags: ['Transactions'],
      summary: 'Cancel a transaction (204)',
      description:
        'As the core documents: only a Reward (type 4, sales included) or an Offer Claimed (type 2) can be cancelled, and cancelling a reward needs the customer to still have its points. The cancellation is recorded as a `Transaction Canceled - Clerk` (type 44) that moves the points back. The 400 wording is the sandbox\'s.',
      security,
      params: transactionParams,
      response: {
        204: z.undefined().describe('Cancelled; no body.'),
        400: errorResponse.describe('Not a reward or offer claimed, already cancelled, or the customer no longer has the points it earned.'),
        404: errorResponse.describe('`Transaction not found`.'),
        ...withParameters,
      },
    },
    handler: async (request, reply) => {
      kangaroo.loyalty.cancel(callerOf(request).workspaceId, request.params.id);
      return reply.code(204).send();
    },
  });

  app.post('/redemptions', {
    schema: {
      tags: ['Redemptions'],
      summary: 'Redeem catalog items (GET /redemptions) or a redeemable offer (GET /offers) for points',
      description: `${MODELLED} Catalog items cost their points × quantity (\`Redemption - Catalog\`); an offer its points (\`Offer Claimed\`). More than the customer's balance is a 422, also when redemptions race.`,
      security,
      body: redemptionBody,
      response: { 200: transactionResponse, ...withBody },
    },
    attachValidation: true,
    handler: async (request) => {
      refuseWithReferences(request, kangaroo);
      return kangaroo.loyalty.redeem(callerOf(request).workspaceId, request.body);
    },
  });
};
