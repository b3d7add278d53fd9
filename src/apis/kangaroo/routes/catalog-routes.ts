import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { branchLinkQuery, catalogList, offerList } from '../schemas/loyalty.js';
import type { KangarooServices } from '../services.js';
import { callerOf } from './api-guard.js';
import { security, withParameters } from './responses.js';

/** What a linked shop can offer its customers, read with the branch_link_id in the query. */
export const catalogRoutes: FastifyPluginAsyncZod<{ kangaroo: KangarooServices }> = async (app, { kangaroo }) => {
  app.get('/offers', {
    schema: {
      tags: ['Offers'],
      summary: 'The offers published and not expired, for a branch link',
      description:
        'The sandbox\'s model (the integrations host documents no offers call): items as the core `GET /offers`, less images and actions; `cursor`/`meta` as the core collections. Redeemable offers (free_product, bonus_product, discount_*) can be redeemed with POST /redemptions.',
      security,
      querystring: branchLinkQuery,
      response: { 200: offerList, ...withParameters },
    },
    handler: async (request) => kangaroo.offers.listOffers(callerOf(request).workspaceId, request.query),
  });

  app.get('/redemptions', {
    schema: {
      tags: ['Redemptions'],
      summary: 'The redemption catalog: rewards customers can spend points on',
      description:
        'The sandbox\'s model of "Retrieve … Redemptions": the core `GET /customers/{id}/rewards` items, less images, for a branch link.',
      security,
      querystring: branchLinkQuery,
      response: { 200: catalogList, ...withParameters },
    },
    handler: async (request) => kangaroo.offers.listRedemptionCatalog(callerOf(request).workspaceId, request.query),
  });
};
