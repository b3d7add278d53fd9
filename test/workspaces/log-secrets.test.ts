import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { loggerOptions } from '../../src/lib/log-redaction.js';
import { FIXTURES_DIR, query } from '../helpers/build.js';
import type { WorkspaceBody } from './workspace-fixture.js';

/*
 * The app logs with its real options (loggerOptions) at trace level into a stream read here,
 * while a full Rulrr flow runs in a non-demo workspace with an admin token set. No secret may
 * appear anywhere in what was logged, and every request line names its API and workspace.
 */
const ADMIN_TOKEN = 'admin-token-for-the-log-test-3f9c2a';

interface LogLine {
  msg?: string;
  reqId?: string;
  api?: string;
  workspace?: string;
  req?: { url: string };
  res?: { statusCode: number };
}

let app: FastifyInstance;
const written: string[] = [];
const secrets = new Map<string, string>();
let workspace: WorkspaceBody;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR, adminToken: ADMIN_TOKEN });
  app = await buildApp(config, { logger: { ...loggerOptions('trace'), stream } });
  await app.ready();
  await fullFlow();
}, 30_000);
afterAll(() => app.close());

async function call(options: InjectOptions & { url: string }, expected?: number) {
  const response = await app.inject(options);
  if (expected !== undefined) expect(response.statusCode, `${options.method} ${options.url}: ${response.body}`).toBe(expected);
  return response;
}
const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
  call({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload ? { payload } : {}) }, method === 'POST' && url === '/__admin/workspaces' ? 201 : 200);

