import type { Clock } from '../../clock.js';
import { hashPassword, verifyPassword } from '../../lib/secrets.js';
import type { ClientStore } from './client-store.js';
import {
  cancelledPage,
  connectedPage,
  consentPage,
  problemPage,
  signInPage,
  type ConnectContext,
} from './connect-page.js';
import type { ConnectStateSigner } from './connect-state.js';
import type { Integration } from './integration-store.js';
import type { MerchantStore } from './merchant-store.js';
import type { OAuthFlow } from './oauth-flow.js';

export interface PageResult {
  status: number;
  html: string;
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

/** Checked when the email is unknown, so a wrong email costs as long as a wrong password. */
const DECOY_PASSWORD_HASH = hashPassword('decoy password for unknown emails');

/**
 * Rulrr-Connect, STEP 3 of the flow: the merchant signs in, chooses the store and whether to
 * offer e-receipts, and confirms (→ finished) or cancels (→ cancelled).
 */
export class ConnectService {
  constructor(
    private readonly flow: OAuthFlow,
    private readonly clients: ClientStore,
    private readonly merchants: MerchantStore,
    private readonly signer: ConnectStateSigner,
    private readonly clock: Clock,
  ) {}

  show(link: ConnectLink): PageResult {
    const resolved = this.resolve(link);
    if ('html' in resolved) return resolved;
    return { status: 200, html: signInPage(resolved.context) };
  }

  submit(form: ConnectForm): PageResult {
    const resolved = this.resolve(form);
    if ('html' in resolved) return resolved;
    const { integration, context } = resolved;
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

  private signIn(integration: Integration, context: ConnectContext, form: ConnectForm): PageResult {
    const email = form.email?.trim() ?? '';
    const merchant = email ? this.merchants.findMerchantByEmail(email) : undefined;
    const passwordOk = verifyPassword(form.password ?? '', merchant?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!merchant || !passwordOk) {
      return { status: 401, html: signInPage(context, { error: WRONG_CREDENTIALS, email }) };
    }
    const stores = this.merchants.storesOf(merchant.id);
    if (stores.length === 0) {
      return {
        status: 409,
        html: problemPage('No store to connect', 'Your Rulrr account has no store yet. Create one in the Rulrr app first.'),
      };
    }
    const state = this.signer.seal({
      integrationId: integration.id,
      merchantId: merchant.id,
      expiresAt: Date.parse(integration.expiresAt),
    });
    return { status: 200, html: consentPage(context, { merchantName: merchant.name, stores, state }) };
  }

  private connect(integration: Integration, context: ConnectContext, form: ConnectForm): PageResult {
    const state = form.state ? this.signer.open(form.state, this.clock.now()) : undefined;
    if (!state || state.integrationId !== integration.id) {
      return { status: 401, html: signInPage(context, { error: 'Your sign-in has expired. Please sign in again.' }) };
    }
    const stores = this.merchants.storesOf(state.merchantId);
    const store = stores.find((candidate) => candidate.storeId === form.store_id);
    if (!store) {
      const merchantName = this.merchants.findMerchant(state.merchantId)?.name ?? '';
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
  private resolve(link: ConnectLink): { integration: Integration; context: ConnectContext } | PageResult {
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
    if (integration.status === 'finished') {
      return { status: 410, html: problemPage('Link already used', 'This connection was already completed.') };
    }
    if (integration.status === 'cancelled') {
      return integration.expired
        ? { status: 410, html: problemPage('Link expired', 'This connection link expired: links last 15 minutes.') }
        : { status: 410, html: problemPage('Connection cancelled', 'This connection was cancelled.') };
    }
    const client = this.clients.find(integration.clientId);
    return {
      integration,
      context: { integrationToken: token, clientId: integration.clientId, clientName: client?.name ?? integration.clientId },
    };
  }
}
