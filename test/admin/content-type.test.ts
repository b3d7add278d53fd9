import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';

let app: FastifyInstance;
afterEach(() => app?.close());

const body = JSON.stringify({ advanceBy: 'PT1M' });

describe('admin calls with a body that is not sent as JSON', () => {
  it.each([
    ['no Content-Type', {}, 'The request has a body but no Content-Type'],
    ['text/plain (fetch with a string body)', { 'content-type': 'text/plain;charset=UTF-8' }, 'Unsupported Content-Type "text/plain;charset=UTF-8"'],
    ['a form (curl -d)', { 'content-type': 'application/x-www-form-urlencoded' }, 'Unsupported Content-Type "application/x-www-form-urlencoded"'],
  ])('answer 415 in the admin envelope saying to send JSON: %s', async (_, headers, said) => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/__admin/clock', headers, payload: body });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      error: 'unsupported_media_type',
      message: `${said}. Admin calls take JSON: send Content-Type: application/json`,
    });
    expect((await app.inject({ method: 'GET', url: '/__admin/clock' })).json()).toMatchObject({ offsetMs: 0 });
  });

  it('the same body with Content-Type: application/json is taken', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'content-type': 'application/json' }, payload: body });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ offsetMs: 60_000 });
  });
});
