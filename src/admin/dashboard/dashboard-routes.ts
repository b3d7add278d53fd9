import { readFile } from 'node:fs/promises';
import formbody from '@fastify/formbody';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, renderAdminError } from '../../core/admin-errors.js';
import { workspaceQuery } from '../../core/admin-workspace.js';
import type { EmulatedApi } from '../../core/api.js';
import { backToPanel } from '../../core/dashboard.js';
import { shownPath } from '../../core/error-handlers.js';
import { classifyError } from '../../lib/fastify-errors.js';
import { UnknownWorkspaceError } from '../../workspaces/clocks.js';
import { DEMO_WORKSPACE, WORKSPACE_ID_PATTERN } from '../../workspaces/workspace-ids.js';
import { moveClock } from '../core-routes.js';
import { CLOCK_PANEL, clockPanel, FAULTS_PANEL, faultsPanel, journalPanel, outboxPanel, webhooksPanel, workspaceBar } from './core-panels.js';
import { DASHBOARD_HEADERS, dashboardPage, panelsFragment, problemPage } from './dashboard-page.js';

export interface DashboardOptions {
  apis: EmulatedApi[];
  services: Map<string, unknown>;
  tokenRequired: boolean;
  version: string;
}

const JOURNAL_SHOWN = 50;
const OUTBOX_SHOWN = 30;
const DELIVERIES_SHOWN = 10;
/** A form's few short fields; anything bigger is not from the page. */
const FORM_BODY_LIMIT = 16 * 1024;

const STATIC_HEADERS = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } as const;

