import { randomBytes } from 'node:crypto';
import { DEMO_WORKSPACE, WORKSPACE_ID_PATTERN, workspaceTokenPrefix } from '../../workspaces/workspace-ids.js';

/** The `kangaroo` part of a workspace (CONTRACT §6): what a POS needs to call the sandbox as it. */
export interface KangarooCredentials {
  clientId: string;
  clientSecret: string;
  applicationKey: string;
  username: string;
  password: string;
}

/**
 * Credentials minted for a workspace carry its id between a prefix and a random hex tail,
 * `<prefix>_<workspaceId>_<hex>` (CONTRACT §1a); the demo workspace's are `<prefix>_<hex>`, as
 * every API's are (`workspaceTokenPrefix`). Demo's fixture client and key carry no prefix at all.
 */
const PREFIXES = {
  client: 'kgc',
  applicationKey: 'kak',
  accessToken: 'kat',
  refreshToken: 'krt',
} as const;

export type CredentialKind = keyof typeof PREFIXES;

const TAIL_BYTES: Record<CredentialKind, number> = { client: 16, applicationKey: 24, accessToken: 32, refreshToken: 32 };
/** Longer than any credential the sandbox mints; a longer value is refused before any parsing. */
export const MAX_CREDENTIAL_LENGTH = 512;
/** `ws` and ten characters (workspace-ids.ts), between the kind's prefix and the hex tail. */
const MINTED_ELSEWHERE = /^[a-z]{3}_(ws[0-9a-z]{10})_[0-9a-f]+$/;

function assertWorkspaceId(workspaceId: string): void {
  if (!WORKSPACE_ID_PATTERN.test(workspaceId)) {
    throw new Error(`a workspace id is "demo" or "ws" and ten characters of [0-9a-z] (got ${JSON.stringify(workspaceId)})`);
  }
}

/** A fresh credential of this kind for the workspace. */
export function mintCredential(kind: CredentialKind, workspaceId: string): string {
  assertWorkspaceId(workspaceId);
  return `${workspaceTokenPrefix(PREFIXES[kind], workspaceId)}_${randomBytes(TAIL_BYTES[kind]).toString('hex')}`;
}

/**
 * The workspace a presented credential belongs to: the one it names when it has the minted form,
 * else demo. Only a lookup in that workspace decides whether the credential is real, so a forged
 * prefix opens nothing.
 */
export function workspaceOfCredential(kind: CredentialKind, value: string): string {
  if (value.length > MAX_CREDENTIAL_LENGTH || !value.startsWith(`${PREFIXES[kind]}_ws`)) return DEMO_WORKSPACE;
  return MINTED_ELSEWHERE.exec(value)?.[1] ?? DEMO_WORKSPACE;
}

/** New credentials for a workspace, each naming it (demo's come from the fixtures instead). */
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
