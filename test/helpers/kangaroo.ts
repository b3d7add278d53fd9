import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';

/** The demo workspace's Kangaroo credentials (CONTRACT §3). */
export const DEMO_KANGAROO = {
  clientId: 'kangaroo-demo-client',
  clientSecret: 'kangaroo-demo-secret',
  applicationKey: 'kangaroo-demo-app-key',
  username: 'owner@demo-business.test',
  password: 'demo1234',
} as const;

export type KangarooCredentials = { clientId: string; clientSecret: string; applicationKey: string; username: string; password: string };

export const VIRTUAL_BRANCH_ID = '11eaa5c938ec36cc9df9b42e99312ac8';
export const ORDINARY_BRANCH_ID = '11e696103f8ff5eabb02089e01cf89b5';
/** johndoe@example.com: 1000 points in the fixtures. */
export const JOHN_ID = '11e69610400894b2bb02089e01cf89b5';

type Method = NonNullable<InjectOptions['method']>;

/** POST /kangaroo/oauth/token with form-encoded parameters, as the core API's samples send them. */
export function tokenByForm(app: FastifyInstance, params: Record<string, string>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/kangaroo/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(params).toString(),
  });
}

/** POST /kangaroo/oauth/token with a JSON body, as Kangaroo's Magento extension sends it. */
export function tokenByJson(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/kangaroo/oauth/token',
    headers: { 'content-type': 'application/json', accept: '*/*', ...headers },
    payload: JSON.stringify(body),
  });
}

/** The form fields of a password grant (the one a POS signs in with) for these credentials. */
export function passwordGrantForm(credentials: KangarooCredentials = DEMO_KANGAROO): Record<string, string> {
  return {
    grant_type: 'password',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    username: credentials.username,
    password: credentials.password,
    scope: 'admin',
    application_key: credentials.applicationKey,
  };
}

/** A password-grant access and refresh token for the workspace whose credentials these are. */
export async function passwordTokens(app: FastifyInstance, credentials: KangarooCredentials = DEMO_KANGAROO) {
  const response = await tokenByForm(app, passwordGrantForm(credentials));
  if (response.statusCode !== 200) throw new Error(`password grant failed: ${response.statusCode} ${response.body}`);
  return response.json<{ access_token: string; refresh_token: string; expires_in: number; token_type: string }>();
}

/** A caller of /kangaroo/api/v1 with a fresh password-grant token of the workspace. */
export async function kangarooClient(app: FastifyInstance, credentials: KangarooCredentials = DEMO_KANGAROO) {
  const tokens = await passwordTokens(app, credentials);
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${tokens.access_token}`,
    'x-application-key': credentials.applicationKey,
    accept: 'application/json',
    ...extra,
  });
  const call = (method: Method, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    app.inject({
      method,
      url: `/kangaroo/api/v1${path}`,
      headers: headers(body === undefined ? extra : { 'content-type': 'application/json', ...extra }),
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  return { tokens, headers, call, credentials };
}

export type KangarooClient = Awaited<ReturnType<typeof kangarooClient>>;

/** An integration and a branch link of one of its shops to the virtual branch; the branch_link_id. */
export async function linkShop(client: KangarooClient, shopId = 'shop-1'): Promise<number> {
  const integration = await client.call('POST', '/integrations', { name: 'ABC', type: 1 });
  if (integration.statusCode !== 201) throw new Error(`integration failed: ${integration.statusCode} ${integration.body}`);
  const link = await client.call('POST', '/branch-links', {
    account_id: 'acct-1',
    shop_id: shopId,
    branch_id: VIRTUAL_BRANCH_ID,
    integration_id: integration.json<{ integration_id: number }>().integration_id,
  });
  if (link.statusCode !== 201) throw new Error(`branch link failed: ${link.statusCode} ${link.body}`);
  return link.json<{ id: number }>().id;
}

/** A fresh workspace (POST /__admin/workspaces) and its Kangaroo credentials. */
export async function newWorkspace(app: FastifyInstance): Promise<{ id: string; kangaroo: KangarooCredentials }> {
  const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} });
  if (response.statusCode !== 201) throw new Error(`workspace failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** Kangaroo's envelope: {"error": {"status_code", "message", "description"}}. */
export function envelope(status: number, message: string, description: unknown = expect.any(String)) {
  return { error: { status_code: status, message, description } };
}
