import { randomBytes } from 'node:crypto';

/** Lower-case letters and digits without look-alikes: ids survive being read aloud or retyped. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const DEMO_WORKSPACE = 'demo';

/**
 * `ws` and ten characters: short enough for a log line, and shaped so that a reverse proxy can
 * find it in any credential (`pos-ws…`, `wll_ws…_`, `rat_ws…_`, CONTRACT §1a). An instance tag
 * (SANDBOX_INSTANCE) takes the first characters, so a proxy in front of several instances knows
 * where a workspace lives from its id alone; the rest (at least 30 bits) is random.
 */
export function newWorkspaceId(instanceTag = ''): string {
  let id = `ws${instanceTag}`;
  for (const byte of randomBytes(10 - instanceTag.length)) id += ALPHABET[byte % 32];
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
