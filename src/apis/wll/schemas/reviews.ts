import { z } from 'zod';
import { reviewReason, reviewVerdict, success, text } from './common.js';

export const reviewer = z.object({
  authIssuer: z.string().describe("The issuer (`iss`) of the reviewer's token."),
  authIdentifier: z.string().describe("The reviewer's id (`sub` of their token)."),
  name: z.string().optional(),
});

/**
 * A review of a receipt. `reviwer` is spelled as the real API spells it. Only `id`, `verdict`
 * and `reason` are required, as in the docs: `POST /receipts/{id}/reviews` answers with just those.
 */
export const review = z
  .object({
    id: z.string(),
    verdict: reviewVerdict,
    reason: reviewReason,
    createdAt: z.string().optional(),
    isAutomated: z.boolean().optional().describe('true for the review the automated reviewer gives at claim time.'),
    reviwer: reviewer.nullable().optional().describe('Who reviewed (sic: the real API spells it `reviwer`); null for the automated reviewer.'),
    comment: z.string().nullable().optional(),
  })
  .meta({ id: 'WllReview' });
export type Review = z.infer<typeof review>;

/** `POST /receipts/{id}/reviews`: the docs show `{verdict, reason}`; `comment` is the sandbox's addition. */
export const manualReviewBody = z.object({
  verdict: reviewVerdict,
  reason: reviewReason,
  comment: text(1000).nullable().optional().describe('Why (sandbox addition: the docs show only verdict and reason).'),
});
export type ManualReviewInput = z.infer<typeof manualReviewBody>;

export const submitReviewResponse = success(review).meta({ id: 'WllReviewResponse' });
export const listReviewsResponse = success(z.array(review)).meta({ id: 'WllReviewList' });
