/**
 * The events Rulrr records (README: Events). Rulrr's public docs describe no webhooks; these are
 * the sandbox's, so a POS test can watch the integration and e-receipts happen.
 */
export const RULRR_EVENTS = {
  integrationFinished: 'rulrr.integration.finished',
  integrationCancelled: 'rulrr.integration.cancelled',
  integrationRevoked: 'rulrr.integration.revoked',
  ereceiptSent: 'rulrr.ereceipt.sent',
  ereceiptFailed: 'rulrr.ereceipt.failed',
} as const;
