import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

const register = (payload: unknown, workspace = 'demo') =>
  app.inject({ method: 'POST', url: `/__admin/webhooks?workspace=${workspace}`, payload: payload as object });

describe('/__admin/webhooks', () => {
  it('registers a webhook (201) and shows its secret then only', async () => {
    const created = await register({ url: 'https://pos.example.test/hooks?x=1', events: ['rulrr.integration.finished', '*', '*'], description: ' CI ' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^wh_[\w-]{16}$/),
      url: 'https://pos.example.test/hooks?x=1',
      events: ['rulrr.integration.finished', '*'],
      description: 'CI',
      secret: expect.stringMatching(/^whsec_[\w-]{32}$/),
      createdAt: expect.any(String),
    });

    const listed = await app.inject({ method: 'GET', url: '/__admin/webhooks' });
    const { secret: _secret, ...shown } = body;
    expect(listed.json()).toEqual({ webhooks: [shown] });
    expect(listed.body).not.toContain(body.secret);
    expect((await app.inject({ method: 'GET', url: `/__admin/webhooks/${body.id}/deliveries` })).json()).toEqual({ deliveries: [] });
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://pos.example.test/hooks', events: ['*'] }, 'http:// or https://'],
    ['a file URL', { url: 'file:///etc/passwd', events: ['*'] }, 'http:// or https://'],
    ['no URL', { events: ['*'] }, 'url'],
    ['an over-long URL', { url: `https://pos.example.test/${'a'.repeat(2100)}`, events: ['*'] }, 'url'],
    ['no event types', { url: 'http://127.0.0.1/hooks', events: [] }, 'events'],
    ['an event type with a space', { url: 'http://127.0.0.1/hooks', events: ['rulrr integration'] }, 'dotted event type'],
    ['an empty segment', { url: 'http://127.0.0.1/hooks', events: ['rulrr..finished'] }, 'dotted event type'],
    ['a prefix wildcard', { url: 'http://127.0.0.1/hooks', events: ['rulrr.*'] }, 'dotted event type'],
    ['an unknown field', { url: 'http://127.0.0.1/hooks', events: ['*'], secret: 'mine' }, 'secret'],
  ])('answers 400 for %s', async (_name, payload, message) => {
    const response = await register(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining(message) });
    expect((await app.inject({ method: 'GET', url: '/__admin/webhooks' })).json().webhooks).toEqual([]);
  });

  it('accepts any dotted event type, not only those the sandbox records today', async () => {
    const response = await register({ url: 'http://127.0.0.1/hooks', events: ['wll.receipt.reviewed', 'kangaroo.redemption.made', 'my_api.thing-1.done'] });
    expect(response.statusCode).toBe(201);
  });

  it('keeps to 20 webhooks a workspace (409), counting each workspace apart', async () => {
    for (let i = 0; i < 20; i++) expect((await register({ url: `http://127.0.0.1/hooks/${i}`, events: ['*'] })).statusCode).toBe(201);
    const over = await register({ url: 'http://127.0.0.1/hooks/20', events: ['*'] });
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toContain('at most 20');
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces' })).json();
    expect((await register({ url: 'http://127.0.0.1/hooks', events: ['*'] }, other.id)).statusCode).toBe(201);
  });

  it('deletes a webhook once; then it is unknown (404)', async () => {
    const { id } = (await register({ url: 'http://127.0.0.1/hooks', events: ['*'] })).json();
    expect((await app.inject({ method: 'DELETE', url: `/__admin/webhooks/${id}` })).json()).toEqual({ id, deleted: true });
    for (const [method, url] of [['DELETE', `/__admin/webhooks/${id}`], ['GET', `/__admin/webhooks/${id}/deliveries`]] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: `No webhook "${id}" in workspace demo` });
    }
  });

  it('answers 404 for a workspace that does not exist, and 400 for a bad limit', async () => {
    expect((await app.inject({ method: 'GET', url: '/__admin/webhooks?workspace=ws0000000000' })).statusCode).toBe(404);
    expect((await register({ url: 'http://127.0.0.1/hooks', events: ['*'] }, 'ws0000000000')).statusCode).toBe(404);
    const { id } = (await register({ url: 'http://127.0.0.1/hooks', events: ['*'] })).json();
    expect((await app.inject({ method: 'GET', url: `/__admin/webhooks/${id}/deliveries?limit=0` })).statusCode).toBe(400);
  });

  it('goes with its workspace: a deleted workspace leaves no webhook, delivery or event behind', async () => {
    const other = (await app.inject({ method: 'POST', url: '/__admin/workspaces' })).json();
    await register({ url: 'http://127.0.0.1/hooks', events: ['*'] }, other.id);
    const token = (
      await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?client_id=${other.rulrr.clientId}&client_secret=${other.rulrr.clientSecret}` })
    ).json().integrationToken;
    await app.inject({ method: 'POST', url: `/__admin/rulrr/integrations/${token}/cancel?workspace=${other.id}` });
    const count = () =>
      app.db.prepare('SELECT (SELECT count(*) FROM webhooks) + (SELECT count(*) FROM webhook_deliveries) + (SELECT count(*) FROM webhook_events)').pluck().get();
    expect(count()).toBe(3);
    await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${other.id}` });
    expect(count()).toBe(0);
  });
});
