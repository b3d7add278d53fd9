import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { hashPassword, hashToken, verifyPassword } from '../../lib/secrets.js';
import type { ConnectStateSigner } from './connect-state.js';
import type { ClientTable } from './db/client-table.js';
import type { Integration } from './db/integration-table.js';
import type { MerchantTable } from './db/merchant-table.js';
import type { OAuthFlow } from './oauth-flow.js';
import {
  cancelledPage,
  connectedPage,
  consentPage,
  problemPage,
  signInPage,
  type ConnectContext,
} from './pages/connect-page.js';

export interface PageResult {
  status: number;
  html: string;
  /** The workspace the link belongs to, once known (for the request's tag). */
  workspaceId?: string;
}

export interface ConnectLink {
  integration_token?: string | undefined;
  client_id?: string | undefined;
}

export interface ConnectForm extends ConnectLink {
  action?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
  state?: string | undefined;
  store_id?: string | undefined;
  ereceipt?: string | undefined;
}

export const WRONG_CREDENTIALS = 'Incorrect email or password';

type Resolved = { integration: Integration; context: ConnectContext };

/**
 * Rulrr-Connect, STEP 3 of the flow: the merchant signs in, chooses the store and whether to
 * offer e-receipts, and confirms (→ finished) or cancels (→ cancelled). The integration token
 * names the workspace; the merchant signs in among that workspace's merchants only.
 */
export class ConnectFlow {
  /** Checked when the email is unknown, so a wrong email costs as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly flow: OAuthFlow,
    private readonly clients: ClientTable,
    private readonly merchants: MerchantTable,
    private readonly signer: ConnectStateSigner,
    private readonly clock: WorkspaceClock,
  ) {}

  show(link: ConnectLink): PageResult {
    const resolved = this.resolve(link);
    if ('html' in resolved) return resolved;
    return { status: 200, html: signInPage(resolved.context), workspaceId: resolved.integration.workspaceId };
  }

  async submit(form: ConnectForm): Promise<PageResult> {
    const resolved = this.resolve(form);
    if ('html' in resolved) return resolved;
    const page = await this.act(resolved, form);
    return { ...page, workspaceId: resolved.integration.workspaceId };
  }

  private async act({ integration, context }: Resolved, form: ConnectForm): Promise<PageResult> {
    switch (form.action) {
      case 'cancel':
        this.flow.cancel(integration);
        return { status: 200, html: cancelledPage(context.clientName) };
      case 'sign_in':
        return this.signIn(integration, context, form);
      case 'connect':
        return this.connect(integration, context, form);
      default:
        return { status: 400, html: problemPage('Something went wrong', 'The form was not sent as expected.') };
    }
  }

  private async signIn(integration: Integration, context: ConnectContext, form: ConnectForm): Promise<PageResult> {
    const { workspaceId } = integration;
    const email = form.email?.trim().slice(0, 320) ?? '';
    const merchant = email ? this.merchants.findMerchantByEmail(workspaceId, email) : undefined;
    this.decoyHash ??= hashPassword('decoy password for unknown emails');
    const passwordOk = await verifyPassword((form.password ?? '').slice(0, 1024), merchant?.passwordHash ?? (await this.decoyHash));
    if (!merchant || !passwordOk) {
      return { status: 401, html: signInPage(context, { error: WRONG_CREDENTIALS, email }) };
    }
    const stores = this.merchants.storesOf(workspaceId, merchant.id);
    if (stores.length === 0) {
      return {
        status: 409,
        html: problemPage('No store to connect', 'Your Rulrr account has no store yet. Create one in the Rulrr app first.'),
      };
    }
    const state = this.signer.seal({
      integration: hashToken(context.integrationToken),
      merchantId: merchant.id,
      expiresAt: Date.parse(integration.expiresAt),
    });
    return { status: 200, html: consentPage(context, { merchantName: merchant.name, stores, state }) };
  }

  private connect(integration: Integration, context: ConnectContext, form: ConnectForm): PageResult {
    const { workspaceId } = integration;
    const state = form.state ? this.signer.open(form.state, this.clock.now(workspaceId)) : undefined;
    if (!state || state.integration !== hashToken(context.integrationToken)) {
      return { status: 401, html: signInPage(context, { error: 'Your sign-in has expired. Please sign in again.' }) };
    }
    const stores = this.merchants.storesOf(workspaceId, state.merchantId);
    const store = stores.find((candidate) => candidate.storeId === form.store_id);
    if (!store) {
      const merchantName = this.merchants.findMerchant(workspaceId, state.merchantId)?.name ?? '';
      return {
        status: 400,
        html: consentPage(context, { merchantName, stores, state: form.state!, error: 'Choose one of your stores.' }),
      };
    }
    const ereceipt = form.ereceipt === 'on' || form.ereceipt === 'true';
    if (!this.flow.finish(integration, store.storeId, ereceipt)) {
      // It stopped being pending between the page and the click (expired, cancelled elsewhere).
      const current = this.resolve(form);
      return 'html' in current
        ? current
        : { status: 410, html: problemPage('Link no longer valid', 'This connection cannot be completed.') };
    }
    return { status: 200, html: connectedPage(context.clientName, store.storeName, ereceipt) };
  }

  /** The integration behind a link, or the page explaining why the link cannot be used. */
  private resolve(link: ConnectLink): Resolved | PageResult {
    const token = link.integration_token?.trim();
    if (!token) {
      return {
        status: 400,
        html: problemPage('Incomplete link', 'This Rulrr-Connect link has no integration_token.'),
      };
    }
    const integration = this.flow.findIntegration(token);
    if (!integration || (link.client_id && link.client_id !== integration.clientId)) {
      return {
        status: 404,
        html: problemPage('Unknown link', 'This Rulrr-Connect link is not valid: its integration token is unknown.'),
      };
    }
    const { workspaceId } = integration;
    if (integration.status === 'finished') {
      return { status: 410, html: problemPage('Link already used', 'This connection was already completed.'), workspaceId };
    }
    if (integration.status === 'cancelled') {
      return integration.expired
        ? { status: 410, html: problemPage('Link expired', 'This connection link expired: links last 15 minutes.'), workspaceId }
        : { status: 410, html: problemPage('Connection cancelled', 'This connection was cancelled.'), workspaceId };
    }
    const client = this.clients.find(integration.clientId);
    return {
      integration,
      context: { integrationToken: token, clientId: integration.clientId, clientName: client?.name ?? integration.clientId },
    };
  }
}
