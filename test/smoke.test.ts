import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from './helpers/build.js';
import { connectedStore } from './helpers/rulrr.js';

let app: FastifyInstance;
afterEach(() => app?.close());

describe('smoke', () => {
  it('completes the flow and reads the store', async () => {
    app = await buildTestApp();
    const tokens = await connectedStore(app, { ereceipt: true });
    const store = await app.inject({ method: 'GET', url: `/rulrr/v1/stores?access_token=${tokens.accessToken}` });
    expect(store.statusCode).toBe(200);
    expect(store.json().store.settings.ereceipt).toBe(true);
  });
});
