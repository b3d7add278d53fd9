import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/build.js';
import { connectedStore, retrieveTokens } from './helpers/rulrr.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-restart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a restart on the same database file', () => {
  it('keeps tokens, orders, the one-time retrieval, the moved clock, and does not seed twice', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const first = await buildTestApp({ dbPath });
    const tokens = await connectedStore(first, { ereceipt: true });
    await first.inject({
      method: 'POST',
      url: `/rulrr/v1/orders?access_token=${tokens.accessToken}`,
      payload: { orderId: 'kept', total: '990' },
    });
    await first.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'P10D' } });
    const seededAt = (await first.inject({ method: 'GET', url: '/__admin/health' })).json().seededAt;
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await first.close();

    const second = await buildTestApp({ dbPath });
    try {
      const order = await second.inject({ method: 'GET', url: `/rulrr/v1/orders?orderId=kept&access_token=${tokens.accessToken}` });
      expect(order.statusCode).toBe(200);
      expect(order.json().order.total).toBe('990');
      expect((await retrieveTokens(second, tokens.integrationToken)).statusCode).toBe(410);
      const clock = (await second.inject({ method: 'GET', url: '/__admin/clock' })).json();
      expect(clock.offsetMs).toBe(10 * 86_400_000);
      expect((await second.inject({ method: 'GET', url: '/__admin/health' })).json().seededAt).toBe(seededAt);
      const clients = second.db.prepare('SELECT count(*) FROM rulrr_clients').pluck().get();
      expect(clients).toBe(2);
    } finally {
      await second.close();
    }
  });
});
