import { clockState, offsetAfter, offsetTo, type ClockState } from '../clock.js';
import type { WorkspaceClock } from '../core/workspace-clock.js';
import type { WorkspaceTable } from './workspace-table.js';

export class UnknownWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super(`No workspace "${workspaceId.slice(0, 60)}"`);
  }
}

/**
 * One sandbox clock per workspace: real time plus the workspace's offset. The offset is read from
 * the database on every use (a prepared primary-key lookup, about a microsecond), so processes
 * sharing the file agree on a clock right after any of them moves it. The clock keeps ticking
 * after a move, the way the real services' clocks do.
 */
export class WorkspaceClocks implements WorkspaceClock {
  constructor(
    private readonly table: WorkspaceTable,
    private readonly realNow: () => number = Date.now,
  ) {}

  /** A workspace deleted while one of its requests was in flight reads real time. */
  now(workspaceId: string): Date {
    return new Date(this.realNow() + (this.table.clockOffset(workspaceId) ?? 0));
  }

  state(workspaceId: string): ClockState {
    return clockState(this.offsetOf(workspaceId), this.realNow());
  }

  advanceBy(workspaceId: string, duration: string): ClockState {
    const real = this.realNow();
    return this.store(workspaceId, offsetAfter(duration, this.offsetOf(workspaceId), real), real);
  }

  set(workspaceId: string, instant: Date): ClockState {
    const real = this.realNow();
    return this.store(workspaceId, offsetTo(instant.getTime(), real), real);
  }

  restore(workspaceId: string): ClockState {
    return this.store(workspaceId, 0, this.realNow());
  }

  private offsetOf(workspaceId: string): number {
    const offset = this.table.clockOffset(workspaceId);
    if (offset === undefined) throw new UnknownWorkspaceError(workspaceId);
    return offset;
  }

  private store(workspaceId: string, offsetMs: number, real: number): ClockState {
    if (!this.table.setClockOffset(workspaceId, offsetMs)) throw new UnknownWorkspaceError(workspaceId);
    return clockState(offsetMs, real);
  }
}
