import type { ClockState } from '../../clock.js';
import { actionButton, badge, dataTable, DASHBOARD_PATH, instant, jsonDetails, type DashboardPanel } from '../../core/dashboard.js';
import type { FaultView } from '../../faults/fault-schemas.js';
import { html, type SafeHtml } from '../../lib/html.js';
import type { JournalEntry } from '../../journal/journal-table.js';
import type { OutboxMessage } from '../../outbox/outbox-table.js';
import type { DeliveryLogEntry } from '../../webhooks/delivery-table.js';
import type { Webhook } from '../../webhooks/webhook-table.js';
import type { WorkspaceView } from '../../workspaces/workspace-service.js';

/*
 * The panels every workspace has whatever its APIs: the workspace picker, the clock, the request
 * journal, the outbox, webhooks and faults. Each takes what the admin API's services answer.
 */

export const CLOCK_PANEL = 'clock';
export const FAULTS_PANEL = 'faults';

const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** An offset as `+1d 2h 3m` (to the second): how far the sandbox clock is from real time. */
export function offsetText(offsetMs: number): string {
  let rest = Math.round(Math.abs(offsetMs) / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return `${offsetMs < 0 ? '−' : '+'}${parts.length > 0 ? parts.join(' ') : '0s'}`;
}

/** The picker: every workspace (demo first, as listed), and what the open one is. */
export function workspaceBar(current: WorkspaceView, workspaces: WorkspaceView[]): SafeHtml {
  const options = workspaces.map(
    (workspace) =>
      html`<option value="${workspace.id}"${workspace.id === current.id ? html` selected` : ''}>${
        workspace.name === workspace.id ? workspace.id : `${workspace.name} (${workspace.id})`
      }</option>`,
  );
  return html`<section class="workspace-bar" id="panel-workspaces" data-panel aria-label="Workspace picker">
<form class="picker" method="get" action="${DASHBOARD_PATH}">
<label for="workspace-select">Workspace</label>
<select id="workspace-select" name="workspace">${options}</select>
<button type="submit" class="primary">Open</button>
</form>
<dl class="facts">
<div><dt>Name</dt><dd>${current.name}</dd></div>
<div><dt>Id</dt><dd><code>${current.id}</code></dd></div>
<div><dt>Created</dt><dd>${instant(current.createdAt)}</dd></div>
<div><dt>Expires</dt><dd>${current.expiresAt ? instant(current.expiresAt) : 'kept until deleted'}</dd></div>
</dl>
</section>`;
}

export function clockPanel(workspaceId: string, clock: ClockState): DashboardPanel {
  const field = (id: string, label: string, name: string, value: string, hint: string) =>
    html`<label for="${id}">${label}</label><input id="${id}" name="${name}" value="${value}" required maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="${id}-hint"><span class="hint" id="${id}-hint">${hint}</span>`;
  return {
    id: CLOCK_PANEL,
    title: 'Clock',
    summary: clock.real ? 'real time' : `moved ${offsetText(clock.offsetMs)}`,
    body: html`<p class="clock-now"><span class="muted">Sandbox time</span> <strong id="sandbox-now">${instant(clock.now)}</strong> UTC
${clock.real ? badge('real', 'good') : badge(`${offsetText(clock.offsetMs)} from real time`, 'wait')}</p>
<div class="clock-forms">
${actionButton({
  path: '/clock/advance',
  workspaceId,
  label: 'Move',
  name: 'Move the clock',
  tone: 'primary',
  fields: field('clock-advance', 'Move by', 'advanceBy', 'PT15M', 'An ISO 8601 duration: PT16M, P1D, -PT5M'),
})}
${actionButton({
  path: '/clock/set',
  workspaceId,
  label: 'Set',
  name: 'Set the clock',
  fields: field('clock-set', 'Set to', 'set', clock.now, 'An ISO 8601 instant with its offset'),
})}
${actionButton({ path: '/clock/restore', workspaceId, label: 'Give back the real clock' })}
</div>`,
  };
}

/** "3 calls", or "the latest 50" when there may be more than shown. */
function latest(count: number, shown: number, noun: string): string {
  return count >= shown ? `the latest ${shown}` : `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function statusTone(status: number) {
  if (status === 0 || status >= 500) return 'bad' as const;
  if (status >= 400) return 'wait' as const;
  return 'good' as const;
}

export function journalPanel(entries: JournalEntry[], shown: number): DashboardPanel {
  const rows = entries.map(
    (entry) => html`<tr>
<td>${instant(entry.sandboxTime)}</td>
<td>${entry.api}</td>
<td>${entry.request.method}</td>
<td class="path">${entry.request.path}</td>
<td>${badge(entry.response.status === 0 ? 'dropped' : String(entry.response.status), statusTone(entry.response.status))}${
      entry.fault ? html` <span class="muted">fault ${entry.fault.id}</span>` : ''
    }</td>
<td class="num">${Math.round(entry.durationMs)} ms</td>
</tr>`,
  );
  return {
    id: 'journal',
    title: 'Request journal',
    summary: latest(entries.length, shown, 'call'),
    wide: true,
    body: dataTable(
      'Calls to the emulated APIs, newest first',
      ['Sandbox time', 'API', 'Method', 'Path', 'Status', 'Took'],
      rows,
      'No calls yet: every call an emulated API answers in this workspace shows here.',
    ),
  };
}

export function outboxPanel(messages: OutboxMessage[], shown: number): DashboardPanel {
  const rows = messages.map(
    (message) => html`<tr>
<td class="num">${message.id}</td>
<td>${instant(message.createdAt)}</td>
<td>${message.api}</td>
<td>${message.channel === 'event' ? badge('event') : badge(message.channel, 'good')}</td>
<td>${message.recipient ?? html`<span class="muted">—</span>`}</td>
<td class="message">${message.body}${jsonDetails(`outbox-${message.id}`, 'Payload', message.payload)}</td>
</tr>`,
  );
  return {
    id: 'outbox',
    title: 'Outbox',
    summary: latest(messages.length, shown, 'message'),
    wide: true,
    body: dataTable(
      'Outbound messages and events, newest first',
      ['#', 'Sandbox time', 'API', 'Channel', 'Recipient', 'Message'],
      rows,
      'Nothing sent yet: e-receipt SMS and events land here.',
    ),
  };
}

const DELIVERY_TONE = { succeeded: 'good', failed: 'bad', pending: 'wait', delivering: 'wait' } as const;

function deliveryRow(delivery: DeliveryLogEntry): SafeHtml {
  const last = delivery.log.at(-1);
  return html`<tr>
<td>${delivery.event.type}<br><code class="id">${delivery.event.id}</code></td>
<td>${badge(delivery.state, DELIVERY_TONE[delivery.state])}</td>
<td class="num">${delivery.attempts}</td>
<td>${last?.statusCode ?? html`<span class="muted">—</span>`}${last?.error ? html`<br><span class="muted">${last.error}</span>` : ''}</td>
<td>${delivery.state === 'pending' && delivery.dueAt !== null ? instant(new Date(delivery.dueAt).toISOString()) : html`<span class="muted">—</span>`}</td>
</tr>`;
}

export function webhooksPanel(webhooks: Array<{ webhook: Webhook; deliveries: DeliveryLogEntry[] }>): DashboardPanel {
  const body =
    webhooks.length === 0
      ? html`<p class="empty">No webhooks: <code>POST /__admin/webhooks</code> registers a URL for this workspace's events.</p>`
      : html`${webhooks.map(
          ({ webhook, deliveries }) => html`<article class="webhook">
<h3>${webhook.url}</h3>
<p><span class="muted">${webhook.id}</span> · events ${webhook.events.join(', ')}${webhook.description ? html` · ${webhook.description}` : ''}</p>
${dataTable(
  `Deliveries to ${webhook.url}, newest first`,
  ['Event', 'Delivery', 'Attempts', 'Last answer', 'Next attempt (real time)'],
  deliveries.map(deliveryRow),
  'No deliveries yet.',
)}
</article>`,
        )}`;
  return { id: 'webhooks', title: 'Webhooks', summary: `${webhooks.length} registered`, body };
}

function faultEffect(fault: FaultView): string {
  const effects = [
    fault.status !== null ? `status ${fault.status}` : null,
    fault.drop ? 'drop' : null,
    fault.malformed ? 'malformed' : null,
    fault.delayMs > 0 ? `${fault.delayMs} ms delay` : null,
  ].filter((effect) => effect !== null);
  return effects.join(' + ');
}

export function faultsPanel(workspaceId: string, faults: FaultView[]): DashboardPanel {
  const rows = faults.map(
    (fault) => html`<tr>
<td class="num">${fault.id}</td>
<td>${fault.api ?? 'any API'} ${fault.method ?? 'any method'}<br><span class="path">${fault.path ?? '*'}</span></td>
<td>${faultEffect(fault)}${fault.probability < 1 ? html`<br><span class="muted">p ${fault.probability}, seed ${fault.seed}</span>` : ''}</td>
<td class="num">${fault.hits}${fault.remaining !== null ? html`<br><span class="muted">${fault.remaining} left</span>` : ''}</td>
<td>${fault.expired ? badge('expired') : badge('active', 'wait')}<br><span class="muted">${fault.source}</span></td>
<td>${actionButton({ path: `/faults/${fault.id}/delete`, workspaceId, label: 'Delete', name: `Delete fault ${fault.id}`, tone: 'danger' })}</td>
</tr>`,
  );
  return {
    id: FAULTS_PANEL,
    title: 'Faults',
    summary: `${faults.filter((fault) => !fault.expired).length} active`,
    body: html`${dataTable(
      'Injected faults, oldest first',
      ['#', 'Matches', 'Effect', 'Hits', 'State', 'Actions'],
      rows,
      'No faults: POST /__admin/faults injects one.',
    )}${faults.length > 1 ? actionButton({ path: '/faults/delete', workspaceId, label: 'Delete every fault', tone: 'danger' }) : ''}`,
  };
}
