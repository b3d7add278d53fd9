/** Where the Rulrr API lives on the sandbox (CONTRACT §2); links it hands out are built on it. */
export const RULRR_PREFIX = '/rulrr';
