import { actionButton, badge, dataTable, instant, type DashboardPanel } from '../../../core/dashboard.js';
import { html, type SafeHtml } from '../../../lib/html.js';
import type { BranchLink } from '../schemas/integrations.js';
import type { Customer } from '../schemas/loyalty.js';
import type { KangarooServices } from '../services.js';

export const BRANCH_LINKS_PANEL = 'kangaroo-branch-links';
/** Links and customers shown; the API and the admin API have the rest. */
const LINKS_SHOWN = 50;
const CUSTOMERS_SHOWN = 50;

function linkRow(workspaceId: string, link: BranchLink): SafeHtml {
  const action = link.enabled ? 'disable' : 'enable';
  const label = link.enabled ? 'Disable' : 'Enable';
  return html`<tr>
<td class="num">${link.id}</td>
<td>${link.shop_id}<br><span class="muted">account ${link.account_id}</span></td>
<td>${link.store_name ?? html`<span class="muted">—</span>`}${link.store_domain ? html`<br><span class="muted">${link.store_domain}</span>` : ''}</td>
<td><code class="id">${link.branch_id}</code></td>
<td class="num">${link.integration_id}</td>
<td>${link.enabled ? badge('enabled', 'good') : badge('disabled', 'bad')}</td>
<td>${instant(link.created_at)}</td>
<td>${actionButton({ path: `/kangaroo/branch-links/${link.id}/${action}`, workspaceId, label, name: `${label} branch link ${link.id}` })}</td>
</tr>`;
}

function customerRow(customer: Customer): SafeHtml {
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
  return html`<tr>
<td>${name || html`<span class="muted">—</span>`}<br><code class="id">${customer.id}</code></td>
<td>${customer.email ?? html`<span class="muted">—</span>`}</td>
<td>${customer.phone ? `${customer.country_code ?? ''} ${customer.phone}`.trim() : html`<span class="muted">—</span>`}</td>
<td class="num"><strong>${customer.balance.points}</strong></td>
</tr>`;
}

/** Kangaroo's branch links (with the admin API's enable and disable) and its customers' points balances. */
export function kangarooPanels(kangaroo: KangarooServices, workspaceId: string): DashboardPanel[] {
  const links = kangaroo.integrations.allBranchLinks(workspaceId, LINKS_SHOWN);
  const { customers, total } = kangaroo.customers.list(workspaceId, CUSTOMERS_SHOWN, 0);
  return [
    {
      id: BRANCH_LINKS_PANEL,
      title: 'Kangaroo branch links',
      summary: `${links.filter((link) => link.enabled).length} enabled`,
      wide: true,
      body: dataTable(
        'Kangaroo branch links',
        ['Link', 'Shop', 'Store', 'Branch', 'Integration', 'State', 'Created', 'Actions'],
        links.map((link) => linkRow(workspaceId, link)),
        'No branch links yet (POST /kangaroo/api/v1/branch-links).',
      ),
    },
    {
      id: 'kangaroo-customers',
      title: 'Kangaroo customers',
      summary: total > customers.length ? `${customers.length} of ${total}` : `${total}`,
      body: dataTable('Kangaroo customers and their points', ['Customer', 'Email', 'Phone', 'Points'], customers.map(customerRow), 'No customers.'),
    },
  ];
}
