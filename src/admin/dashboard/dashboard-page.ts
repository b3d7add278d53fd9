import { DASHBOARD_PATH, dashboardUrl, type DashboardPanel } from '../../core/dashboard.js';
import { html, type SafeHtml } from '../../lib/html.js';

export const SCRIPT_PATH = `${DASHBOARD_PATH}/dashboard.js`;
export const STYLES_PATH = `${DASHBOARD_PATH}/dashboard.css`;
export const PANELS_PATH = `${DASHBOARD_PATH}/panels`;

/**
 * Every dashboard answer's headers. The data shown is whatever API callers sent (an order's items,
 * a receipt's merchant name): it is escaped, and the policy lets nothing run but the page's own
 * script, load nothing but its own style sheet, talk to nothing but the sandbox, and be framed by
 * nobody.
 */
export const DASHBOARD_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
} as const;

function section(panel: DashboardPanel): SafeHtml {
  const id = `panel-${panel.id}`;
  return html`<section class="panel${panel.wide ? ' wide' : ''}" id="${id}" data-panel aria-labelledby="${id}-title">
<header><h2 id="${id}-title" tabindex="-1">${panel.title}</h2>${panel.summary ? html`<span class="summary">${panel.summary}</span>` : ''}</header>
${panel.body}
</section>`;
}

/**
 * The dashboard's content for one workspace: the workspace bar, an index of the panels, and the
 * panels. The page's script fetches it again to refresh, and swaps each `data-panel` element by id.
 */
export function panelsFragment(workspaceBar: SafeHtml, panels: DashboardPanel[]): SafeHtml {
  return html`${workspaceBar}
<nav class="index" id="panel-index" data-panel aria-label="Panels"><ul>${panels.map(
    (panel) => html`<li><a href="#panel-${panel.id}">${panel.title}</a></li>`,
  )}</ul></nav>
<div class="panels">${panels.map(section)}</div>`;
}

export interface ShellOptions {
  version: string;
  workspaceId: string;
  /** SANDBOX_ADMIN_TOKEN is set: the page asks for it, and its script fetches the panels with it. */
  tokenRequired: boolean;
  /** The panels, rendered in the page when no token is needed. */
  content?: SafeHtml;
}

/** The page at /__admin/ui. With a token required it holds no workspace data, only the prompt. */
export function dashboardPage({ version, workspaceId, tokenRequired, content }: ShellOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dashboard · pos-sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLES_PATH}">
<script src="${SCRIPT_PATH}" defer></script>
</head>
<body>
<a class="skip" href="#dashboard">Skip to the dashboard</a>
<header class="top">
<h1>pos-sandbox <span class="muted">dashboard</span></h1>
<div class="controls" id="controls" hidden>
<label class="check"><input type="checkbox" id="live" checked> Live refresh every 3 s</label>
<button type="button" id="refresh" class="secondary">Refresh now</button>
<button type="button" id="forget-token" class="secondary" hidden>Forget the admin token</button>
</div>
</header>
<p id="notice" class="notice" role="status" aria-live="polite"></p>
${tokenRequired ? tokenPrompt() : ''}
<main id="dashboard" tabindex="-1" data-workspace="${workspaceId}" data-panels="${PANELS_PATH}" data-token-required="${tokenRequired ? 'true' : 'false'}">
${content ?? ''}
</main>
<footer>pos-sandbox ${version} · the sandbox's own page, over its admin API · times in UTC</footer>
</body>
</html>
`.value;
}

function tokenPrompt(): SafeHtml {
  return html`<section class="token-prompt" id="token-prompt" hidden aria-labelledby="token-title">
<h2 id="token-title">This sandbox asks for its admin token</h2>
<p>This sandbox runs with <code>SANDBOX_ADMIN_TOKEN</code>. Enter it to open the dashboard: it stays in this browser tab only (session storage) and goes with every call as <code>Authorization: Bearer</code>.</p>
<form id="token-form">
<label for="admin-token">Admin token</label>
<input id="admin-token" name="token" type="password" autocomplete="off" required>
<button type="submit" class="primary">Open the dashboard</button>
</form>
<p id="token-error" class="problem" role="alert"></p>
</section>
<noscript><p class="problem">With SANDBOX_ADMIN_TOKEN set, this page needs JavaScript to send the token.</p></noscript>`;
}

/** A failed dashboard call: the admin API's message, and the way back. The script reads `#problem`. */
export function problemPage(status: number, message: string, workspaceId: string | null): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} · pos-sandbox dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLES_PATH}">
</head>
<body>
<main class="problem-page">
<h1>That did not work (${status})</h1>
<p id="problem" role="alert">${message}</p>
<p><a href="${workspaceId ? dashboardUrl(workspaceId) : DASHBOARD_PATH}">Back to the dashboard</a></p>
</main>
</body>
</html>
`.value;
}
