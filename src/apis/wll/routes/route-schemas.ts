import { z } from 'zod';
import { errorResponse } from '../schemas/common.js';

/** The documented headers every call carries, as OpenAPI security requirements. */
export const API_KEY_AND_TOKEN: Array<Record<string, string[]>> = [{ wllApiKey: [], wllBearer: [] }];

/** What any call can answer: no or an unknown API key, or a token of the wrong level (403), no or a bad token (401). */
export const authFailures = { 401: errorResponse, 403: errorResponse } as const;
/** What every call can also answer: an unexpected error, or a database busy past its timeout. */
export const serverFailures = { 500: errorResponse, 503: errorResponse } as const;
/** A call with a body: too large (over 1 MiB), or a Content-Type other than JSON. */
export const bodyFailures = { 413: errorResponse, 415: errorResponse } as const;

export const listQuery = (sorts: readonly string[]) =>
  z.object({
    limit: z.string().optional().describe('How many items to answer, 1–100 (default 10).'),
    skip: z.string().optional().describe('How many items to skip first (default 0).'),
    sort: z.string().optional().describe(`The property to sort by: ${sorts.join(', ')} (default createdAt).`),
    order: z.string().optional().describe('ASC or DESC (default DESC: newest first, as the sandbox chose).'),
    filter: z
      .string()
      .optional()
      .describe(
        'O-Rison: `field:(operator:value),…` with eq, neq, gt, lt, in, has, like (`%` wildcard, case-insensitive), e.g. `total:(gt:100)`. Values typed per field; dates as ISO 8601 strings. An unknown field or operator, or text that does not parse → 400.',
      ),
  });
