import type * as Jose from 'jose';

let loading: Promise<typeof Jose> | undefined;

/**
 * jose, loaded on first use: its 46 modules cost a start ~40 ms, for tokens a run mints and checks
 * later if at all. Every caller is asynchronous already.
 */
export function loadJose(): Promise<typeof Jose> {
  loading ??= import('jose');
  return loading;
}
