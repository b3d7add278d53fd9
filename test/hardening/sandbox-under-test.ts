import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { DEMO_STORE_ID, FIXTURES_DIR, query } from '../helpers/build.js';
import { JOHN_ID, VIRTUAL_BRANCH_ID } from '../helpers/kangaroo.js';
import { USER } from '../helpers/wll.js';
import type { Known } from './bad-input.js';
import { catalogue, type ApiGroup, type RouteCase } from './route-catalogue.js';

/*
 * The app the hardening suite sends bad input to: the real one, with an admin token (so admin
 * routes can be called with and without credentials), every route it registers, and a count of
 * every row any statement inserts, updates or deletes.
 */

export const ADMIN_TOKEN = 'hardening-admin-token';

/**
 * Tables a refused request may still write to: the request journal records every call, and a
 * workspace's last use is stamped after every answer. Every other table is counted.
 */
const JOURNAL_TABLE = 'request_journal';

export interface SandboxUnderTest {
  app: FastifyInstance;
  routes: RouteCase[];
  /** Rows written so far, per table. */
  writes(): Map<string, number>;
}

export async function sandboxUnderTest(): Promise<SandboxUnderTest> {
  const registered: RouteOptions[] = [];
  const config = configSchema.parse({ dbPath: ':memory:', fixturesDir: FIXTURES_DIR, logLevel: 'silent', kangarooRateLimit: 'off', adminToken: ADMIN_TOKEN });
  const app = await buildApp(config, { logger: false, onRoute: (route) => registered.push(route) });
  await app.ready();
  // Costs paid once per process or workspace, not per request: the OpenAPI document is built on
  // first demand (~0.3 s of CPU), and demo's WLL signing key is made the first time it is needed.
  for (const name of ['rulrr', 'wll', 'kangaroo', 'admin']) await app.inject({ method: 'GET', url: `/openapi/${name}.json` });
  await app.inject({ method: 'GET', url: '/wll/.well-known/jwks.json' });

  const tables = app.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name")
    .pluck()
    .all(JOURNAL_TABLE) as string[];
  app.db.exec('CREATE TEMP TABLE hardening_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT');
  for (const table of tables) {
    // Table names come from sqlite_schema; none needs quoting beyond the double quotes.
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      const on = table === 'workspaces' && event === 'UPDATE' ? 'UPDATE OF name, credentials, clock_offset_ms, ttl, ttl_ms' : event;
      app.db.exec(
        `CREATE TEMP TRIGGER "hardening_${table}_${event}" AFTER ${on} ON main."${table}" BEGIN
           INSERT INTO hardening_writes VALUES ('${table}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1;
         END`,
      );
    }
  }
  const read = app.db.prepare<[], { tbl: string; n: number }>('SELECT tbl, n FROM hardening_writes');
  return { app, routes: catalogue(registered), writes: () => new Map(read.all().map((row) => [row.tbl, row.n])) };
}

/** What a request needs to get past authentication to a route of one API, and the ids worth sending it. */
export interface Access {
  headers: Record<string, string>;
  known: Known;
  /** Whether the credentials still work: a run may have refreshed them away, reset or deleted the workspace. */
  valid(): Promise<boolean>;
}

/** Paging parameters every API names alike, with values inside their limits. */
const PAGING: Known = { page: ['1', '2'], per_page: ['1', '15', '100'], limit: ['1', '10', '100'], skip: ['0', '1'], offset: ['0'] };

interface NewWorkspace {
  id: string;
  rulrr: { clientId: string; clientSecret: string; merchant: { email: string; password: string } };
  wll: { apiKey: string };
  kangaroo: { clientId: string; clientSecret: string; applicationKey: string; username: string; password: string };
}

/**
 * Credentials and ids for one API's routes, in a workspace of their own. Made once per API and
 * made again when a run spoiled them: a new WLL workspace costs an RSA key, a few hundred
 * milliseconds of CPU.
 */
