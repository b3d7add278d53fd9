import { randomBytes } from 'node:crypto';
import type { MetaTable } from '../../db/meta-table.js';
import { sign, signatureValid } from '../../lib/secrets.js';

/**
 * Who signed in on Rulrr-Connect, carried from the sign-in form to the consent form in a signed
 * hidden field. Browsers block third-party cookies, and this page lives in a POS's iframe.
 */
export interface ConnectState {
  /**
   * SHA-256 of the integration token the sign-in was made on. Not the integration's row id: a row
   * id comes back once its workspace is reset or deleted, and would let the sign-in finish an
   * integration made since, in any workspace; a token never does.
   */
  integration: string;
  merchantId: string;
  /** Epoch ms (sandbox clock) after which the state is refused. */
  expiresAt: number;
}

const KEY_NAME = 'rulrr.connect_state_key';

export class ConnectStateSigner {
  constructor(private readonly meta: MetaTable) {}

  /** The key lives in the database so a form survives a restart; it is made on first use. */
  private key(): string {
    return this.meta.getOrAdd(KEY_NAME, () => randomBytes(32).toString('base64url'));
  }

  seal(state: ConnectState): string {
    const payload = Buffer.from(JSON.stringify([state.integration, state.merchantId, state.expiresAt])).toString(
      'base64url',
    );
    return `${payload}.${sign(this.key(), payload)}`;
  }

  /** The state, or undefined when it was tampered with, is malformed or has expired. */
  open(sealed: string, now: Date): ConnectState | undefined {
    const [payload, signature, extra] = sealed.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    if (!signatureValid(this.key(), payload, signature)) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
    const [integration, merchantId, expiresAt] = decoded as unknown[];
    if (typeof integration !== 'string' || typeof merchantId !== 'string' || typeof expiresAt !== 'number') {
      return undefined;
    }
    if (now.getTime() >= expiresAt) return undefined;
    return { integration, merchantId, expiresAt };
  }
}
