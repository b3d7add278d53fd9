import { randomBytes } from 'node:crypto';

/** Lower-case letters and digits without look-alikes: ids survive being read aloud or retyped. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const DEMO_WORKSPACE = 'demo';

/**
 * `ws` and ten random characters (50 bits): short enough for a log line, and shaped so that a
 * reverse proxy can find it in any credential (`pos-ws…`, `wll_ws…_`, `rat_ws…_`, CONTRACT §1a).
 */
export function newWorkspaceId(): string {
  const bytes = randomBytes(10);
  let id = 'ws';
  for (const byte of bytes) id += ALPHABET[byte % 32];
  return id;
}

/** What `?workspace=` and `/workspaces/{id}` accept, checked before any lookup. */
export const WORKSPACE_ID_PATTERN = /^(?:demo|ws[0-9a-z]{10})$/;

/**
 * A random credential or token minted in a workspace: `<prefix>_<random>` in demo (as before
 * workspaces), `<prefix>_<workspaceId>_<random>` elsewhere, so its workspace shows in a log line
 * and a reverse proxy can route on it (CONTRACT §1a).
 */
export function workspaceTokenPrefix(prefix: string, workspaceId: string): string {
  return workspaceId === DEMO_WORKSPACE ? prefix : `${prefix}_${workspaceId}`;
}