export function accessTo(app: FastifyInstance): (api: ApiGroup) => Promise<Access> {
  const call = async (method: 'GET' | 'POST', url: string, options: { payload?: object | string; headers?: Record<string, string> } = {}) => {
    const admin = url.startsWith('/__admin') ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {};
    const response = await app.inject({ method, url, headers: { ...admin, ...options.headers }, ...(options.payload === undefined ? {} : { payload: options.payload }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return response.json<Record<string, unknown>>();
  };
  const works = async (url: string, headers: Record<string, string>) => (await app.inject({ method: 'GET', url, headers })).statusCode === 200;

  const rulrr = async (ws: NewWorkspace): Promise<Access> => {
    const client = { client_id: ws.rulrr.clientId, client_secret: ws.rulrr.clientSecret };
    const finished = String((await call('POST', `/rulrr/v1/auth/integration?${query(client)}`)).integrationToken);
    await call('POST', `/__admin/rulrr/integrations/${finished}/complete?workspace=${ws.id}`, { payload: { ereceipt: true } });
    const tokens = await call('GET', `/rulrr/v1/auth/integration/token?${query({ ...client, integration_token: finished })}`);
    const pending = String((await call('POST', `/rulrr/v1/auth/integration?${query(client)}`)).integrationToken);
    const access = String(tokens.accessToken);
    const uploadUrl = String((await call('GET', `/rulrr/v1/customers?access_token=${access}`)).uploadUrl);
    const order = (await call('POST', `/rulrr/v1/orders?access_token=${access}`, { payload: { orderId: 'o-1', total: '450', customer: { phone: '+14155550123' }, ereceipt: true } })) as {
      order: { ereceipt: { url: string } };
    };
    const headers = { authorization: `Bearer ${access}` };
    return {
      headers,
      known: {
        client_id: [client.client_id],
        client_secret: [client.client_secret],
        access_token: [access],
        refresh_token: [String(tokens.refreshToken)],
        integration_token: [pending, finished],
        uploadToken: [uploadUrl.split('/').at(-1)!],
        receiptId: [order.order.ereceipt.url.split('/').at(-1)!],
        orderId: ['o-1'],
        email: [ws.rulrr.merchant.email],
        password: [ws.rulrr.merchant.password],
        storeId: [DEMO_STORE_ID],
        action: ['sign_in', 'connect', 'cancel'],
      },
      valid: () => works('/rulrr/v1/stores', headers),
    };
  };

  const wll = async (ws: NewWorkspace): Promise<Access> => {
    const token = String((await call('POST', '/__admin/wll/tokens', { payload: { apiKey: ws.wll.apiKey, type: 'admin', authIdentifier: 'hardening' } })).token);
    const headers = { 'x-api-key': ws.wll.apiKey, authorization: `Bearer ${token}` };
    const idsOf = async (path: string) => ((await call('GET', `/wll/v1${path}`, { headers })).data as Array<{ id: string }>).map((item) => item.id);
    const ids = [...(await idsOf('/receipts?limit=3')), ...(await idsOf('/orders?limit=3')), ...(await idsOf('/transactions-rule-engine/rule-sets'))];
    return {
      headers,
      known: { ...PAGING, id: ids, authIdentifier: [USER], workspace: [ws.id], pictureUrl: ['https://receipts.sandbox.test/party-basket.jpg'] },
      valid: () => works('/wll/v1/receipts?limit=1', headers),
    };
  };

  const kangaroo = async (ws: NewWorkspace): Promise<Access> => {
    const k = ws.kangaroo;
    const grant = await call('POST', '/kangaroo/oauth/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', client_id: k.clientId, client_secret: k.clientSecret, username: k.username, password: k.password, scope: 'admin', application_key: k.applicationKey }).toString(),
    });
    const headers = { authorization: `Bearer ${String(grant.access_token)}`, 'x-application-key': k.applicationKey, accept: 'application/json' };
    const integration = await call('POST', '/kangaroo/api/v1/integrations', { headers, payload: { name: 'Hardening', type: 1 } });
    const link = await call('POST', '/kangaroo/api/v1/branch-links', {
      headers,
      payload: { account_id: 'a', shop_id: 'hardening', branch_id: VIRTUAL_BRANCH_ID, integration_id: integration.integration_id },
    });
    const sale = await call('POST', '/kangaroo/api/v1/sales', {
      headers,
      payload: { branch_link_id: link.id, customer: { id: JOHN_ID }, amount: 12.5, transaction_details: { external_order_id: 'h-1' } },
    });
    return {
      headers,
      known: {
        ...PAGING,
        client_id: [k.clientId],
        client_secret: [k.clientSecret],
        username: [k.username],
        password: [k.password],
        application_key: [k.applicationKey],
        refresh_token: [String(grant.refresh_token)],
        grant_type: ['password', 'client_credentials', 'refresh_token'],
        scope: ['admin'],
        id: [JOHN_ID, String(integration.integration_id), String(link.id), String((sale.data as { id: number }).id)],
        branch_link_id: [String(link.id)],
        integration_id: [String(integration.integration_id)],
        branch_id: [VIRTUAL_BRANCH_ID],
      },
      valid: () => works('/kangaroo/api/v1/branches', headers),
    };
  };

  const admin = async (ws: NewWorkspace): Promise<Access> => {
    const client = { client_id: ws.rulrr.clientId, client_secret: ws.rulrr.clientSecret };
    const pending = String((await call('POST', `/rulrr/v1/auth/integration?${query(client)}`)).integrationToken);
    // The first WLL token of a workspace makes its signing key (an RSA key pair, ~0.2 s of CPU
    // once): made here, and again after a run reset the workspace, so no request pays for it.
    const signingKey = () => call('POST', '/__admin/wll/tokens', { payload: { apiKey: ws.wll.apiKey, type: 'user', authIdentifier: USER } });
    await signingKey();
    return {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      known: { ...PAGING, workspace: [ws.id], id: [ws.id, '1', 'p-1'], integrationToken: [pending], storeId: [DEMO_STORE_ID], apiKey: [ws.wll.apiKey] },
      valid: async () => app.workspaces.exists(ws.id) && (await signingKey(), true),
    };
  };

  const sandbox = async (): Promise<Access> => ({
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    known: { name: ['rulrr', 'wll', 'kangaroo', 'admin'] },
    valid: async () => true,
  });

  const made = new Map<ApiGroup, Access>();
  return async (api) => {
    const kept = made.get(api);
    if (kept && (await kept.valid())) return kept;
    const ws = (await call('POST', '/__admin/workspaces', { payload: {} })) as unknown as NewWorkspace;
    const access = await { rulrr, wll, kangaroo, admin, sandbox }[api](ws);
    made.set(api, access);
    return access;
  };
}
