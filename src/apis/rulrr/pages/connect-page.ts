import { html } from '../../../lib/html.js';
import type { StoreRecord } from '../db/merchant-table.js';
import { page } from './page-layout.js';

/** The hidden fields every Rulrr-Connect form carries, since no cookie can (third-party iframe). */
export interface ConnectContext {
  integrationToken: string;
  clientId: string;
  clientName: string;
}

function hiddenFields(context: ConnectContext) {
  return html`<input type="hidden" name="integration_token" value="${context.integrationToken}">
<input type="hidden" name="client_id" value="${context.clientId}">`;
}

function errorBox(message: string | undefined) {
  return message ? html`<p class="error" role="alert" id="form-error">${message}</p>` : '';
}

export function signInPage(context: ConnectContext, options: { error?: string; email?: string } = {}): string {
  return page(
    'Connect your point of sale',
    html`<h1>Connect ${context.clientName} to Rulrr</h1>
<p>Sign in with your Rulrr account to let ${context.clientName} share your store's sales with Rulrr.</p>
${errorBox(options.error)}
<form method="post" novalidate>
${hiddenFields(context)}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${options.email ?? ''}"${options.error ? html` aria-describedby="form-error"` : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions">
<button type="submit" name="action" value="sign_in">Sign in</button>
<button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
</div>
</form>`,
  );
}

export function consentPage(
  context: ConnectContext,
  options: { merchantName: string; stores: StoreRecord[]; state: string; error?: string },
): string {
  return page(
    'Choose your store',
    html`<h1>Connect ${context.clientName}</h1>
<p>Signed in as ${options.merchantName}. ${context.clientName} will be able to:</p>
<ul class="scopes">
<li>update your store profile</li>
<li>send your customers list</li>
<li>send orders and transactions</li>
</ul>
${errorBox(options.error)}
<form method="post">
${hiddenFields(context)}
<input type="hidden" name="state" value="${options.state}">
<label for="store">Store</label>
<select id="store" name="store_id" required>
${options.stores.map(
  (store, i) => html`<option value="${store.storeId}"${i === 0 ? html` selected` : ''}>${store.storeName}</option>
`,
)}</select>
<div class="check">
<input id="ereceipt" name="ereceipt" type="checkbox" value="on" aria-describedby="ereceipt-hint">
<span><label for="ereceipt">E-receipts</label><span class="hint" id="ereceipt-hint">Offer customers a receipt by text message at checkout.</span></span>
</div>
<div class="actions">
<button type="submit" name="action" value="connect">Connect</button>
<button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
</div>
</form>`,
  );
}

export function connectedPage(clientName: string, storeName: string, ereceipt: boolean): string {
  return page(
    'Connected',
    html`<div class="status" aria-hidden="true">✓</div>
<h1>Connected</h1>
<p>${clientName} is now connected to ${storeName}. E-receipts are ${ereceipt ? 'on' : 'off'}.</p>
<p>You can return to your point of sale.</p>`,
  );
}

export function cancelledPage(clientName: string): string {
  return page(
    'Connection cancelled',
    html`<h1>Connection cancelled</h1>
<p>${clientName} was not connected to Rulrr. Start again from your point of sale if you change your mind.</p>`,
  );
}

/** The pages for a link that cannot be used: unknown (404) or used, cancelled, expired (410). */
export function problemPage(title: string, explanation: string): string {
  return page(title, html`<h1>${title}</h1><p>${explanation}</p><p>Start the connection again from your point of sale.</p>`);
}
