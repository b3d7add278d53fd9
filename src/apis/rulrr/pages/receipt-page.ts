import { html } from '../../../lib/html.js';
import { formatMinorUnits } from '../../../lib/money.js';
import type { StoreRecord } from '../db/merchant-table.js';
import { page } from './page-layout.js';
import type { Order } from '../schemas.js';

/** The hosted e-receipt the SMS links to. */
export function receiptPage(order: Order, store: StoreRecord | undefined): string {
  const money = (amount: string) => formatMinorUnits(amount, order.currency);
  const storeName = store?.storeName ?? 'Your store';
  const address = [store?.storeAddress, store?.storeCity, store?.storeState, store?.storePostalCode].filter(Boolean).join(', ');
  return page(
    `Receipt from ${storeName}`,
    html`<h1>Receipt from ${storeName}</h1>
<p>${address}${address ? html`<br>` : ''}Order ${order.orderId} · ${new Date(order.createdAt).toUTCString()}</p>
<table>
<tbody>
${order.items.map(
  (item) => html`<tr><td>${item.quantity} × ${item.name}</td><td class="num">${money(String(Math.round(Number(item.price) * item.quantity)))}</td></tr>
`,
)}${order.subtotal !== null ? html`<tr><td>Subtotal</td><td class="num">${money(order.subtotal)}</td></tr>` : ''}
${order.tax !== null ? html`<tr><td>Tax</td><td class="num">${money(order.tax)}</td></tr>` : ''}
<tr class="total"><td>Total</td><td class="num">${money(order.total)}</td></tr>
</tbody>
</table>`,
  );
}

export function receiptNotFoundPage(): string {
  return page('Receipt not found', html`<h1>Receipt not found</h1><p>This receipt link is not valid.</p>`);
}
