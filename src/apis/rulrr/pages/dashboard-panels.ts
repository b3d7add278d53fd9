import { actionButton, badge, dataTable, instant, type DashboardPanel } from '../../../core/dashboard.js';
import { html } from '../../../lib/html.js';
import type { Integration } from '../db/integration-table.js';
import type { RulrrServices } from '../services.js';

export const INTEGRATIONS_PANEL = 'rulrr-integrations';
/** The newest integrations shown; older ones are still in the API. */
const SHOWN = 30;

const STATUS_TONE = { pending: 'wait', finished: 'good', cancelled: 'bad' } as const;

function statusOf(integration: Integration) {
  const notes = [
    integration.expired ? 'expired' : null,
    integration.revokedAt ? 'revoked' : null,
    integration.tokensRetrievedAt ? 'tokens taken' : null,
  ].filter((note) => note !== null);
  return html`${badge(integration.status, STATUS_TONE[integration.status])}${notes.length > 0 ? html` <span class="muted">${notes.join(', ')}</span>` : ''}`;
}

/** Complete (with or without e-receipts) and Cancel, as the merchant would on Rulrr-Connect. */
function pendingActions(workspaceId: string, integration: Integration) {
  const path = `/rulrr/integrations/${integration.id}`;
  return html`<div class="actions">${actionButton({
    path: `${path}/complete`,
    workspaceId,
    label: 'Complete',
    name: `Complete integration ${integration.id}`,
    tone: 'primary',
    fields: html`<label class="check"><input type="checkbox" name="ereceipt" value="on"> E-receipts</label>`,
  })}${actionButton({ path: `${path}/cancel`, workspaceId, label: 'Cancel', name: `Cancel integration ${integration.id}`, tone: 'danger' })}</div>`;
}

/** Rulrr's integrations (STEP 1 onwards), newest first, with the Connect page's two choices for pending ones. */
export function rulrrPanels(rulrr: RulrrServices, workspaceId: string): DashboardPanel[] {
  const integrations = rulrr.flow.latestIntegrations(workspaceId, SHOWN);
  const rows = integrations.map((integration) => {
    const store = integration.storeId === null ? undefined : rulrr.merchants.findStore(workspaceId, integration.storeId);
    return html`<tr>
<td class="num">${integration.id}</td>
<td>${integration.clientId}</td>
<td>${statusOf(integration)}</td>
<td>${store ? html`${store.storeName} <span class="muted">${store.storeId}</span>` : (integration.storeId ?? html`<span class="muted">—</span>`)}</td>
<td>${integration.status === 'finished' ? (integration.ereceipt ? 'on' : 'off') : html`<span class="muted">—</span>`}</td>
<td>${instant(integration.createdAt)}</td>
<td>${instant(integration.status === 'pending' ? integration.expiresAt : integration.finishedAt)}</td>
<td>${integration.status === 'pending' ? pendingActions(workspaceId, integration) : ''}</td>
</tr>`;
  });
  const pending = integrations.filter((integration) => integration.status === 'pending').length;
  return [
    {
      id: INTEGRATIONS_PANEL,
      title: 'Rulrr integrations',
      summary: `${pending} pending${integrations.length >= SHOWN ? ` among the latest ${SHOWN}` : ` of ${integrations.length}`}`,
      wide: true,
      body: dataTable(
        'Rulrr integrations, newest first',
        ['#', 'Client', 'Status', 'Store', 'E-receipts', 'Created', 'Expires / finished', 'Actions'],
        rows,
        'No integrations yet: STEP 1 (POST /rulrr/v1/auth/integration) makes one.',
      ),
    },
  ];
}
