import { addIsoDuration } from './lib/iso-duration.js';

/** Instants the sandbox clock may show: four-digit years, so ISO strings compare in time order. */
const EARLIEST = Date.parse('1970-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export class ClockRangeError extends Error {}

export interface ClockState {
  now: string;
  offsetMs: number;
  /** false while the sandbox clock runs ahead of (or behind) real time. */
  real: boolean;
}

/** The offset that makes the clock show `target` now; refuses an instant outside 1970–9999. */
export function offsetTo(target: number, realNow: number): number {
  if (!Number.isFinite(target) || target < EARLIEST || target > LATEST) {
    throw new ClockRangeError('the sandbox clock stays between 1970-01-01 and 9999-12-31');
  }
  return target - realNow;
}

/** The offset after moving a clock that shows `realNow + offsetMs` by an ISO 8601 duration. */
export function offsetAfter(duration: string, offsetMs: number, realNow: number): number {
  return offsetTo(addIsoDuration(new Date(realNow + offsetMs), duration).getTime(), realNow);
}

export function clockState(offsetMs: number, realNow: number): ClockState {
  return { now: new Date(realNow + offsetMs).toISOString(), offsetMs, real: offsetMs === 0 };
}
