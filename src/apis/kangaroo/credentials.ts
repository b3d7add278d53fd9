import { randomBytes } from 'node:crypto';

/** The `kangaroo` part of a workspace (CONTRACT §6): what a POS needs to call the sandbox as it. */
export interface KangarooCredentials {
  clientId: string;
  clientSecret: string;
  applicationKey: string;
  username: string;
  password: string;
}

export const DEMO_WORKSPACE = 'demo';

/**
 * Credentials minted for a workspace carry its id between a prefix and a random hex tail,
 * `<prefix>_<workspaceId>_<hex>` (CONTRACT §1a). The tail is hex, so the last `_` always ends the
 * workspace id, whatever it contains. The demo workspace's fixture credentials carry no prefix.
 */
const PREFIXES = {
  client: 'kgc',
  applicationKey: 'kak',
  accessToken: 'kat',
  refreshToken: 'krt',
} as const;

export type CredentialKind = keyof typeof PREFIXES;

const TAIL_BYTES: Record<CredentialKind, number> = { client: 16, applicationKey: 24, accessToken: 32, refreshToken: 32 };
const WORKSPACE_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Longer than any credential the sandbox mints; a longer value is refused before any parsing. */
export const MAX_CREDENTIAL_LENGTH = 512;

function assertWorkspaceId(workspaceId: string): void {
  if (!WORKSPACE_ID.test(workspaceId)) {
    throw new Error(`a workspace id must be 1–64 characters of A-Z a-z 0-9 . _ - (got ${JSON.stringify(workspaceId)})`);
  }
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return text.length > 0;
}

/** A fresh credential of this kind for the workspace. */
export function mintCredential(kind: CredentialKind, workspaceId: string): string {
  assertWorkspaceId(workspaceId);
  return `${PREFIXES[kind]}_${workspaceId}_${randomBytes(TAIL_BYTES[kind]).toString('hex')}`;
}

/**
 * The workspace a presented credential belongs to: the one it names when it has the minted form,
 * else demo (whose fixture credentials are plain strings). Only a lookup in that workspace
 * decides whether the credential is real, so a forged prefix opens nothing.
 */
export function workspaceOfCredential(kind: CredentialKind, value: string): string {
  if (value.length > MAX_CREDENTIAL_LENGTH) return DEMO_WORKSPACE;
  const prefix = `${PREFIXES[kind]}_`;
  if (!value.startsWith(prefix)) return DEMO_WORKSPACE;
  const last = value.lastIndexOf('_');
  const workspaceId = value.slice(prefix.length, last);
  if (last < prefix.length || !isHex(value.slice(last + 1)) || !WORKSPACE_ID.test(workspaceId)) return DEMO_WORKSPACE;
  return workspaceId;
}

/** New credentials for a workspace other than demo, each naming the workspace. */
export function mintKangarooCredentials(workspaceId: string): KangarooCredentials {
  assertWorkspaceId(workspaceId);
  return {
    clientId: mintCredential('client', workspaceId),
    clientSecret: randomBytes(24).toString('base64url'),
    applicationKey: mintCredential('applicationKey', workspaceId),
    username: `owner+${workspaceId}@kangaroo.sandbox.test`,
    password: randomBytes(18).toString('base64url'),
  };
}
