import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/database.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { OutboxTable } from '../../src/outbox/outbox-table.js';

describe('DomainEvents.record', () => {
  it("writes the event to the workspace's outbox: channel event, the type as body and first in the payload, at the time given", () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const outbox = new OutboxTable(db);
    const now = new Date('2030-03-04T05:06:07.089Z');
    const recorded = new DomainEvents(outbox).record('demo', { api: 'wll', type: 'wll.order.placed', payload: { orderId: 'o-1', total: 12.5 } }, now);

    const expected = {
      id: recorded.id,
      api: 'wll',
      channel: 'event',
      recipient: null,
      body: 'wll.order.placed',
      payload: { type: 'wll.order.placed', orderId: 'o-1', total: 12.5 },
      createdAt: '2030-03-04T05:06:07.089Z',
    };
    expect(recorded).toEqual(expected);
    expect(outbox.list('demo')).toEqual([expected]);
    expect(Object.keys(outbox.list('demo')[0]!.payload)[0]).toBe('type');
    db.close();
  });
});
