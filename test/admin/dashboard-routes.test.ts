import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import {
  busyDemo,
  DEMO,
  FAULT_PATH,
  HOSTILE_ITEM,
  HOSTILE_MERCHANT,
  integrationStatus,
  pendingIntegration,
  RULE_SET_NAME,
  secondWorkspace,
  SHOP_ID,
  wllOrder,
} from './dashboard-state.js';

let app: FastifyInstance;
afterEach(() => app?.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The HTML of one panel of a dashboard page. */
function panel(page: string, id: string): string {
  const start = page.indexOf(`<section class="panel`, page.indexOf(`id="panel-${id}"`) - 40);
  expect(start, `panel ${id}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

async function dashboard(workspace = 'demo') {
  const response = await app.inject({ url: `/__admin/ui?workspace=${workspace}` });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.body;
}

const post = (url: string, payload = '', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload });

describe('GET /__admin/ui', () => {
  it('answers the page with a policy that runs only its own script and style sheet, and frames nowhere', async () => {
    app = await buildTestApp();
    const response = await app.inject({ url: '/__admin/ui' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(response.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(response.body).not.toMatch(/<script>|<style>| style="| on[a-z]+="/);
    for (const [path, type] of [['/__admin/ui/dashboard.js', 'text/javascript'], ['/__admin/ui/dashboard.css', 'text/css']]) {
      const asset = await app.inject({ url: path! });
      expect(asset.statusCode, path).toBe(200);
      expect(asset.headers['content-type'], path).toBe(`${type}; charset=utf-8`);
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('shows every panel with the state made through the APIs', async () => {
    app = await buildTestApp();
    const busy = await busyDemo(app);
    const page = await dashboard();

    expect(panel(page, 'clock')).toContain('real time');
    expect(panel(page, 'journal')).toContain('/rulrr/v1/orders');
    expect(panel(page, 'journal')).toContain('/wll/v1/receipts');
    const integrations = panel(page, 'rulrr-integrations');
    expect(integrations).toContain('pending');
    expect(integrations).toContain('Demo Coffee — Downtown');
    expect(integrations).toMatch(/aria-label="Complete integration \d+"/);
    const receipts = panel(page, 'wll-receipts');
    expect(receipts).toContain('NO_QUALIFYING_PRODUCTS');
    expect(receipts).toContain('pepsi-present');
    expect(receipts).toContain('Total read from the photo by hand');
    expect(receipts).toContain(busy.hostileReceiptId);
    expect(panel(page, 'wll-rule-sets')).toContain(RULE_SET_NAME);
    expect(panel(page, 'wll-orders')).toContain('till-2-0042');
    expect(panel(page, 'kangaroo-branch-links')).toContain(SHOP_ID);
    expect(panel(page, 'kangaroo-customers')).toMatch(/johndoe@example\.com[\s\S]*<strong>1025<\/strong>/);
    const outbox = panel(page, 'outbox');
    expect(outbox).toContain('+14155550123');
    expect(outbox).toContain('rulrr.ereceipt.sent');
    expect(outbox).toContain('kangaroo.transaction.created');
    expect(panel(page, 'faults')).toContain(FAULT_PATH);
    expect(panel(page, 'webhooks')).toContain('No webhooks');
  });

  it('escapes what callers sent: a merchant name and an order item show as text', async () => {
    app = await buildTestApp();
    await busyDemo(app);
    const page = await dashboard();
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    expect(page).toContain(escape(HOSTILE_MERCHANT));
    expect(page).toContain(escape(HOSTILE_ITEM));
    expect(page).not.toContain('<script>window');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>Evil');
  });

  it("shows one workspace's data only", async () => {
    app = await buildTestApp();
    const other = await secondWorkspace(app, 'ci-job-7');
    await wllOrder(app, other.wllKey, 'Only in the second workspace', 'other-1');
    await pendingIntegration(app, other.rulrr);
    const hook = { url: 'http://127.0.0.1:9/only-second', events: ['*'] };
    expect((await app.inject({ method: 'POST', url: `/__admin/webhooks?workspace=${other.workspace}`, payload: hook })).statusCode).toBe(201);
    const fault = { workspace: other.workspace, path: '/only/second/*', status: 500 };
    expect((await app.inject({ method: 'POST', url: '/__admin/faults', payload: fault })).statusCode).toBe(201);
    await wllOrder(app, DEMO.wllKey, 'Only in demo', 'demo-1');

    const demo = await dashboard();
    const second = await dashboard(other.workspace);
    for (const marker of ['Only in the second workspace', other.rulrr.client_id, hook.url, fault.path]) {
      expect(demo, marker).not.toContain(marker);
      expect(second, marker).toContain(marker);
    }
    expect(demo).toContain('Only in demo');
    expect(second).not.toContain('Only in demo');
    // The picker lists both, demo first, with the open one selected.
    expect(second.indexOf('<option value="demo"')).toBeLessThan(second.indexOf(`<option value="${other.workspace}" selected>`));
  });

  it('answers an HTML 404 for a workspace that does not exist, however it is written', async () => {
    app = await buildTestApp();
    for (const workspace of ['ws0000000000', 'nope', '%3Cscript%3E']) {
      const response = await app.inject({ url: `/__admin/ui?workspace=${workspace}` });
      expect(response.statusCode, workspace).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('id="problem"');
      expect(response.body).not.toContain('<script>');
    }
    expect((await app.inject({ url: '/__admin/ui/panels?workspace=ws0000000000' })).statusCode).toBe(404);
  });

  it('is not in the admin OpenAPI document', async () => {
    app = await buildTestApp();
    const document = (await app.inject({ url: '/openapi/admin.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths).filter((path) => path.includes('/ui'))).toEqual([]);
  });
});

describe('the dashboard with SANDBOX_ADMIN_TOKEN set', () => {
  const TOKEN = 's3cret-admin';

  it('serves the page and its assets without the token, but no workspace data', async () => {
    app = await buildTestApp({ adminToken: TOKEN });
    await pendingIntegration(app, DEMO.rulrr);
    const page = await app.inject({ url: '/__admin/ui?workspace=ws0000000000' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="admin-token"');
    expect(page.body).not.toContain('id="panel-');
    expect(page.body).not.toContain('pos-demo');
    expect((await app.inject({ url: '/__admin/ui/dashboard.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/__admin/ui/dashboard.css' })).statusCode).toBe(200);
  });

  it('answers the panels and the buttons only with the token', async () => {
    app = await buildTestApp({ adminToken: TOKEN });
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const refused = await app.inject({ url: '/__admin/ui/panels' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await app.inject({ url: '/__admin/ui/panels', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const panels = await app.inject({ url: '/__admin/ui/panels?workspace=demo', headers: bearer });
    expect(panels.statusCode).toBe(200);
    expect(panels.body).toContain('id="panel-clock"');

    expect((await post('/__admin/ui/clock/advance', 'advanceBy=P1D')).statusCode).toBe(401);
    expect((await post('/__admin/ui/clock/advance', 'advanceBy=P1D', bearer)).statusCode).toBe(303);
    const clock = await app.inject({ url: '/__admin/clock', headers: bearer });
    expect(clock.json<{ offsetMs: number }>().offsetMs).toBeGreaterThanOrEqual(86_400_000 - 1000);
  });
});

describe('the dashboard buttons', () => {
  it('move, set and give back the clock, coming back to the clock panel', async () => {
    app = await buildTestApp();
    const moved = await post('/__admin/ui/clock/advance?workspace=demo', 'advanceBy=PT2H');
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe('/__admin/ui?workspace=demo#panel-clock');
    const offset = async () => (await app.inject({ url: '/__admin/clock' })).json<{ offsetMs: number }>().offsetMs;
    expect(Math.abs((await offset()) - 7_200_000)).toBeLessThan(1000);
    expect(panel(await dashboard(), 'clock')).toContain('+2h');

    expect((await post('/__admin/ui/clock/set', `set=${encodeURIComponent('2031-01-02T03:04:05Z')}`)).statusCode).toBe(303);
    expect((await app.inject({ url: '/__admin/clock' })).json<{ now: string }>().now.slice(0, 16)).toBe('2031-01-02T03:04');

    expect((await post('/__admin/ui/clock/restore')).statusCode).toBe(303);
    expect(await offset()).toBe(0);
  });

  it('answer a bad duration with an HTML page that says why, and change nothing', async () => {
    app = await buildTestApp();
    const response = await post('/__admin/ui/clock/advance', `advanceBy=${encodeURIComponent('<b>soon</b>')}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/id="problem" role="alert">&quot;&lt;b&gt;soon&lt;\/b&gt;&quot; is not an ISO 8601 duration/);
    expect(response.body).toContain('href="/__admin/ui?workspace=demo"');
    expect((await post('/__admin/ui/clock/set', 'set=tomorrow')).statusCode).toBe(400);
    expect((await app.inject({ url: '/__admin/clock' })).json<{ offsetMs: number }>().offsetMs).toBe(0);
  });

  it('complete a pending Rulrr integration (with e-receipts) and cancel another; a finished one answers 409', async () => {
    app = await buildTestApp();
    const first = await pendingIntegration(app, DEMO.rulrr);
    const second = await pendingIntegration(app, DEMO.rulrr);
    const ids = [...panel(await dashboard(), 'rulrr-integrations').matchAll(/Complete integration (\d+)/g)].map((match) => match[1]);
    expect(ids).toHaveLength(2);
    const [secondId, firstId] = ids;

    const completed = await post(`/__admin/ui/rulrr/integrations/${firstId}/complete?workspace=demo`, 'ereceipt=on');
    expect(completed.statusCode).toBe(303);
    expect(completed.headers.location).toBe('/__admin/ui?workspace=demo#panel-rulrr-integrations');
    expect(await integrationStatus(app, first)).toBe('finished');
    const tokens = await app.inject({ url: `/rulrr/v1/auth/integration/token?client_id=pos-demo&client_secret=pos-demo-secret&integration_token=${first}` });
    expect(tokens.json()).toMatchObject({ success: true, ereceipt: true });

    expect((await post(`/__admin/ui/rulrr/integrations/${secondId}/cancel?workspace=demo`)).statusCode).toBe(303);
    expect(await integrationStatus(app, second)).toBe('cancelled');
    expect((await post(`/__admin/ui/rulrr/integrations/${firstId}/complete?workspace=demo`)).statusCode).toBe(409);
    expect((await post('/__admin/ui/rulrr/integrations/99999/cancel?workspace=demo')).statusCode).toBe(404);
  });

  it("do not reach another workspace's integration", async () => {
    app = await buildTestApp();
    const other = await secondWorkspace(app, 'other');
    const token = await pendingIntegration(app, other.rulrr);
    const id = /Complete integration (\d+)/.exec(panel(await dashboard(other.workspace), 'rulrr-integrations'))![1];
    expect((await post(`/__admin/ui/rulrr/integrations/${id}/complete?workspace=demo`)).statusCode).toBe(404);
    expect(await integrationStatus(app, token, other.rulrr)).toBe('pending');
  });

  it('delete one fault, then every fault', async () => {
    app = await buildTestApp();
    const made = [];
    for (const status of [500, 502]) {
      made.push((await app.inject({ method: 'POST', url: '/__admin/faults', payload: { api: 'rulrr', status } })).json<{ id: number }>().id);
    }
    expect((await post(`/__admin/ui/faults/${made[0]}/delete?workspace=demo`)).statusCode).toBe(303);
    const left = async () => (await app.inject({ url: '/__admin/faults' })).json<{ faults: Array<{ id: number }> }>().faults.map((fault) => fault.id);
    expect(await left()).toEqual([made[1]]);
    expect((await post(`/__admin/ui/faults/${made[0]}/delete?workspace=demo`)).statusCode).toBe(404);
    expect((await post('/__admin/ui/faults/delete?workspace=demo')).statusCode).toBe(303);
    expect(await left()).toEqual([]);
  });

  it('disable and enable a Kangaroo branch link', async () => {
    app = await buildTestApp();
    const { linkId } = await busyDemo(app);
    expect((await post(`/__admin/ui/kangaroo/branch-links/${linkId}/disable?workspace=demo`)).statusCode).toBe(303);
    expect(panel(await dashboard(), 'kangaroo-branch-links')).toContain(`Enable branch link ${linkId}`);
    expect((await post(`/__admin/ui/kangaroo/branch-links/${linkId}/enable?workspace=demo`)).statusCode).toBe(303);
    expect(panel(await dashboard(), 'kangaroo-branch-links')).toContain(`Disable branch link ${linkId}`);
    expect((await post('/__admin/ui/kangaroo/branch-links/999/enable?workspace=demo')).statusCode).toBe(404);
  });

  it('refuse a form another site posts, and take one from the page itself', async () => {
    app = await buildTestApp();
    const crossSite = await post('/__admin/ui/clock/advance', 'advanceBy=P1D', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect((await post('/__admin/ui/clock/advance', 'advanceBy=P1D', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post('/__admin/ui/clock/advance', 'advanceBy=P1D', { origin: 'null' })).statusCode).toBe(403);
    expect((await app.inject({ url: '/__admin/clock' })).json<{ offsetMs: number }>().offsetMs).toBe(0);

    expect((await post('/__admin/ui/clock/advance', 'advanceBy=PT1M', { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
    expect((await post('/__admin/ui/clock/advance', 'advanceBy=PT1M', { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(303);
  });

  it('answer 404 for a workspace that does not exist', async () => {
    app = await buildTestApp();
    const response = await post('/__admin/ui/clock/restore?workspace=ws0000000000');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
