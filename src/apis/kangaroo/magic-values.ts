/**
 * Values that make the sandbox fail on purpose, so a POS can test how it handles a refusal.
 * The real Kangaroo has none of these; the README and docs/kangaroo-model.md list them.
 */

/** A customer with this email is always refused: 422 `{"customer.email": ["The selected customer.email is invalid."]}`. */
export const REFUSED_CUSTOMER_EMAIL = 'reject@kangaroo.sandbox.test';

export function isRefusedCustomerEmail(email: string): boolean {
  return email.trim().toLowerCase() === REFUSED_CUSTOMER_EMAIL;
}
