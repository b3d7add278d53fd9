import { badge, dataTable, instant, jsonDetails, type DashboardPanel } from '../../../core/dashboard.js';
import { html, type SafeHtml } from '../../../lib/html.js';
import type { RuleEngineOutcome } from '../rules/rule-engine.js';
import type { RuleSetView } from '../rule-sets.js';
import type { Review } from '../schemas/reviews.js';
import type { Receipt } from '../schemas/receipts.js';
import type { Order } from '../schemas/orders.js';
import type { StoredLineItem } from '../schemas/common.js';
import type { WllServices } from '../services.js';

/** The newest receipts and orders shown; the API lists the rest. */
const SHOWN = 20;
/** A line-item list this long says how many more there are instead. */
const ITEMS_SHOWN = 5;

const STATUS_TONE = { AUTHORIZED: 'good', REJECTED: 'bad', PENDING: 'wait' } as const;

/** "3 receipts", or "the latest 20" when there may be more. */
const counted = (count: number, noun: string) => (count >= SHOWN ? `the latest ${SHOWN}` : `${count} ${noun}${count === 1 ? '' : 's'}`);

const money = (value: number | undefined) => (value === undefined ? html`<span class="muted">—</span>` : html`${value.toFixed(2)}`);

function reviewCell(review: Review | null): SafeHtml {
  if (!review) return html`<span class="muted">none</span>`;
  const by = review.isAutomated ? 'automated' : `by ${review.reviwer?.name ?? review.reviwer?.authIdentifier ?? 'a reviewer'}`;
  return html`<strong>${review.verdict}</strong> / ${review.reason} <span class="muted">(${by})</span>${
    review.comment ? html`<p class="comment">${review.comment}</p>` : ''
  }`;
}

function ruleEngineCell(receiptId: string, output: RuleEngineOutcome | null): SafeHtml {
  if (!output) return html`<span class="muted">did not run</span>`;
  const rules = output.rules.map((rule) => html`<li>${rule.result ? '✓' : '✗'} ${rule.name} <span class="muted">(priority ${rule.priority})</span></li>`);
  return html`${output.error ? html`<p class="problem">${output.error}</p>` : ''}<ul class="rules">${rules}</ul>${jsonDetails(
    `rule-engine-${receiptId}`,
    'Output',
    output.params,
  )}`;
}

function lineItems(items: StoredLineItem[] | undefined): SafeHtml {
  if (!items || items.length === 0) return html`<span class="muted">none</span>`;
  const shown = items.slice(0, ITEMS_SHOWN).map(
    (item) => html`<li>${item.quantity} × ${item.description}${item.identifier ? html` <span class="muted">${item.identifier}</span>` : ''}</li>`,
  );
  const more = items.length - ITEMS_SHOWN;
  return html`<ul class="items">${shown}${more > 0 ? html`<li class="muted">and ${more} more</li>` : ''}</ul>`;
}

function receiptRow({ receipt, ruleEngineOutput }: { receipt: Receipt; ruleEngineOutput: RuleEngineOutcome | null }): SafeHtml {
  return html`<tr>
<td>${instant(receipt.createdAt)}<br><code class="id">${receipt.id}</code></td>
<td>${receipt.merchantName ?? html`<span class="muted">unknown</span>`}</td>
<td class="num">${money(receipt.total)}</td>
<td>${badge(receipt.status, STATUS_TONE[receipt.status])}</td>
<td>${reviewCell(receipt.paramountReview)}</td>
<td>${ruleEngineCell(receipt.id, ruleEngineOutput)}</td>
</tr>`;
}

function ruleSetRow(set: RuleSetView): SafeHtml {
  const rules = [...set.rules]
    .sort((a, b) => b.priority - a.priority)
    .map((rule) => html`<li>${rule.name} <span class="muted">${rule.type}, priority ${rule.priority}</span></li>`);
  return html`<tr>
<td>${set.name ?? html`<span class="muted">unnamed</span>`}<br><code class="id">${set.id}</code></td>
<td>${set.isActive ? badge('active', 'good') : badge('inactive')}</td>
<td>${rules.length > 0 ? html`<ul class="rules">${rules}</ul>` : html`<span class="muted">no rules</span>`}</td>
<td>${instant(set.updatedAt)}</td>
</tr>`;
}

function orderRow(order: Order): SafeHtml {
  return html`<tr>
<td>${instant(order.createdAt)}<br><code class="id">${order.id}</code></td>
<td>${order.transactionId ?? html`<span class="muted">—</span>`}</td>
<td>${order.status ? badge(order.status, 'good') : ''}</td>
<td class="num">${money(order.total)}</td>
<td>${lineItems(order.lineItems)}</td>
<td>${order.locationIdentifier ?? html`<span class="muted">—</span>`}</td>
</tr>`;
}

/** WLL's receipts with their paramount review and the rule engine's output, its rule sets, and its orders. */
export function wllPanels(wll: WllServices, workspaceId: string): DashboardPanel[] {
  const receipts = wll.lookups.latest(workspaceId, SHOWN);
  const ruleSets = wll.ruleSets.list(workspaceId);
  const orders = wll.orders.list(workspaceId, { limit: SHOWN });
  return [
    {
      id: 'wll-receipts',
      title: 'WLL receipts',
      summary: counted(receipts.length, 'receipt'),
      wide: true,
      body: dataTable(
        'WLL receipts, newest first',
        ['Claimed', 'Merchant', 'Total', 'Status', 'Paramount review', 'Rule engine'],
        receipts.map(receiptRow),
        'No receipts claimed yet (POST /wll/v1/receipts).',
      ),
    },
    {
      id: 'wll-rule-sets',
      title: 'WLL rule sets',
      summary: `${ruleSets.filter((set) => set.isActive).length} active`,
      body: dataTable('WLL rule sets, newest first', ['Rule set', 'State', 'Rules', 'Updated'], ruleSets.map(ruleSetRow), 'No rule sets.'),
    },
    {
      id: 'wll-orders',
      title: 'WLL orders',
      summary: counted(orders.length, 'order'),
      body: dataTable(
        'WLL orders, newest first',
        ['Placed', 'Transaction', 'Status', 'Total', 'Line items', 'Location'],
        orders.map(orderRow),
        'No orders yet (POST /wll/v1/orders).',
      ),
    },
  ];
}
