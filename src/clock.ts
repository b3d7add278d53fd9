import { addIsoDuration } from './lib/iso-duration.js';

/** Every timestamp and expiry in every API comes from here, never from Date.now() (CONTRACT §6). */
export interface Clock {
  now(): Date;
}

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

/**
 * Real time plus an offset. The clock keeps ticking after it is moved, the way the real services'
 * clocks do, so a poll loop that waits two seconds still sees two seconds pass.
 */
export class SandboxClock implements Clock {
  constructor(
    private offsetMs = 0,
    private readonly realNow: () => number = Date.now,
    /** Called after every move, so the offset can be persisted and survive a restart. */
    private readonly onChange: (offsetMs: number) => void = () => {},
  ) {}

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  advanceBy(duration: string): void {
    const real = this.realNow();
    this.moveTo(addIsoDuration(new Date(real + this.offsetMs), duration).getTime(), real);
  }

  set(instant: Date): void {
    this.moveTo(instant.getTime(), this.realNow());
  }

  /** Refuses an instant outside 1970–9999 and leaves the clock as it was. */
  private moveTo(target: number, real: number): void {
    if (!Number.isFinite(target) || target < EARLIEST || target > LATEST) {
      throw new ClockRangeError('the sandbox clock stays between 1970-01-01 and 9999-12-31');
    }
    this.offsetMs = target - real;
    this.onChange(this.offsetMs);
  }

  restore(): void {
    this.offsetMs = 0;
    this.onChange(this.offsetMs);
  }

  state(): ClockState {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs, real: this.offsetMs === 0 };
  }
}
