import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/*
 * Calling the WLL API of a test app as a client would: the demo tenant's key, tokens minted
 * through the admin API, JSON bodies.
 */

export const DEMO_KEY = 'wll-demo-key';
export const USER = '8d68cb91-202a-4c62-a867-8f9a8a1e2f50';
export const picture = (name: string) => `https://receipts.sandbox.test/${name}.jpg`;

export interface TokenOptions {
  apiKey?: string;
  authIdentifier?: string;
  name?: string;
  expiresIn?: number;
}

export async function mintToken(app: FastifyInstance, type: 'user' | 'admin', options: TokenOptions = {}): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/__admin/wll/tokens',
    payload: {
      apiKey: options.apiKey ?? DEMO_KEY,
      type,
      authIdentifier: options.authIdentifier ?? (type === 'admin' ? 'admin-1' : USER),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
    },
  });
  if (response.statusCode !== 200) throw new Error(`minting a token answered ${response.statusCode}: ${response.body}`);
  return response.json<{ token: string }>().token;
}

export interface WllCall {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  token?: string | undefined;
  apiKey?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `path` is under /wll/v1; `apiKey: null` sends none. */
export function wll(app: FastifyInstance, path: string, call: WllCall = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.apiKey !== null) headers['x-api-key'] = call.apiKey ?? DEMO_KEY;
  if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
  return app.inject({
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    url: `/wll/v1${path}`,
    headers,
    ...(call.body === undefined ? {} : { payload: call.body as object }),
  });
}

/** A fresh workspace with its own WLL key. */
export async function newWorkspace(app: FastifyInstance): Promise<{ id: string; apiKey: string }> {
  const created = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: {} });
  if (created.statusCode !== 201) throw new Error(`POST /__admin/workspaces answered ${created.statusCode}: ${created.body}`);
  const body = created.json<{ id: string; wll: { apiKey: string } }>();
  return { id: body.id, apiKey: body.wll.apiKey };
}
