import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KANGAROO, envelope, kangarooClient, newWorkspace, passwordTokens, type KangarooClient } from '../../../helpers/kangaroo.js';

/* Every /api/v1 call: bearer token and application key of one workspace, an Accept real clients send. */
let app: FastifyInstance;
let client: KangarooClient;
beforeAll(async () => {
  app = await buildTestApp();
  client = await kangarooClient(app);
});
afterAll(() => app.close());

const branches = (headers: Record<string, string | string[]>) => app.inject({ method: 'GET', url: '/kangaroo/api/v1/branches', headers });
const answer = async (headers: Record<string, string | string[]>) => {
  const response = await branches(headers);
  return { status: response.statusCode, body: response.json() };
};

describe('401 Unauthenticated.', () => {
  const UNAUTHENTICATED = envelope(401, 'Unauthenticated.', 'Unauthenticated.');
  const KEY_MISSING = envelope(401, 'Unauthenticated.', 'The X-Application-Key header is missing or malformed.');
  const KEY_FOREIGN = envelope(401, 'Unauthenticated.', 'The X-Application-Key is not an application key of this business.');

  it.each<[string, () => Record<string, string>, unknown]>([
    ['no headers at all', () => ({}), KEY_MISSING],
    ['no X-Application-Key', () => ({ authorization: `Bearer ${client.tokens.access_token}` }), KEY_MISSING],
    ['no Authorization', () => ({ 'x-application-key': DEMO_KANGAROO.applicationKey }), UNAUTHENTICATED],
    ['an unknown bearer token', () => ({ authorization: 'Bearer kat_0000', 'x-application-key': DEMO_KANGAROO.applicationKey }), UNAUTHENTICATED],
    ['the refresh token as a bearer', () => ({ authorization: `Bearer ${client.tokens.refresh_token}`, 'x-application-key': DEMO_KANGAROO.applicationKey }), UNAUTHENTICATED],
    ['Basic credentials', () => ({ authorization: 'Basic a2FuZ2Fyb286eA==', 'x-application-key': DEMO_KANGAROO.applicationKey }), UNAUTHENTICATED],
    ['an unknown application key', () => ({ authorization: `Bearer ${client.tokens.access_token}`, 'x-application-key': 'kangaroo-other-key' }), KEY_FOREIGN],
  ])('for %s', async (_case, headers, body) => {
    expect(await answer(headers())).toEqual({ status: 401, body });
  });

  it('for a token of one workspace with the application key of another, both ways', async () => {
    const other = await newWorkspace(app);
    const otherTokens = await passwordTokens(app, other.kangaroo);
    expect(await answer({ authorization: `Bearer ${client.tokens.access_token}`, 'x-application-key': other.kangaroo.applicationKey })).toEqual({ status: 401, body: KEY_FOREIGN });
    expect(await answer({ authorization: `Bearer ${otherTokens.access_token}`, 'x-application-key': DEMO_KANGAROO.applicationKey })).toEqual({ status: 401, body: KEY_FOREIGN });
    expect((await answer({ authorization: `Bearer ${otherTokens.access_token}`, 'x-application-key': other.kangaroo.applicationKey })).status).toBe(200);
  });

  it('before the body is read: a bad token with a malformed body is a 401, not a 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/kangaroo/api/v1/integrations',
      headers: { authorization: 'Bearer nope', 'x-application-key': DEMO_KANGAROO.applicationKey, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('Accept', () => {
  it.each([
    ['none', undefined],
    ['application/json', 'application/json'],
    ['*/*', '*/*'],
    ['Kangaroo\'s vendor type', 'application/vnd.kangaroorewards.api.v1+json'],
    ['Kangaroo\'s vendor type with the docs\' trailing ;', 'application/vnd.kangaroorewards.api.v1+json;'],
    ['axios\'s default list', 'application/json, text/plain, */*'],
  ])('answers 200 JSON for %s', async (_case, accept) => {
    const headers = client.headers();
    if (accept === undefined) delete (headers as Record<string, string | undefined>).accept;
    else headers.accept = accept;
    const response = await branches(headers);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it.each(['text/html', 'application/xml', 'application/json;q=0'])('answers %s with 406 in Kangaroo\'s envelope', async (accept) => {
    expect(await answer(client.headers({ accept }))).toEqual({
      status: 406,
      body: envelope(406, 'Not Acceptable', 'Send Accept: application/json or application/vnd.kangaroorewards.api.v1+json.'),
    });
  });
});

describe('rate limits (off in tests unless turned on)', () => {
  it('sends no rate-limit headers while off', async () => {
    const response = await branches(client.headers());
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
  });
});
