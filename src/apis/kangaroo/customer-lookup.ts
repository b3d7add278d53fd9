import { randomBytes } from 'node:crypto';
import type { CustomerRecord, CustomerRepository } from './db/customer-repository.js';
import { type FieldErrorList, RULE } from './field-errors.js';
import { isRefusedCustomerEmail } from './magic-values.js';
import type { Customer, CustomerRef } from './schemas/loyalty.js';
import { coreTime } from './time-format.js';

export const CUSTOMER_RULES = {
  identify: 'The :attribute field is required when none of customer.email / customer.phone are present.',
  countryCodeWithPhone: 'The :attribute field is required when customer.phone is present.',
} as const;

export function customerView(customer: CustomerRecord): Customer {
  return {
    id: customer.id,
    email: customer.email,
    phone: customer.phone,
    country_code: customer.countryCode,
    first_name: customer.firstName,
    last_name: customer.lastName,
    member_since: coreTime(customer.createdAt),
    balance: { points: customer.points },
  };
}

/**
 * The core API's `customer`: by id, or by email or phone + country code, an unknown one being
 * created (Kangaroo also sends a welcome email or SMS then; the sandbox does not).
 */
export class CustomerLookup {
  constructor(private readonly customers: CustomerRepository) {}

  /** Adds the reference's field errors: unknown id, nothing to identify by, the refused email. */
  check(workspaceId: string, ref: CustomerRef, errors: FieldErrorList): void {
    if (ref.id) {
      if (!this.customers.find(workspaceId, ref.id)) errors.add('customer.id', RULE.selected);
      return;
    }
    if (!ref.email && !ref.phone) {
      errors.add('customer.id', CUSTOMER_RULES.identify);
      return;
    }
    if (ref.phone && !ref.country_code) errors.add('customer.country_code', CUSTOMER_RULES.countryCodeWithPhone);
    if (ref.email && isRefusedCustomerEmail(ref.email)) errors.add('customer.email', RULE.selected);
    // A new customer by email cannot take a phone another customer already has.
    if (ref.email && ref.phone && ref.country_code && !this.customers.findByEmail(workspaceId, ref.email)) {
      if (this.customers.findByPhone(workspaceId, ref.country_code, ref.phone)) errors.add('customer.phone', RULE.taken);
    }
  }

  /** The customer a checked reference names, created when unknown. Runs in the caller's transaction. */
  resolve(workspaceId: string, ref: CustomerRef, now: Date): CustomerRecord {
    const found = ref.id
      ? this.customers.find(workspaceId, ref.id)
      : ref.email
        ? this.customers.findByEmail(workspaceId, ref.email)
        : this.customers.findByPhone(workspaceId, ref.country_code ?? '', ref.phone ?? '');
    if (found) return found;
    if (ref.id) throw new Error(`customer ${ref.id} vanished after it was checked`);
    const phone = ref.phone && ref.country_code ? { phone: ref.phone, countryCode: ref.country_code } : { phone: null, countryCode: null };
    return this.customers.insert(
      workspaceId,
      {
        id: randomBytes(16).toString('hex'),
        email: ref.email ?? null,
        ...phone,
        firstName: ref.first_name ?? null,
        lastName: ref.last_name ?? null,
      },
      now,
    );
  }
}
