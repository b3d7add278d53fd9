import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KANGAROO, JOHN_ID, kangarooClient, linkShop, newWorkspace, passwordTokens, tokenByForm, tokenByJson, type KangarooCredentials } from '../../../helpers/kangaroo.js';

/* CONTRACT §1a over HTTP: nothing of one workspace's Kangaroo is usable or visible from another. */
let app: FastifyInstance;
let other: { id: string; kangaroo: KangarooCredentials };
beforeAll(async () => {
  app = await buildTestApp();
  other = await newWorkspace(app);
});
afterAll(() => app.close());

describe('two workspaces', () => {
  it('each sign in with their own client, and the token names the workspace', async () => {
    expect((await passwordTokens(app)).access_token).toMatch(/^kat_[0-9a-f]{64}$/);
    expect((await passwordTokens(app, other.kangaroo)).access_token).toMatch(new RegExp(`^kat_${other.id}_[0-9a-f]{64}$`));
  });

  it('never mix clients, secrets, users and application keys across workspaces', async () => {
    const grant = (credentials: Record<string, string>) => tokenByForm(app, { grant_type: 'password', scope: 'admin', ...credentials });
    const base = { client_id: other.kangaroo.clientId, client_secret: other.kangaroo.clientSecret, username: other.kangaroo.username, password: other.kangaroo.password, application_key: other.kangaroo.applicationKey };
    expect((await grant(base)).statusCode).toBe(200);
    expect((await grant({ ...base, client_secret: DEMO_KANGAROO.clientSecret })).json().error).toBe('invalid_client');
    expect((await grant({ ...base, username: DEMO_KANGAROO.username, password: DEMO_KANGAROO.password })).json().error).toBe('invalid_grant');
    expect((await grant({ ...base, application_key: DEMO_KANGAROO.applicationKey })).json().hint).toBe('Check the `application_key` parameter');
    expect((await tokenByJson(app, { grant_type: 'client_credentials', scope: 'admin', client_id: DEMO_KANGAROO.clientId, client_secret: other.kangaroo.clientSecret })).statusCode).toBe(401);
  });

  it('never refresh one workspace\'s refresh token with another\'s client', async () => {
    const { refresh_token } = await passwordTokens(app);
    const response = await tokenByForm(app, { grant_type: 'refresh_token', refresh_token, client_id: other.kangaroo.clientId, client_secret: other.kangaroo.clientSecret });
    expect(response.json()).toMatchObject({ error: 'invalid_request', hint: 'Cannot decrypt the refresh token' });
  });

  it('keep their integrations, links, customers, balances and events apart', async () => {
    const demo = await kangarooClient(app);
    const second = await kangarooClient(app, other.kangaroo);
    const demoLink = await linkShop(demo);
    const secondLink = await linkShop(second);
    const reward = (client: typeof demo, branch_link_id: number, customer: object) =>
      client.call('POST', '/transactions', { branch_link_id, intent: 'reward', points: 500, customer });
    expect((await reward(second, secondLink, { id: JOHN_ID })).json().data.customer.balance.points).toBe(1500);
    expect((await reward(second, secondLink, { id: JOHN_ID })).json().data.customer.balance.points).toBe(2000);
    expect((await demo.call('GET', `/customers/${JOHN_ID}`)).json().data.balance.points).toBe(1000);
    const created = (await reward(second, secondLink, { email: 'only.in.second@example.com' })).json().data.customer;
    expect((await demo.call('GET', `/customers/${created.id}`)).statusCode).toBe(404);
    expect((await reward(demo, demoLink, { id: created.id })).json()).toEqual({ 'customer.id': ['The selected customer.id is invalid.'] });
    await second.call('POST', '/integrations', { name: 'Only here', type: 1 });
    const integrations = (await second.call('GET', '/integrations/2/branch-links')).statusCode;
    expect([integrations, (await demo.call('GET', '/integrations/2/branch-links')).statusCode]).toEqual([200, 404]);
    const secondTransactions = (await second.call('GET', `/customers/${JOHN_ID}/transactions`)).json().data;
    expect((await demo.call('DELETE', `/transactions/${secondTransactions[0].id}`)).statusCode).toBe(404);
    const outbox = (workspace: string) => app.inject({ method: 'GET', url: `/__admin/outbox?api=kangaroo&workspace=${workspace}` }).then((r) => r.json().messages.length);
    expect(await outbox(other.id)).toBe(3);
    expect(await outbox('demo')).toBe(0);
  });
});
