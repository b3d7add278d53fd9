/**
 * Rulrr-Connect in a real browser (CONTRACT §5): Debian's Chromium, driven by playwright-core,
 * opens a POS page on http://localhost:<posPort>/ that frames the sandbox's Connect page from
 * http://127.0.0.1:<sandboxPort>/ — another origin AND another site, as a real POS frames
 * connect.rulrr.com. The flow must work there without cookies.
 *
 * Needs /usr/bin/chromium (Debian package `chromium`); when it is missing the file FAILS.
 * CHROMIUM_PATH overrides the path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, DEMO_CLIENT, DEMO_MERCHANT, DEMO_STORE_ID, query } from '../../helpers/build.js';
import { launchChromium } from '../../helpers/chromium.js';

const TEST_TIMEOUT = 30_000;
const FIRST_STORE_NAME = 'Demo Coffee — Downtown';

let app: FastifyInstance;
let posServer: Server | undefined;
let browser: Browser | undefined;
let sandboxOrigin: string;
let posOrigin: string;

let context: BrowserContext;
let page: Page;
/** Set-Cookie headers seen on any sandbox response during the current test (read asynchronously). */
let sandboxSetCookies: string[];
let headerReads: Promise<void>[];

/** The POS's own page: a checkout screen that frames Rulrr-Connect (STEP 3). */
function posPage(integrationToken: string): string {
  const src = `${sandboxOrigin}/rulrr/connect?${query({ integration_token: integrationToken, client_id: DEMO_CLIENT.client_id })}`;
  const attr = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Demo POS — connect Rulrr</title>
<style>body { margin: 0; font: 16px system-ui, sans-serif; background: #222; color: #eee; }
header { padding: 12px 16px; } iframe { display: block; border: 0; width: 480px; height: 760px; margin: 0 16px; }</style>
</head>
<body>
<header>Demo POS · Settings › Integrations › Rulrr</header>
<iframe title="Rulrr-Connect" src="${attr}"></iframe>
</body>
</html>`;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The POS's back office talks to the sandbox over the real socket, as a POS would. */
async function createIntegration(): Promise<string> {
  const response = await fetch(`${sandboxOrigin}/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}`, { method: 'POST' });
  expect(response.status, 'STEP 1').toBe(200);
  const body = (await response.json()) as { success: boolean; integrationToken: string };
  expect(body.success).toBe(true);
  return body.integrationToken;
}

async function integrationStatus(integrationToken: string): Promise<string> {
  const response = await fetch(
    `${sandboxOrigin}/rulrr/v1/auth/integration?${query({ ...DEMO_CLIENT, integration_token: integrationToken })}`,
  );
  expect(response.status, 'STEP 2').toBe(200);
  return ((await response.json()) as { status: string }).status;
}

/** STEP 2 as a POS does it: ask until the status leaves `pending` (bounded; it should already have). */
async function pollIntegrationStatus(integrationToken: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await integrationStatus(integrationToken);
    if (status !== 'pending' || Date.now() > deadline) return status;
    await delay(100); // the POS's polling interval
  }
}

function retrieveTokens(integrationToken: string): Promise<Response> {
  return fetch(
    `${sandboxOrigin}/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: integrationToken })}`,
  );
}

/** Opens the POS page for a fresh integration and returns the Connect iframe. */
async function openConnect(): Promise<{ integrationToken: string; connect: FrameLocator }> {
  const integrationToken = await createIntegration();
  await page.goto(`${posOrigin}/?${query({ integration_token: integrationToken })}`);
  const connect = page.frameLocator('iframe[title="Rulrr-Connect"]');
  await connect.getByRole('heading', { name: 'Connect Demo POS to Rulrr' }).waitFor();
  return { integrationToken, connect };
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

/** Presses Tab and checks where the focus went. */
async function tabExpecting(target: Locator, description: string) {
  await page.keyboard.press('Tab');
  expect(await isFocused(target), `Tab lands on ${description}`).toBe(true);
}

/** STEP 4 hands the tokens out once: the first call gets them, the second is 410. */
async function expectTokensOnce(integrationToken: string) {
  const first = await retrieveTokens(integrationToken);
  expect(first.status, 'STEP 4').toBe(200);
  const tokens = (await first.json()) as {
    success: boolean;
    accessToken: string;
    refreshToken: string;
    expiration: string;
    ereceipt: boolean;
  };
  expect(tokens.success).toBe(true);
  expect(tokens.accessToken).toEqual(expect.any(String));
  expect(tokens.accessToken.length).toBeGreaterThan(0);
  expect(tokens.refreshToken).toEqual(expect.any(String));
  expect(tokens.refreshToken.length).toBeGreaterThan(0);
  expect(tokens.ereceipt).toBe(true);

  const second = await retrieveTokens(integrationToken);
  expect(second.status, 'second STEP 4').toBe(410);

  // The chosen store and preference are what the partner API now sees.
  const store = await fetch(`${sandboxOrigin}/rulrr/v1/stores?${query({ access_token: tokens.accessToken })}`);
  expect(store.status).toBe(200);
  const body = (await store.json()) as { store: { storeName: string; settings: { ereceipt: boolean } } };
  expect(body.store.storeName).toBe(FIRST_STORE_NAME);
  expect(body.store.settings.ereceipt).toBe(true);
}

async function expectNoCookies() {
  await Promise.all(headerReads);
  expect(await context.cookies(), 'cookies in the browser').toEqual([]);
  expect(sandboxSetCookies, 'Set-Cookie headers from the sandbox').toEqual([]);
}

/**
 * Set when the browser or the servers could not start. Every test then FAILS with it: a failing
 * beforeAll would only mark the tests skipped, and this file must never pass by skipping.
 */
let setupError: Error | undefined;

beforeAll(async () => {
  try {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    sandboxOrigin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    posServer = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('integration_token');
      if (url.pathname !== '/' || !token) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(posPage(token));
    });
    const posPort = await listen(posServer, '127.0.0.1');
    posOrigin = `http://localhost:${posPort}`; // localhost: another origin and site than 127.0.0.1

    browser = await launchChromium();
  } catch (error) {
    setupError = error instanceof Error ? error : new Error(String(error));
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (posServer) {
    posServer.closeAllConnections();
    await new Promise<void>((resolve) => posServer!.close(() => resolve()));
  }
  await app?.close();
});

