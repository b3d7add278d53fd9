/**
 * The sandbox time of one workspace (CONTRACT §1a, §6): every timestamp and expiry an emulated
 * API computes comes from here, never from Date.now(). Each workspace has its own clock.
 */
export interface WorkspaceClock {
  now(workspaceId: string): Date;
}
