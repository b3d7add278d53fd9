import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';
import { workspaceQuery } from '../core/admin-workspace.js';
import { FAULT_METHODS, pathPattern } from '../faults/fault-schemas.js';
import { jsonDepth } from '../lib/json-fragment.js';
import { compilePathPattern } from '../lib/path-pattern.js';
import type { JournalQuery } from '../journal/request-journal.js';

const TAGS = ['Admin · Journal'];

/** How deep a verification fragment may nest: real bodies are shallow, and matching follows the fragment. */
const MAX_FRAGMENT_DEPTH = 32;
/** At most this many matching entries come back with a count. */
const COUNT_KEEPS = 100;

const headers = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const journalEntry = z
  .object({
    id: z.number(),
    api: z.string(),
    workspace: z.string(),
    workspaceResolved: z
      .boolean()
      .describe(
        "false: the call's credential did not resolve (wrong, expired, missing); it is journaled in the workspace the credential's text names, else demo.",
      ),
    requestId: z.string().describe('The X-Request-Id of the answer.'),
    receivedAt: z.string().describe('Real time.'),
    sandboxTime: z.string().describe("The workspace's sandbox clock when the call arrived."),
    durationMs: z.number(),
    request: z.object({
      method: z.string(),
      path: z.string().describe('As routed: API prefix included (also for Host-routed calls); credential segments masked.'),
      host: z.string().nullable(),
      query: headers.describe('Secret parameters (client_secret, access_token…) masked.'),
      headers: headers.describe('Authorization (scheme kept), X-Api-Key, X-Application-Key and cookies masked.'),
      body: z.string().nullable().describe('As parsed (JSON and forms as JSON), secret fields masked, at most 16 KiB.'),
      bodyTruncated: z.boolean(),
    }),
    response: z.object({
      status: z.number().describe('0: a fault dropped the connection, nothing was answered.'),
      headers,
      body: z.string().nullable().describe('As sent, at most 16 KiB.'),
      bodyTruncated: z.boolean(),
    }),
    fault: z
      .object({ id: z.number(), kind: z.enum(['status', 'delay', 'drop', 'malformed']), delayMs: z.number().optional() })
      .nullable()
      .describe('The fault injected into this call.'),
  })
  .meta({ id: 'AdminJournalEntry' });

const statusFilter = z
  .union([z.number().int().min(100).max(599), z.string().regex(/^[1-5](?:\d\d|xx)$/, 'must be a status such as 404, or a class such as 4xx')])
  .describe('A status (`404`) or a class (`4xx`).');

const verification = z
  .object({
    api: z.string().max(40).optional(),
    method: z.enum(FAULT_METHODS).optional(),
    path: pathPattern.optional(),
    status: statusFilter.optional(),
    bodyContains: z
      .unknown()
      .refine((fragment) => jsonDepth(fragment, MAX_FRAGMENT_DEPTH) <= MAX_FRAGMENT_DEPTH, `nests deeper than ${MAX_FRAGMENT_DEPTH} levels`)
      .optional()
      .describe(
        'A JSON fragment the request body must contain: objects match by the keys given, arrays by each element given matching some element, anything else by equality.',
      ),
    withRequests: z.boolean().default(false).describe(`Also answer the matching entries, newest first (at most ${COUNT_KEEPS}).`),
  })
  .strict()
  .meta({ id: 'AdminJournalVerification' });

function statusRange(status: number | string | undefined): [number, number] | undefined {
  if (status === undefined) return undefined;
  const text = String(status);
  if (text.endsWith('xx')) return [Number(text[0]) * 100, Number(text[0]) * 100 + 99];
  return [Number(text), Number(text)];
}

/** /__admin/requests: the request journal of a workspace, and verification counts (issue 9). */
export const journalRoutes: FastifyPluginAsyncZod<{ apiNames: string[] }> = async (app, { apiNames }) => {
  const knownApi = (api: string | undefined) => {
    if (api !== undefined && !apiNames.includes(api)) {
      throw adminError('invalid_request', `api must be one of ${apiNames.join(', ')}`);
    }
    return api;
  };
  const query = (filter: { api?: string | undefined; method?: string | undefined; path?: string | undefined; status?: number | string | undefined }): JournalQuery => ({
    api: knownApi(filter.api),
    method: filter.method,
    status: statusRange(filter.status),
    path: filter.path === undefined ? undefined : compilePathPattern(filter.path),
  });

  app.get('/requests', {
    schema: {
      tags: TAGS,
      summary: "A workspace's journal of emulated-API calls, newest first",
      description:
        'Every call an emulated API answered, secrets masked. The oldest go first past SANDBOX_JOURNAL_LIMIT entries per workspace (default 1000). Admin calls are not journaled.',
      querystring: workspaceQuery.extend({
        api: z.string().max(40).optional(),
        method: z.enum(FAULT_METHODS).optional(),
        path: pathPattern.optional(),
        status: z.string().regex(/^[1-5](?:\d\d|xx)$/, 'must be a status such as 404, or a class such as 4xx').optional().describe('A status (`404`) or a class (`4xx`).'),
        since: z.iso.datetime({ offset: true }).optional().describe('Only calls received at or after this instant (real time).'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: { 200: z.object({ requests: z.array(journalEntry) }), 400: adminErrorResponse, 404: adminErrorResponse },
    },
    handler: async (request) => {
      const { workspace, limit, since, ...filter } = request.query;
      const journalQuery = { ...query(filter), since: since === undefined ? undefined : new Date(since).toISOString() };
      return { requests: app.journal.list(workspace, journalQuery, limit) };
    },
  });

  app.delete('/requests', {
    schema: {
      tags: TAGS,
      summary: "Empty a workspace's journal",
      querystring: workspaceQuery,
      response: { 200: z.object({ deleted: z.number() }), 404: adminErrorResponse },
    },
    handler: async (request) => ({ deleted: app.journal.clear(request.query.workspace) }),
  });

  app.post('/requests/count', {
    schema: {
      tags: TAGS,
      summary: 'Count the calls that match (verification)',
      description:
        'For tests that assert what the POS sent: `{"method":"POST","path":"/rulrr/v1/orders","bodyContains":{"orderId":"A-1"}}` → `{"count":1}`. Every field is optional; a body cut at 16 KiB, or not JSON, contains no fragment.',
      querystring: workspaceQuery,
      body: verification,
      response: {
        200: z.object({ count: z.number(), requests: z.array(journalEntry).optional() }),
        400: adminErrorResponse,
        404: adminErrorResponse,
      },
    },
    handler: async (request) => {
      const { withRequests, bodyContains, ...filter } = request.body;
      const { count, entries } = app.journal.count(request.query.workspace, { ...query(filter), bodyContains }, withRequests ? COUNT_KEEPS : 0);
      return withRequests ? { count, requests: entries } : { count };
    },
  });
};