/** STEP 1–4 through the Connect page, partner calls, refresh, upload, an order with its receipt, and failures. */
async function fullFlow() {
  workspace = (await admin('POST', '/__admin/workspaces', { name: 'logged' })).json();
  const { clientId, clientSecret, merchant } = workspace.rulrr;
  const client = { client_id: clientId, client_secret: clientSecret };
  secrets.set('client secret', clientSecret).set('merchant password', merchant.password).set('admin token', ADMIN_TOKEN);

  const integrationToken = (await call({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(client)}` }, 200)).json().integrationToken;
  secrets.set('integration token', integrationToken);
  await call({ method: 'GET', url: `/rulrr/v1/auth/integration?${query({ ...client, integration_token: integrationToken })}` }, 200);

  const link = query({ integration_token: integrationToken, client_id: clientId });
  await call({ method: 'GET', url: `/rulrr/connect?${link}` }, 200);
  const form = (fields: Record<string, string>, expected: number) =>
    call(
      {
        method: 'POST',
        url: `/rulrr/connect?${link}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ integration_token: integrationToken, client_id: clientId, ...fields }).toString(),
      },
      expected,
    );
  await form({ action: 'sign_in', email: merchant.email, password: `${merchant.password}-wrong` }, 401);
  const consent = await form({ action: 'sign_in', ...merchant }, 200);
  const state = /name="state" value="([^"]*)"/.exec(consent.body)![1]!;
  secrets.set('Connect sign-in state', state);
  await form({ action: 'connect', state, store_id: 'store-demo-downtown', ereceipt: 'on' }, 200);
  await admin('GET', `/__admin/rulrr/integrations/${integrationToken}?workspace=${workspace.id}`);

  const tokens = (await call({ method: 'GET', url: `/rulrr/v1/auth/integration/token?${query({ ...client, integration_token: integrationToken })}` }, 200)).json();
  secrets.set('access token', tokens.accessToken).set('refresh token', tokens.refreshToken);
  secrets.set('Authorization header', `Bearer ${tokens.accessToken}`).set('admin Authorization header', `Bearer ${ADMIN_TOKEN}`);

  const withToken = (path: string) => `/rulrr${path}${path.includes('?') ? '&' : '?'}access_token=${tokens.accessToken}`;
  await call({ method: 'GET', url: withToken('/v1/stores') }, 200);
  await call({ method: 'GET', url: '/rulrr/v1/stores', headers: { authorization: `Bearer ${tokens.accessToken}` } }, 200);
  await call({ method: 'GET', url: `/v1/stores?access_token=${tokens.accessToken}`, headers: { host: 'api.rulrr.com' } }, 200);
  await call(
    { method: 'PUT', url: withToken('/v1/stores'), payload: { storeName: 'Logged Coffee', storeAddress: '1 Log Lane', storeCountryCode: 'US' } },
    200,
  );
  const refreshed = (await call({ method: 'POST', url: `/rulrr/v1/auth/token?${query({ ...client, refresh_token: tokens.refreshToken })}` }, 200)).json();
  secrets.set('refreshed access token', refreshed.accessToken);

  const { uploadUrl } = (await call({ method: 'GET', url: withToken('/v1/customers') }, 200)).json();
  const uploadPath = new URL(uploadUrl).pathname;
  secrets.set('upload token', uploadPath.split('/').pop()!);
  await call({ method: 'PUT', url: uploadPath, headers: { 'content-type': 'text/csv' }, payload: 'customerId,phone\nc-1,+14155550123\n' }, 200);
  // The router decodes the path, so an upload URL written with an escape still works, and must not show.
  await call({ method: 'PUT', url: uploadPath.replace('/rup_', '/%72up_'), payload: { customers: [{ customerId: 'c-2' }] } }, 200);

  const order = { orderId: 'logged-1', total: '990', customer: { phone: '+14155550123' }, ereceipt: true };
  const { ereceipt } = (await call({ method: 'POST', url: withToken('/v1/orders'), payload: order }, 201)).json().order;
  await call({ method: 'GET', url: withToken('/v1/orders?orderId=logged-1') }, 200);
  await call({ method: 'GET', url: new URL(ereceipt.url).pathname }, 200);
  await admin('GET', `/__admin/outbox?workspace=${workspace.id}`);

  // Failures log too: a wrong secret, a token in a URL that does not decode, a missing admin token.
  await call({ method: 'POST', url: `/rulrr/v1/auth/integration?${query({ client_id: clientId, client_secret: `${clientSecret}x` })}` }, 403);
  await call({ method: 'GET', url: `/rulrr/v1/stores%ZZ?access_token=${tokens.accessToken}` });
  await call({ method: 'GET', url: `/rulrr/v1/orders?orderId=%ZZ&access_token=${tokens.accessToken}` });
  await call({ method: 'GET', url: '/__admin/workspaces', headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } }, 401);
  await call({ method: 'POST', url: `/__admin/rulrr/integrations/${integrationToken}/revoke?workspace=${workspace.id}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, 200);
}

const lines = () => written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);

describe('the log of a full Rulrr flow in a workspace', () => {
  it('logged every request, with its URL redacted', () => {
    const incoming = lines().filter((line) => line.msg === 'incoming request');
    expect(incoming.length).toBeGreaterThanOrEqual(25);
    const urls = incoming.map((line) => line.req!.url);
    expect(urls).toContain(`/rulrr/v1/auth/integration?client_id=${workspace.rulrr.clientId}&client_secret=[redacted]`);
    expect(urls).toContain('/rulrr/uploads/customers/[redacted]');
    expect(urls.some((url) => url.startsWith('/__admin/rulrr/integrations/[redacted]'))).toBe(true);
  });

  it.each(['client secret', 'merchant password', 'admin token', 'integration token', 'access token', 'refresh token', 'refreshed access token', 'upload token', 'Authorization header', 'admin Authorization header', 'Connect sign-in state'])(
    'holds no %s',
    (name) => {
      const secret = secrets.get(name)!;
      expect(secret.length).toBeGreaterThanOrEqual(8);
      const output = written.join('');
      expect(output.includes(secret), `${name} found in the log`).toBe(false);
      expect(output.includes(encodeURIComponent(secret)), `${name} (URL-encoded) found in the log`).toBe(false);
      // A secret written another way (escaped, or with its prefix changed) still gives its random tail away.
      expect(output.includes(secret.slice(-16)), `the end of the ${name} found in the log`).toBe(false);
    },
  );

  it('names the API and the workspace on every completed Rulrr request, and the workspace on admin calls that name one', () => {
    const all = lines();
    const urlOf = new Map(all.filter((line) => line.msg === 'incoming request').map((line) => [line.reqId, line.req!.url]));
    const completed = all
      .filter((line) => line.msg === 'request completed' && line.res!.statusCode < 400)
      .map((line) => ({ url: urlOf.get(line.reqId)!, api: line.api, workspace: line.workspace }));
    const rulrr = completed.filter(({ url }) => url.startsWith('/rulrr') || url.startsWith('/v1/'));
    expect(rulrr.length).toBeGreaterThanOrEqual(16);
    expect(rulrr.filter((line) => line.api !== 'rulrr' || line.workspace !== workspace.id)).toEqual([]);
    const scopedAdmin = completed.filter(({ url }) => url.startsWith('/__admin') && url.includes(`workspace=${workspace.id}`));
    expect(scopedAdmin.length).toBeGreaterThanOrEqual(3);
    expect(scopedAdmin.filter((line) => line.workspace !== workspace.id)).toEqual([]);
  });
});
