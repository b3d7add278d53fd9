import { createHmac } from 'node:crypto';

/** The headers every delivery carries (README: Webhooks). */
export const SIGNATURE_HEADER = 'Pos-Sandbox-Signature';
export const EVENT_ID_HEADER = 'Pos-Sandbox-Event-Id';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook's secret>`, the
 * scheme Stripe documents for its Stripe-Signature header, so a receiver can check both who sent
 * the body and that it is fresh. The time is real time, not the workspace's sandbox clock: the
 * receiver compares it with its own clock.
 */
export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}
