/** `2019-08-24T14:15:22Z`: the integrations host's form (its branch-link example). */
export function integrationsTime(instant: Date | string): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2020-06-03T18:41:34+00:00`: the core API's form (offers, rewards, transactions). */
export function coreTime(instant: Date | string): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** How instants are stored: UTC ISO strings, which compare in time order with the clock's. */
export function storedInstant(instant: string): string {
  return new Date(instant).toISOString();
}
