import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { html, type SafeHtml } from '../lib/html.js';

/** Where the dashboard lives (CONTRACT §6); `?workspace=<id>` opens that workspace. */
export const DASHBOARD_PATH = '/__admin/ui';

/** One box of the dashboard, rendered on the server: everything in `body` went through `html`. */
export interface DashboardPanel {
  /** Unique on the page: the section is `panel-<id>`, and an action leads back to it. */
  id: string;
  title: string;
  /** A few words beside the title, e.g. "2 pending". */
  summary?: string;
  body: SafeHtml;
  /** Spans the page's width (long tables). */
  wide?: boolean;
}

/**
 * An API's part of the dashboard: its panels for one workspace, and the routes its buttons post
 * to (registered under /__admin/ui/<api name>, behind the admin token like every admin route).
 */
export interface ApiDashboard<Services> {
  panels(services: Services, workspaceId: string): DashboardPanel[];
  actions?: FastifyPluginAsync<{ services: Services }>;
}

export function dashboardUrl(workspaceId: string, panelId?: string): string {
  return `${DASHBOARD_PATH}?workspace=${encodeURIComponent(workspaceId)}${panelId ? `#panel-${panelId}` : ''}`;
}

/** After a button's action: back to the panel it was pressed in (POST-redirect-GET). */
export function backToPanel(reply: FastifyReply, workspaceId: string, panelId: string): FastifyReply {
  return reply.code(303).header('location', dashboardUrl(workspaceId, panelId)).send();
}

export interface ActionButton {
  /** Under /__admin/ui, e.g. `/rulrr/integrations/3/complete`. */
  path: string;
  workspaceId: string;
  label: string;
  /** The name a screen reader announces when `label` alone is ambiguous in a list ("Delete fault 3"); it starts with the label. */
  name?: string;
  /** Form fields before the button. */
  fields?: SafeHtml;
  tone?: 'primary' | 'secondary' | 'danger';
}

/**
 * A button that changes state: a form posting to a dashboard route, which answers with a redirect
 * back (or, for the page's script, the same redirect unfollowed). Works without JavaScript.
 */
export function actionButton({ path, workspaceId, label, name, fields, tone = 'secondary' }: ActionButton): SafeHtml {
  const action = `${DASHBOARD_PATH}${path}?workspace=${encodeURIComponent(workspaceId)}`;
  return html`<form class="action" method="post" action="${action}">${fields}<button type="submit" class="${tone}"${
    name ? html` aria-label="${name}"` : ''
  }>${label}</button></form>`;
}

/** A table with a caption for screen readers, or `empty` when there are no rows. */
export function dataTable(caption: string, columns: string[], rows: SafeHtml[], empty: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="scroll"><table><caption class="visually-hidden">${caption}</caption>
<thead><tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/** An instant as `YYYY-MM-DD HH:MM:SS`, in UTC like every time the sandbox answers. */
export function instant(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const utc = date.toISOString();
  return html`<time datetime="${utc}">${utc.slice(0, 10)} ${utc.slice(11, 19)}</time>`;
}

/** A value as indented JSON, folded under `summary`; `key` keeps it open across live refreshes. */
export function jsonDetails(key: string, summary: string, value: unknown): SafeHtml {
  return html`<details data-key="${key}"><summary>${summary}</summary><pre>${JSON.stringify(value, null, 2)}</pre></details>`;
}

/** A short status word, coloured by what it means. */
export function badge(text: string, tone: 'good' | 'bad' | 'wait' | 'plain' = 'plain'): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}
