/**
 * The dashboard in a real browser: Debian's Chromium, driven by playwright-core, against a sandbox
 * listening on a real socket (its webhook worker runs). State is made through the APIs; the page
 * must show it, and its buttons must change it.
 *
 * Needs /usr/bin/chromium (Debian package `chromium`); when it is missing the file FAILS.
 * CHROMIUM_PATH overrides the path. DASHBOARD_SCREENSHOT=<file.png> also saves a screenshot of
 * the busy demo workspace (how docs/dashboard.png is made).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config.js';
import { buildTestApp } from '../helpers/build.js';
import { launchChromium } from '../helpers/chromium.js';
import { Receiver } from '../webhooks/receiver.js';
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

const SCREENSHOT = process.env.DASHBOARD_SCREENSHOT;
const TEST_TIMEOUT = 45_000;
const ADMIN_TOKEN = 'dashboard-s3cret';
/** How long a change may take to show: an action refreshes at once, live refresh within 3 s. */
const SOON = { timeout: 8000 };

let browser: Browser | undefined;
let app: FastifyInstance | undefined;
let receiver: Receiver | undefined;
let origin: string;
let context: BrowserContext;
let page: Page;
/** Script errors and dialogs on the page: an escaped payload raises neither. */
let pageProblems: string[];

/** Set when Chromium could not start: every test then FAILS with it rather than being skipped. */
let setupError: Error | undefined;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A sandbox on a real socket, retrying webhooks fast. */
async function startSandbox(overrides: ConfigInput = {}): Promise<FastifyInstance> {
  app = await buildTestApp({ webhookAttempts: 3, webhookBackoffMs: 50, webhookTimeoutMs: 2000, ...overrides });
  await app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return app;
}