/**
 * A form post another site made the browser send: the admin API takes JSON only, which a form on
 * another site cannot send without a preflight, but these routes take forms, so they check where
 * the post came from (Fetch Metadata, else Origin). A client that sends neither is not a browser.
 */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    const from = new URL(origin);
    // Through URL both ways, so a default port written out (`Host: localhost:80`) still matches.
    return from.host !== new URL(`${from.protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    return true;
  }
}

/**
 * /__admin/ui: the dashboard (issue 11). The page is rendered here from the services the admin
 * API uses; its buttons are forms posting to the routes below, which answer with a redirect back
 * to the page (POST-redirect-GET), so it works without JavaScript. Its script refreshes the panels
 * every few seconds and, with SANDBOX_ADMIN_TOKEN set, asks for the token and sends it.
 */
export const dashboardRoutes: FastifyPluginAsyncZod<DashboardOptions> = async (app, { apis, services, tokenRequired, version }) => {
  const [script, styles] = await Promise.all([
    readFile(new URL('./static/dashboard.js', import.meta.url), 'utf8'),
    readFile(new URL('./static/dashboard.css', import.meta.url), 'utf8'),
  ]);
  const { outbox } = app;

  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });

  app.setErrorHandler((error, request, reply) => {
    const failure = classifyError(error, request);
    if (failure.kind === 'internal') request.log.error({ err: error }, 'unexpected error on the dashboard');
    const rendered = renderAdminError(failure, request);
    if (rendered.headers) reply.headers(rendered.headers);
    const { message } = rendered.body as { message: string };
    // Back to the workspace the call named when it exists; to demo when it named none.
    const named = (request.query as { workspace?: unknown } | undefined)?.workspace ?? DEMO_WORKSPACE;
    const back = typeof named === 'string' && WORKSPACE_ID_PATTERN.test(named) && app.workspaces.exists(named) ? named : null;
    return reply.code(rendered.status).headers(DASHBOARD_HEADERS).send(problemPage(rendered.status, message, back));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .headers(DASHBOARD_HEADERS)
      .send(problemPage(404, `No dashboard page ${request.method} ${shownPath(request.originalUrl)}`, null)),
  );
  app.addHook('onRequest', async (request) => {
    if (request.method === 'POST' && crossSite(request)) {
      throw adminError('forbidden', 'The dashboard takes its buttons from its own page only, not from another site');
    }
  });

  const panelsOf = (workspaceId: string) => {
    const workspace = app.workspaces.get(workspaceId);
    // Narrow panels come in pairs between the wide ones, so the grid has no holes on a laptop.
    const panels = [
      clockPanel(workspaceId, app.clocks.state(workspaceId)),
      faultsPanel(workspaceId, app.faults.list(workspaceId)),
      journalPanel(app.journal.list(workspaceId, {}, JOURNAL_SHOWN), JOURNAL_SHOWN),
      ...apis.flatMap((api) => api.dashboard?.panels(services.get(api.name), workspaceId) ?? []),
      webhooksPanel(
        app.webhooks.list(workspaceId).map((webhook) => ({ webhook, deliveries: app.webhookDeliveries.list(workspaceId, webhook.id, DELIVERIES_SHOWN) })),
      ),
      outboxPanel(outbox.latest(workspaceId, OUTBOX_SHOWN), OUTBOX_SHOWN),
    ];
    return panelsFragment(workspaceBar(workspace, app.workspaces.list()), panels);
  };
  const render = (workspaceId: string) => {
    try {
      return panelsOf(workspaceId);
    } catch (error) {
      // Deleted since the request's workspace was checked (by another process, say).
      if (error instanceof UnknownWorkspaceError) throw adminError('not_found', error.message);
      throw error;
    }
  };

  app.get('/', {
    // Open, so that it can ask for the token; with one required it shows no workspace's data.
    config: { adminPublic: true },
    schema: { hide: true, querystring: z.object({ workspace: z.string().max(100).optional() }) },
    handler: async (request, reply) => {
      const workspaceId = request.query.workspace ?? DEMO_WORKSPACE;
      reply.headers(DASHBOARD_HEADERS);
      if (tokenRequired) return reply.send(dashboardPage({ version, workspaceId, tokenRequired }));
      if (!WORKSPACE_ID_PATTERN.test(workspaceId) || !app.workspaces.exists(workspaceId)) {
        return reply.code(404).send(problemPage(404, `No workspace ${JSON.stringify(workspaceId)}`, null));
      }
      return reply.send(dashboardPage({ version, workspaceId, tokenRequired, content: render(workspaceId) }));
    },
  });

  app.get('/panels', {
    schema: { hide: true, querystring: workspaceQuery },
    handler: async (request, reply) => reply.headers(DASHBOARD_HEADERS).send(render(request.query.workspace).value),
  });

  app.get('/dashboard.js', {
    config: { adminPublic: true },
    schema: { hide: true },
    handler: async (_request, reply) => reply.headers({ ...STATIC_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).send(script),
  });

  app.get('/dashboard.css', {
    config: { adminPublic: true },
    schema: { hide: true },
    handler: async (_request, reply) => reply.headers({ ...STATIC_HEADERS, 'content-type': 'text/css; charset=utf-8' }).send(styles),
  });

  app.post('/clock/advance', {
    schema: { hide: true, querystring: workspaceQuery, body: z.object({ advanceBy: z.string().max(100) }) },
    handler: async (request, reply) => {
      moveClock(app.clocks, request.query.workspace, { advanceBy: request.body.advanceBy.trim() });
      return backToPanel(reply, request.query.workspace, CLOCK_PANEL);
    },
  });

  app.post('/clock/set', {
    schema: { hide: true, querystring: workspaceQuery, body: z.object({ set: z.iso.datetime({ offset: true }) }) },
    handler: async (request, reply) => {
      moveClock(app.clocks, request.query.workspace, { set: request.body.set });
      return backToPanel(reply, request.query.workspace, CLOCK_PANEL);
    },
  });

  app.post('/clock/restore', {
    schema: { hide: true, querystring: workspaceQuery },
    handler: async (request, reply) => {
      app.clocks.restore(request.query.workspace);
      return backToPanel(reply, request.query.workspace, CLOCK_PANEL);
    },
  });

  app.post('/faults/:id/delete', {
    schema: { hide: true, params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), querystring: workspaceQuery },
    handler: async (request, reply) => {
      const { workspace } = request.query;
      if (!app.faults.delete(workspace, request.params.id)) throw adminError('not_found', `No fault ${request.params.id} in workspace ${workspace}`);
      return backToPanel(reply, workspace, FAULTS_PANEL);
    },
  });

  app.post('/faults/delete', {
    schema: { hide: true, querystring: workspaceQuery },
    handler: async (request, reply) => {
      app.faults.clear(request.query.workspace);
      return backToPanel(reply, request.query.workspace, FAULTS_PANEL);
    },
  });

  for (const api of apis) {
    if (api.dashboard?.actions) await app.register(api.dashboard.actions, { prefix: `/${api.name}`, services: services.get(api.name) });
  }
};