beforeEach(async () => {
  if (setupError) throw setupError;
  context = await browser!.newContext({ viewport: { width: 560, height: 860 } });
  sandboxSetCookies = [];
  headerReads = [];
  context.on('response', (response) => {
    if (!response.url().startsWith(sandboxOrigin)) return;
    headerReads.push(response.headerValue('set-cookie').then(
      (value) => {
        if (value) sandboxSetCookies.push(`${response.url()}: ${value}`);
      },
      () => undefined, // the page was gone before the headers were read
    ));
  });
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

describe('Rulrr-Connect in a cross-site iframe (Chromium)', () => {
  it(
    'signs in (after a wrong password), connects the first store with e-receipts, and hands out the tokens once',
    async () => {
      const { integrationToken, connect } = await openConnect();

      // A wrong password is refused with the contract's message, and the email is kept.
      await connect.getByLabel('Email', { exact: true }).fill(DEMO_MERCHANT.email);
      await connect.getByLabel('Password', { exact: true }).fill('not-the-password');
      await connect.getByRole('button', { name: 'Sign in' }).click();
      const error = connect.getByRole('alert');
      await error.waitFor();
      expect(await error.textContent()).toContain('Incorrect email or password');
      expect(await connect.getByLabel('Email', { exact: true }).inputValue()).toBe(DEMO_MERCHANT.email);
      expect(await integrationStatus(integrationToken)).toBe('pending');

      await connect.getByLabel('Email', { exact: true }).fill(DEMO_MERCHANT.email);
      await connect.getByLabel('Password', { exact: true }).fill(DEMO_MERCHANT.password);
      await connect.getByRole('button', { name: 'Sign in' }).click();

      // The consent screen: the first store preselected, e-receipts to tick.
      const store = connect.getByLabel('Store', { exact: true });
      await store.waitFor();
      expect(await store.inputValue()).toBe(DEMO_STORE_ID);
      expect(await store.locator('option:checked').textContent()).toBe(FIRST_STORE_NAME);
      expect(await integrationStatus(integrationToken)).toBe('pending');

      const ereceipt = connect.getByLabel('E-receipts', { exact: true });
      await ereceipt.check();
      expect(await ereceipt.isChecked()).toBe(true);
      await connect.getByRole('button', { name: 'Connect', exact: true }).click();
      await connect.getByRole('heading', { name: 'Connected' }).waitFor();

      expect(await pollIntegrationStatus(integrationToken)).toBe('finished');
      await expectTokensOnce(integrationToken);
      await expectNoCookies();
    },
    TEST_TIMEOUT,
  );

  it(
    'can be completed with the keyboard alone',
    async () => {
      const { integrationToken, connect } = await openConnect();
      const email = connect.getByLabel('Email', { exact: true });
      const password = connect.getByLabel('Password', { exact: true });

      // Chromium blocks `autofocus` in a cross-origin frame, so the user's first move is into Email.
      await email.focus();
      await page.keyboard.type(DEMO_MERCHANT.email);
      await tabExpecting(password, 'the Password field');
      await page.keyboard.type(DEMO_MERCHANT.password);
      await page.keyboard.press('Enter'); // implicit submission: the form's default button, "Sign in"

      const store = connect.getByLabel('Store', { exact: true });
      await store.waitFor();
      expect(await store.inputValue()).toBe(DEMO_STORE_ID);
      const ereceipt = connect.getByLabel('E-receipts', { exact: true });
      const connectButton = connect.getByRole('button', { name: 'Connect', exact: true });

      // After the sign-in the frame keeps the focus: the tab order is Store, E-receipts, Connect.
      await tabExpecting(store, 'the Store select');
      await tabExpecting(ereceipt, 'the E-receipts checkbox');
      await page.keyboard.press('Space');
      expect(await ereceipt.isChecked(), 'Space ticks E-receipts').toBe(true);
      await tabExpecting(connectButton, 'the Connect button');
      await page.keyboard.press('Enter');
      await connect.getByRole('heading', { name: 'Connected' }).waitFor();

      // expectTokensOnce also checks that tabbing across the select left the first store chosen.
      expect(await pollIntegrationStatus(integrationToken)).toBe('finished');
      await expectTokensOnce(integrationToken);
      await expectNoCookies();
    },
    TEST_TIMEOUT,
  );

  it(
    'Cancel ends the integration: STEP 2 answers cancelled',
    async () => {
      const { integrationToken, connect } = await openConnect();
      await connect.getByRole('button', { name: 'Cancel' }).click();
      await connect.getByRole('heading', { name: 'Connection cancelled' }).waitFor();

      expect(await pollIntegrationStatus(integrationToken)).toBe('cancelled');
      expect((await retrieveTokens(integrationToken)).status, 'no tokens for a cancelled integration').not.toBe(200);

      // The link is spent: opening it again shows the 410 page, saying why.
      const reopened = page.waitForResponse((response) => response.url().startsWith(`${sandboxOrigin}/rulrr/connect?`));
      await page.reload();
      expect((await reopened).status(), 'a cancelled link').toBe(410);
      await connect.getByRole('heading', { name: 'Connection cancelled' }).waitFor();
      expect(await connect.locator('body').textContent()).toContain('This connection was cancelled.');
      await expectNoCookies();
    },
    TEST_TIMEOUT,
  );
});
