import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build.js';
import { createWorkspace, partner, readWorkspace, RulrrCalls } from './workspace-fixture.js';

/*
 * CONTRACT §1a: every credential and token minted for a workspace other than demo carries the
 * workspace's id in a fixed place, so a log line shows whose a call is and a stock reverse proxy
 * can route on it; demo's keep the shapes they had before workspaces.
 */
let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

/** 32 random bytes, base64url: 43 characters; 16 bytes: 22. */
const RANDOM_32 = '[A-Za-z0-9_-]{43}';
const RANDOM_16 = '[A-Za-z0-9_-]{22}';

/** Every credential one full Rulrr flow hands out in a workspace. */
async function mintedIn(calls: RulrrCalls) {
  const tokens = await calls.connect({ ereceipt: true });
  const refreshed = (await calls.refresh(tokens.refreshToken)).json();
  const { uploadUrl } = (await partner(app, tokens.accessToken, 'GET', '/v1/customers')).json();
  const order = (await partner(app, tokens.accessToken, 'POST', '/v1/orders', { orderId: 'o-1', total: '100' })).json().order;
  return {
    clientId: calls.workspace.rulrr.clientId,
    secondClientId: calls.workspace.rulrr.clients[1]!.clientId,
    integrationToken: tokens.integrationToken,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    refreshedAccessToken: refreshed.accessToken as string,
    uploadToken: new URL(uploadUrl).pathname.split('/').pop()!,
    receiptId: new URL(order.ereceipt.url).pathname.split('/').pop()!,
  };
}

describe('credentials carry the workspace id', () => {
  it('in a new workspace: pos-<id>, rit_<id>_, rat_<id>_, rrt_<id>_, rup_<id>_ and rcpt_<id>_', async () => {
    const workspace = await createWorkspace(app);
    const id = workspace.id;
    expect(id).toMatch(/^ws[0-9a-z]{10}$/);
    const minted = await mintedIn(new RulrrCalls(app, workspace));
    expect(minted).toEqual({
      clientId: `pos-${id}`,
      secondClientId: `pos-${id}-2`,
      integrationToken: expect.stringMatching(new RegExp(`^rit_${id}_${RANDOM_32}$`)),
      accessToken: expect.stringMatching(new RegExp(`^rat_${id}_${RANDOM_32}$`)),
      refreshToken: expect.stringMatching(new RegExp(`^rrt_${id}_${RANDOM_32}$`)),
      refreshedAccessToken: expect.stringMatching(new RegExp(`^rat_${id}_${RANDOM_32}$`)),
      uploadToken: expect.stringMatching(new RegExp(`^rup_${id}_${RANDOM_32}$`)),
      receiptId: expect.stringMatching(new RegExp(`^rcpt_${id}_${RANDOM_16}$`)),
    });
  });

  it('in demo: the shapes from before workspaces, with no id', async () => {
    const minted = await mintedIn(new RulrrCalls(app, await readWorkspace(app, 'demo')));
    expect(minted).toEqual({
      clientId: 'pos-demo',
      secondClientId: 'pos-other',
      integrationToken: expect.stringMatching(new RegExp(`^rit_${RANDOM_32}$`)),
      accessToken: expect.stringMatching(new RegExp(`^rat_${RANDOM_32}$`)),
      refreshToken: expect.stringMatching(new RegExp(`^rrt_${RANDOM_32}$`)),
      refreshedAccessToken: expect.stringMatching(new RegExp(`^rat_${RANDOM_32}$`)),
      uploadToken: expect.stringMatching(new RegExp(`^rup_${RANDOM_32}$`)),
      receiptId: expect.stringMatching(new RegExp(`^rcpt_${RANDOM_16}$`)),
    });
  });

  it('names the workspace it was minted in, never another one', async () => {
    const first = await createWorkspace(app);
    const second = await createWorkspace(app);
    for (const [workspace, other] of [
      [first, second],
      [second, first],
    ] as const) {
      const minted = Object.values(await mintedIn(new RulrrCalls(app, workspace)));
      expect(minted.every((credential) => credential.includes(workspace.id))).toBe(true);
      expect(minted.some((credential) => credential.includes(other.id))).toBe(false);
    }
  });
});
