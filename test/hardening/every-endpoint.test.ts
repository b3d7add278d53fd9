import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuTimedAsync, HTTP_CPU_BUDGET_MS, HTTP_WALL_BUDGET_MS } from '../helpers/cpu-time.js';
import { mustRefuse, requestFor, urlOf, type BadRequest } from './bad-input.js';
import { envelopeProblem } from './envelopes.js';
import { seedOf, type ApiGroup, type RouteCase } from './route-catalogue.js';
import { accessTo, ADMIN_TOKEN, sandboxUnderTest, type Access } from './sandbox-under-test.js';

/*
 * The net over every endpoint of every API, the admin API included, and any route added later:
 * generated bad input (see bad-input.ts), sent with valid credentials (so it reaches the handlers)
 * and without. Whatever arrives: never a 5xx; a refusal is a 4xx in the API's own error body
 * (CONTRACT §4) and writes no row; a request the route's own schema refuses is refused; no request
 * takes more than its CPU budget. Fixed seeds: CI sends the same requests every run. The per-API
 * suites go deeper into each API's own fields; this one only promises the floor, everywhere.
 */

const sandbox = await sandboxUnderTest();
const { app } = sandbox;
const access = accessTo(app);
afterAll(() => app.close());

/**
 * Routes that answer without a credential (the rest must refuse a caller without one). The
 * dashboard's page and its assets are open so that the page can ask for the admin token; with one
 * required, the page shows no workspace's data.
 */
const OPEN = new Set([
  'GET /',
  'GET /openapi/:name.json',
  'GET /__admin/health',
  'GET /__admin/tls/ca.pem',
  'GET /wll/.well-known/jwks.json',
  'GET /__admin/ui',
  'GET /__admin/ui/dashboard.js',
  'GET /__admin/ui/dashboard.css',
]);
const ORDER: ApiGroup[] = ['rulrr', 'wll', 'kangaroo', 'sandbox', 'admin'];
const RUNS = { with: 30, without: 8 } as const;

type Mode = keyof typeof RUNS;
const NO_ACCESS: Access = { headers: {}, known: {}, valid: async () => true };

const settle = () => new Promise((resolve) => setImmediate(resolve));

function summary(request: BadRequest): string {
  const url = urlOf(request);
  const shown = url.length > 160 ? `${url.slice(0, 160)}… (${url.length})` : url;
  const { contentType, payload } = request.body;
  return `${request.method} ${shown} [${(contentType ?? 'no content-type').slice(0, 50)}] body ${payload?.length ?? 0} chars`;
}

class RouteProbe {
  readonly statuses: Record<Mode, Map<number, number>> = { with: new Map(), without: new Map() };
  worstCpuMs = 0;

  constructor(readonly route: RouteCase) {}

  get name(): string {
    return `${this.route.method} ${this.route.url}`;
  }

  async send(request: BadRequest, mode: Mode): Promise<void> {
    // A 2xx may leave work for the event loop (WLL's async orders): it is counted before, not after, the next request.
    await settle();
    const before = sandbox.writes();
    const { body } = request;
    const options: InjectOptions = {
      method: request.method,
      url: urlOf(request),
      headers: body.contentType === undefined ? request.headers : { ...request.headers, 'content-type': body.contentType },
      ...(body.payload === undefined ? {} : { payload: body.payload }),
    };
    const { result: response, cpuMs, wallMs } = await cpuTimedAsync(() => app.inject(options));
    const status = response.statusCode;
    const what = `${mode} credentials: ${summary(request)} → ${status} ${response.body.slice(0, 300)}`;
    this.statuses[mode].set(status, (this.statuses[mode].get(status) ?? 0) + 1);
    this.worstCpuMs = Math.max(this.worstCpuMs, cpuMs);

    expect(status, what).toBeLessThan(500);
    // See cpu-time.ts for why CPU time: other processes on a busy machine do not inflate it.
    expect(cpuMs, `took ${cpuMs.toFixed(0)} ms of CPU: ${what}`).toBeLessThan(HTTP_CPU_BUDGET_MS);
    expect(wallMs, `took ${wallMs.toFixed(0)} ms: ${what}`).toBeLessThan(HTTP_WALL_BUDGET_MS);

    const refusal = mode === 'without' && !OPEN.has(this.name) ? 'no credentials' : mustRefuse(this.route, request);
    if (refusal) expect(status, `must be refused (${refusal}): ${what}`).toBeGreaterThanOrEqual(400);
    if (status < 400) return;
    expect(envelopeProblem(this.route.api, this.route.url, status, String(response.headers['content-type'] ?? ''), response.body), what).toBeUndefined();
    const after = sandbox.writes();
    const written = [...after].filter(([table, n]) => n !== (before.get(table) ?? 0)).map(([table]) => table);
    expect(written, `a refused request wrote rows: ${what}`).toEqual([]);
  }

  async run(mode: Mode, access: Access): Promise<void> {
    try {
      await fc.assert(
        fc.asyncProperty(requestFor(this.route, access.known, access.headers), (request) => this.send(request, mode)),
        { seed: seedOf(`${this.name} ${mode}`), numRuns: RUNS[mode] },
      );
    } catch (error) {
      // A counterexample may hold a 1 MiB body: the report keeps the start of each line.
      if (error instanceof Error) error.message = error.message.split('\n').map((line) => (line.length > 2000 ? `${line.slice(0, 2000)}…` : line)).join('\n');
      throw error;
    }
  }

  report(): string {
    const shown = (mode: Mode) => [...this.statuses[mode]].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    return `${this.name}: with ${shown('with')}; without ${shown('without')}; worst ${this.worstCpuMs.toFixed(0)} ms CPU`;
  }
}

it('sees a write, a route that needs credentials and one that takes a body: the net is live', async () => {
  const before = sandbox.writes();
  await app.inject({ method: 'POST', url: '/__admin/workspaces', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: {} });
  expect(sandbox.writes()).not.toEqual(before);
  expect(sandbox.routes.filter((route) => !OPEN.has(`${route.method} ${route.url}`)).length).toBeGreaterThan(70);
  expect(sandbox.routes.filter((route) => route.json.body !== undefined).length).toBeGreaterThan(20);
});

const probes: RouteProbe[] = [];
afterAll(() => console.info(probes.map((probe) => probe.report()).join('\n')));

for (const api of ORDER) {
  describe(`generated bad input to every ${api} endpoint`, () => {
    const routes = sandbox.routes.filter((route) => route.api === api);

    it('has routes to send it to', () => expect(routes.length).toBeGreaterThan(0));

    for (const route of routes) {
      it(`${route.method} ${route.url}`, { timeout: 60_000 }, async () => {
        const probe = new RouteProbe(route);
        probes.push(probe);
        await probe.run('with', await access(api));
        await probe.run('without', NO_ACCESS);
        // With credentials the requests got past authentication; without, none did (open routes aside).
        expect([...probe.statuses.with.keys()].some((status) => status !== 401 && status !== 403), probe.report()).toBe(true);
        // A fault an admin call left behind would turn the next route's answers into injected 5xx.
        app.db.exec('DELETE FROM faults');
      });
    }
  });
}
