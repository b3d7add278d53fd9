import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, writeTransaction, type Database } from '../../src/db/database.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { OutboxTable } from '../../src/outbox/outbox-table.js';
import { DeliveryTable, LAPSED_ATTEMPT_ERROR } from '../../src/webhooks/delivery-table.js';
import { WebhookTable } from '../../src/webhooks/webhook-table.js';

let dir: string;
let db: Database;
let deliveries: DeliveryTable;
let webhookId: string;
const ok = { durationMs: 5, statusCode: 200, error: null, response: 'ok' };
const refused = { durationMs: 5, statusCode: 500, error: 'the receiver answered 500', response: '' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-deliveries-'));
  db = openDatabase(join(dir, 'sandbox.db'));
  migrate(db);
  deliveries = new DeliveryTable(db);
  webhookId = writeTransaction(db, () => new WebhookTable(db).add('demo', { url: 'http://127.0.0.1:1/hooks', events: ['*'] }, new Date())).id;
  new DomainEvents(new OutboxTable(db)).record('demo', { api: 'rulrr', type: 'rulrr.integration.finished', payload: { clientId: 'c' } }, new Date());
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// Real time a little ahead of what the trigger stamped, so the fanned-out delivery is due.
const now = () => Date.now() + 10;

describe('DeliveryTable', () => {
  it('hands a due delivery to one claimant only, across connections to the file', () => {
    const otherConnection = openDatabase(join(dir, 'sandbox.db'));
    const first = deliveries.claimDue(now(), now() + 60_000, 10, 5);
    const second = new DeliveryTable(otherConnection).claimDue(now(), now() + 60_000, 10, 5);
    otherConnection.close();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ attempt: 1, url: 'http://127.0.0.1:1/hooks', event: { type: 'rulrr.integration.finished', workspace: 'demo', data: { clientId: 'c' } } });
    expect(first[0]!.secret).toMatch(/^whsec_/);
    expect(second).toEqual([]);
    expect(deliveries.anyDue(now())).toBe(false);
  });

  it('takes up a delivery whose claim lapsed, logging the lost attempt; the late claimant then records nothing', () => {
    const [lost] = deliveries.claimDue(now(), now() + 1000, 10, 5);
    const later = now() + 2000;
    const [retaken] = deliveries.claimDue(later, later + 1000, 10, 5);
    expect(retaken).toMatchObject({ id: lost!.id, attempt: 2 });

    deliveries.settle(lost!, ok, { state: 'succeeded' }, later);
    deliveries.settle(retaken!, refused, { retryAt: later + 500 }, later);
    const [entry] = deliveries.list('demo', webhookId, 10);
    expect(entry).toMatchObject({ state: 'pending', attempts: 2, dueAt: later + 500 });
    expect(entry!.log.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, null, LAPSED_ATTEMPT_ERROR],
      [2, 500, 'the receiver answered 500'],
    ]);
  });

  it('fails a delivery whose claim lapsed on its last attempt instead of trying it again', () => {
    deliveries.claimDue(now(), now() + 1000, 10, 1);
    const later = now() + 2000;
    expect(deliveries.claimDue(later, later + 1000, 10, 1)).toEqual([]);
    const [entry] = deliveries.list('demo', webhookId, 10);
    expect(entry).toMatchObject({ state: 'failed', attempts: 1, dueAt: null, completedAt: new Date(later).toISOString() });
    expect(entry!.log[0]!.error).toBe(LAPSED_ATTEMPT_ERROR);
  });

  it('claims no more than the limit, the longest-due first', () => {
    const events = new DomainEvents(new OutboxTable(db));
    for (let i = 0; i < 4; i++) events.record('demo', { api: 'rulrr', type: 'rulrr.ereceipt.sent', payload: { n: i } }, new Date());
    const claimed = deliveries.claimDue(now(), now() + 60_000, 3, 5);
    expect(claimed).toHaveLength(3);
    expect(claimed.map((d) => d.event.data)).toEqual([{ clientId: 'c' }, { n: 0 }, { n: 1 }]);
    expect(deliveries.claimDue(now(), now() + 60_000, 3, 5)).toHaveLength(2);
  });
});
