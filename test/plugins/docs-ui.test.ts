import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, FIXTURES_DIR } from '../helpers/build.js';
import { ROOT } from '../helpers/server-process.js';

describe('/docs', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('serves the Swagger UI page, with or without the trailing slash', async () => {
    for (const url of ['/docs', '/docs/']) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('swagger-ui-bundle.js');
    }
  });

  it('serves its scripts, and a configuration that offers every document', async () => {
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(Number(bundle.headers['content-length'])).toBe(bundle.rawPayload.length);
    const config = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(config.body).toContain('/openapi/rulrr.json');
    expect(config.body).toContain('/openapi/admin.json');
    expect((await app.inject({ method: 'GET', url: '/docs/static/nothing.js' })).statusCode).toBe(404);
  });
});

describe('start-up', () => {
  // In a process of its own: which modules a test runner has loaded says nothing.
  const loadedModules = `
    import { createRequire } from 'node:module';
    const { buildApp } = await import('./dist/app.js');
    const { loadConfig } = await import('./dist/config.js');
    const app = await buildApp(loadConfig(['--db', ':memory:', '--fixtures', ${JSON.stringify(FIXTURES_DIR)}]), { logger: false });
    await app.ready();
    const loaded = () => Object.keys(createRequire(import.meta.url).cache);
    const has = (name) => loaded().some((file) => file.includes('/node_modules/' + name + '/'));
    const atStart = { ajv: has('ajv'), swaggerUi: has('@fastify/swagger-ui') };
    await app.inject({ method: 'GET', url: '/docs' });
    console.log(JSON.stringify({ atStart, afterDocs: { swaggerUi: has('@fastify/swagger-ui') } }));
    await app.close();
  `;

  it('loads neither ajv nor the Swagger UI until /docs is opened', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', loadedModules], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ atStart: { ajv: false, swaggerUi: false }, afterDocs: { swaggerUi: true } });
  }, 30_000);
});
