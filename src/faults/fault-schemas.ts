import { z } from 'zod';
import { compilePathPattern, MAX_PATH_PATTERN_LENGTH, PathPatternError } from '../lib/path-pattern.js';
import { MAX_SEED } from '../lib/seeded-random.js';

export const FAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The longest delay a fault may add: long enough for any client timeout, short of tying a socket up for good. */
export const MAX_DELAY_MS = 120_000;

export const pathPattern = z
  .string()
  .max(MAX_PATH_PATTERN_LENGTH)
  .superRefine((pattern, context) => {
    try {
      compilePathPattern(pattern);
    } catch (error) {
      if (!(error instanceof PathPatternError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  })
  .describe('The request path as received, API prefix included (`/rulrr/v1/orders`), query excluded; `*` matches any characters.');

/**
 * A fault as POST /__admin/faults and fixtures/faults.json give it (CONTRACT §6). What it does:
 * one of an error `status` (in the API's own error body), `drop` (the connection is closed without
 * an answer) or `malformed` (the API runs, its answer is cut in half), and/or a `delayMs` first.
 */
const faultFields = z.object({
    api: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be an API name such as rulrr').optional().describe('Only calls to this API (`rulrr`, `wll`, `kangaroo`).'),
    method: z.enum(FAULT_METHODS).optional().describe('Only calls with this method (upper case).'),
    path: pathPattern.optional(),
    status: z.number().int().min(400).max(599).optional().describe("Answer this status in the API's own error body; the API does not run."),
    delayMs: z.number().int().min(0).max(MAX_DELAY_MS).optional().describe('Wait this long first (then answer, or apply the other effect).'),
    drop: z.boolean().optional().describe('Close the connection without an answer; the API does not run.'),
    malformed: z.boolean().optional().describe('Let the API run and cut its answer in half: a truncated body with the right content type.'),
    probability: z.number().gt(0).max(1).optional().describe('Chance that a matching call is hit (default 1).'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(MAX_SEED)
      .optional()
      .describe('Seeds the draws: the same seed hits the same calls of a run. One is chosen and shown when left out.'),
    times: z.number().int().min(1).max(1_000_000).optional().describe('Expires after hitting this many calls (counted across every process sharing the database).'),
});

function oneEffect(fault: z.infer<typeof faultFields>, context: z.core.$RefinementCtx) {
  const effects = [fault.status !== undefined, fault.drop === true, fault.malformed === true].filter(Boolean).length;
  if (effects > 1) context.addIssue({ code: 'custom', message: 'a fault has at most one of status, drop and malformed' });
  if (effects === 0 && !fault.delayMs) {
    context.addIssue({ code: 'custom', message: 'a fault needs an effect: status, delayMs, drop or malformed' });
  }
}

export const faultDefinition = faultFields.strict().superRefine(oneEffect);

/** POST /__admin/faults: a definition, and the workspace in the body or as `?workspace=`. */
export const faultRequest = faultFields
  .extend({ workspace: z.string().max(40).optional().describe('The workspace (or `?workspace=`; default `demo`).') })
  .strict()
  .superRefine(oneEffect)
  .meta({ id: 'AdminFaultRequest' });

export type FaultDefinition = z.infer<typeof faultDefinition>;

export const faultView = z
  .object({
    id: z.number(),
    workspace: z.string(),
    api: z.string().nullable(),
    method: z.string().nullable(),
    path: z.string().nullable(),
    status: z.number().nullable(),
    delayMs: z.number(),
    drop: z.boolean(),
    malformed: z.boolean(),
    probability: z.number(),
    seed: z.number(),
    times: z.number().nullable(),
    remaining: z.number().nullable().describe('Hits left before it expires; null: until deleted.'),
    hits: z.number().describe('Calls it hit.'),
    draws: z.number().describe('Matching calls it drew for (hit or not).'),
    expired: z.boolean(),
    source: z.enum(['admin', 'fixtures']),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminFault' });

export type FaultView = z.infer<typeof faultView>;
