import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';
import { OutboxTable } from '../../src/outbox/outbox-table.js';

let db: Database;
let outbox: OutboxTable;
const now = new Date('2030-01-01T00:00:00.000Z');

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  db.prepare("INSERT INTO workspaces (id, name, created_at, last_used_at, clock_offset_ms, credentials) VALUES ('other', 'other', '', '', 0, '{}')").run();
  outbox = new OutboxTable(db);
});
afterEach(() => db.close());

const add = (workspaceId: string, api: string, body: string) =>
  outbox.add(workspaceId, { api, channel: 'event', recipient: null, body, payload: { type: body } }, now).id;

describe('OutboxTable.latest', () => {
  it("answers a workspace's newest messages first across its APIs, at most `limit`", () => {
    const ids = ['rulrr', 'wll', 'kangaroo', 'wll', 'my-api', 'rulrr', 'kangaroo'].map((api, i) => add('demo', api, `m${i}`));
    add('other', 'wll', 'not demo');
    expect(outbox.latest('demo', 100).map((message) => message.id)).toEqual([...ids].reverse());
    expect(outbox.latest('demo', 3).map((message) => message.body)).toEqual(['m6', 'm5', 'm4']);
    expect(outbox.latest('demo', 3)[0]).toEqual({ id: ids[6], api: 'kangaroo', channel: 'event', recipient: null, body: 'm6', payload: { type: 'm6' }, createdAt: now.toISOString() });
    expect(outbox.latest('other', 10).map((message) => message.body)).toEqual(['not demo']);
    expect(outbox.latest('nobody', 10)).toEqual([]);
  });
});
