/**
 * Values that make the sandbox take a failure path on purpose (README: Magic values). The real
 * Rulrr has none of these.
 */

/**
 * An e-receipt SMS to this number fails delivery: the order is stored, its `ereceipt.reason` is
 * `delivery_failed`. It is Twilio's documented test number for an undeliverable destination, in
 * the +1 500 555 range no real phone has.
 */
export const UNDELIVERABLE_PHONE = '+15005550001';

export const UNDELIVERABLE_ERROR = `The carrier refused the message: ${UNDELIVERABLE_PHONE} is the sandbox's undeliverable number`;
