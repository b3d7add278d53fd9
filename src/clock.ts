import { addIsoDuration } from './lib/iso-duration.js';

/** Every timestamp and expiry in every API comes from here, never from Date.now() (CONTRACT §6). */
export interface Clock {
  now(): Date;
}

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
    const now = this.now();
    this.offsetMs += addIsoDuration(now, duration).getTime() - now.getTime();
    this.onChange(this.offsetMs);
  }

  set(instant: Date): void {
    this.offsetMs = instant.getTime() - this.realNow();
    this.onChange(this.offsetMs);
  }

  restore(): void {
    this.offsetMs = 0;
    this.onChange(this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  state(): ClockState {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs, real: this.offsetMs === 0 };
  }
}