beforeEach(async () => {
  if (setupError) throw setupError;
  context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  pageProblems = [];
  page.on('pageerror', (error) => pageProblems.push(`script error: ${error.message}`));
  page.on('dialog', (dialog) => {
    pageProblems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
});

afterEach(async () => {
  await context?.close();
  await app?.close();
  app = undefined;
  await receiver?.close();
  receiver = undefined;
});

const panel = (id: string): Locator => page.locator(`#panel-${id}`);
/** The status words of a panel, in order. */
const badges = (id: string) => panel(id).locator('.badge').allTextContents();

async function openDashboard(workspace = 'demo') {
  await page.goto(`${origin}/__admin/ui?workspace=${workspace}`);
  await page.getByRole('heading', { name: 'Clock', level: 2 }).waitFor();
}

async function clockOffset(): Promise<number> {
  return (await app!.inject({ url: '/__admin/clock' })).json<{ offsetMs: number }>().offsetMs;
}

describe('the dashboard in Chromium', () => {
  it(
    'shows the state made through the APIs in every panel, and the webhook deliveries as they happen',
    async () => {
      await startSandbox();
      receiver = await new Receiver().start();
      await busyDemo(app!, receiver.url);
      await openDashboard();

      await expect.poll(() => panel('journal').textContent(), SOON).toContain('/rulrr/v1/orders');
      expect(await panel('journal').textContent()).toContain('/kangaroo/api/v1/sales');
      const integrations = panel('rulrr-integrations');
      expect(await integrations.textContent()).toContain('Demo Coffee — Downtown');
      expect(await integrations.getByRole('button', { name: /^Complete integration/ }).count()).toBe(1);
      const receipts = await panel('wll-receipts').textContent();
      expect(receipts).toContain('REJECT / NO_QUALIFYING_PRODUCTS');
      expect(receipts).toContain('AUTHORIZE / VERIFIED');
      expect(receipts).toContain('✓ pepsi-present');
      expect(await panel('wll-rule-sets').textContent()).toContain(RULE_SET_NAME);
      expect(await panel('wll-orders').textContent()).toContain('till-2-0042');
      expect(await panel('kangaroo-branch-links').textContent()).toContain(SHOP_ID);
      expect(await panel('kangaroo-customers').getByRole('row', { name: /johndoe@example\.com/ }).textContent()).toContain('1025');
      const outbox = await panel('outbox').textContent();
      expect(outbox).toContain('+14155550123');
      expect(outbox).toContain('wll.order.placed');
      expect(await panel('faults').textContent()).toContain(FAULT_PATH);

      // Deliveries happen after the page loaded: live refresh brings them in.
      await expect.poll(() => panel('webhooks').getByText('succeeded').count(), { timeout: 15_000 }).toBeGreaterThan(5);
      expect(await panel('webhooks').textContent()).toContain(receiver.url);

      // An outbox payload opened stays open across refreshes.
      const payload = panel('outbox').locator('details').first();
      await payload.locator('summary').click();
      await app!.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT1M' } });
      await expect.poll(() => panel('clock').textContent(), { timeout: 10_000 }).toContain('+1m');
      expect(await panel('outbox').locator('details').first().getAttribute('open')).not.toBeNull();

      if (SCREENSHOT) {
        await page.locator('#panel-outbox details[open] summary').click();
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      }
      expect(pageProblems).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'Complete finishes the pending integration from the keyboard: STEP 2 then reads finished',
    async () => {
      await startSandbox();
      const token = await pendingIntegration(app!, DEMO.rulrr);
      await openDashboard();
      const integrations = panel('rulrr-integrations');
      const ereceipts = integrations.getByRole('checkbox', { name: 'E-receipts' });
      const complete = integrations.getByRole('button', { name: /^Complete integration/ });

      await ereceipts.focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await complete.evaluate((element) => element === element.ownerDocument.activeElement), 'Tab lands on Complete').toBe(true);
      await page.keyboard.press('Enter');

      await expect.poll(() => badges('rulrr-integrations'), SOON).toEqual(['finished']);
      expect(await integrations.getByRole('button').count()).toBe(0);
      expect(await integrationStatus(app!, token)).toBe('finished');
      const tokens = await app!.inject({
        url: `/rulrr/v1/auth/integration/token?client_id=${DEMO.rulrr.client_id}&client_secret=${DEMO.rulrr.client_secret}&integration_token=${token}`,
      });
      expect(tokens.json()).toMatchObject({ success: true, ereceipt: true });
      // The button is gone; the focus waits on the panel's heading, and the page says what happened.
      expect(await page.locator('#panel-rulrr-integrations-title').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
      expect(await page.locator('#notice').textContent()).toBe('Complete: done.');
      expect(pageProblems).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'Cancel ends a pending integration: STEP 2 then reads cancelled',
    async () => {
      await startSandbox();
      const token = await pendingIntegration(app!, DEMO.rulrr);
      await openDashboard();
      await panel('rulrr-integrations').getByRole('button', { name: /^Cancel integration/ }).click();
      await expect.poll(() => badges('rulrr-integrations'), SOON).toEqual(['cancelled']);
      expect(await integrationStatus(app!, token)).toBe('cancelled');
    },
    TEST_TIMEOUT,
  );

  it(
    "moving the clock changes the clock panel and the APIs' clock; giving it back restores both",
    async () => {
      await startSandbox();
      const token = await pendingIntegration(app!, DEMO.rulrr);
      await openDashboard();
      const clock = panel('clock');
      expect(await clock.textContent()).toContain('real time');

      await clock.getByLabel('Move by').fill('P1D');
      await clock.getByRole('button', { name: 'Move the clock' }).click();
      await expect.poll(() => clock.textContent(), SOON).toContain('+1d');
      expect(Math.abs((await clockOffset()) - 86_400_000)).toBeLessThan(5000);
      // Rulrr's clock moved too: a day later, the 15-minute integration has expired.
      expect(await integrationStatus(app!, token)).toBe('cancelled');
      await expect.poll(() => panel('rulrr-integrations').textContent(), SOON).toContain('expired');

      await clock.getByLabel('Move by').fill('soon');
      await clock.getByRole('button', { name: 'Move the clock' }).click();
      await expect.poll(() => page.locator('#notice').textContent(), SOON).toContain('is not an ISO 8601 duration');
      expect(await page.locator('#notice').getAttribute('class')).toContain('error');

      await clock.getByRole('button', { name: 'Give back the real clock' }).click();
      // A moved clock reads "+1d from real time": wait for that to go, not for the words "real time".
      await expect.poll(() => clock.textContent(), SOON).not.toContain('from real time');
      expect(await clock.textContent()).toContain('real time');
      expect(await clockOffset()).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    "the picker switches workspaces, and a second workspace's data never shows in the first's view",
    async () => {
      await startSandbox();
      const other = await secondWorkspace(app!, 'ci-job-42');
      await wllOrder(app!, other.wllKey, 'Only in ci-job-42', 'other-1');
      await pendingIntegration(app!, other.rulrr);
      await wllOrder(app!, DEMO.wllKey, 'Only in demo', 'demo-1');
      await openDashboard();

      const text = () => page.locator('#dashboard').textContent();
      expect(await text()).toContain('Only in demo');
      expect(await text()).not.toContain('Only in ci-job-42');
      expect(await text()).not.toContain(other.rulrr.client_id);

      await page.getByLabel('Workspace', { exact: true }).selectOption(other.workspace);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await page.waitForURL(`${origin}/__admin/ui?workspace=${other.workspace}`);
      await page.getByRole('heading', { name: 'Clock', level: 2 }).waitFor();
      expect(await text()).toContain('Only in ci-job-42');
      expect(await text()).toContain(other.rulrr.client_id);
      expect(await text()).not.toContain('Only in demo');

      // Its buttons act on it alone: Complete here leaves demo untouched.
      await panel('rulrr-integrations').getByRole('button', { name: /^Complete integration/ }).click();
      await expect.poll(() => badges('rulrr-integrations'), SOON).toContain('finished');
      await page.goBack();
      await page.getByRole('heading', { name: 'Clock', level: 2 }).waitFor();
      expect(await text()).not.toContain('Only in ci-job-42');
      expect(await text()).not.toContain(other.rulrr.client_id);
      expect(pageProblems).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows a hostile merchant name and order item as text',
    async () => {
      await startSandbox();
      await busyDemo(app!);
      await openDashboard();
      expect(await panel('wll-receipts').getByText(HOSTILE_MERCHANT, { exact: true }).count()).toBe(1);
      expect(await panel('wll-orders').getByText(`1 × ${HOSTILE_ITEM}`).count()).toBe(1);
      expect(await page.locator('#dashboard img, #dashboard script, #dashboard b').count()).toBe(0);
      expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
      expect(pageProblems).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'a fault is deleted with its button',
    async () => {
      await startSandbox();
      await app!.inject({ method: 'POST', url: '/__admin/faults', payload: { api: 'rulrr', path: FAULT_PATH, status: 502 } });
      await openDashboard();
      const faults = panel('faults');
      expect(await faults.textContent()).toContain(FAULT_PATH);
      await faults.getByRole('button', { name: /^Delete fault \d+$/ }).click();
      await expect.poll(() => faults.textContent(), SOON).toContain('No faults');
      expect((await app!.inject({ url: '/__admin/faults' })).json()).toEqual({ faults: [] });
    },
    TEST_TIMEOUT,
  );
});

describe('the dashboard with SANDBOX_ADMIN_TOKEN set (Chromium)', () => {
  it(
    'asks for the token, refuses a wrong one, and works with the right one until it is forgotten',
    async () => {
      await startSandbox({ adminToken: ADMIN_TOKEN });
      const token = await pendingIntegration(app!, DEMO.rulrr);
      await page.goto(`${origin}/__admin/ui`);

      const field = page.getByLabel('Admin token', { exact: true });
      await field.waitFor();
      expect(await page.locator('[id^="panel-"]').count()).toBe(0);
      expect(await field.evaluate((element) => element === element.ownerDocument.activeElement), 'the prompt has the focus').toBe(true);

      await field.fill('not-the-token');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent(), SOON).toContain('refused');
      expect(await page.locator('[id^="panel-"]').count()).toBe(0);

      await field.fill(ADMIN_TOKEN);
      await page.getByRole('button', { name: 'Open the dashboard' }).click();
      await page.getByRole('heading', { name: 'Clock', level: 2 }).waitFor();
      expect(await page.getByLabel('Admin token', { exact: true }).isVisible()).toBe(false);

      // Its buttons send the token.
      await panel('rulrr-integrations').getByRole('button', { name: /^Complete integration/ }).click();
      await expect.poll(() => badges('rulrr-integrations'), SOON).toContain('finished');
      expect(await integrationStatus(app!, token)).toBe('finished');

      // The tab keeps it across pages; forgetting it asks again.
      await page.reload();
      await page.getByRole('heading', { name: 'Clock', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Forget the admin token' }).click();
      await page.getByLabel('Admin token', { exact: true }).waitFor();
      expect(await page.locator('[id^="panel-"]').count()).toBe(0);
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(await context.cookies()).toEqual([]);
      expect(pageProblems.filter((problem) => !problem.includes('401'))).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
