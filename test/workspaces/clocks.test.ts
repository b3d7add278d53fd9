import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockRangeError } from '../../src/clock.js';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';
import { UnknownWorkspaceError, WorkspaceClocks } from '../../src/workspaces/clocks.js';
import { WorkspaceTable } from '../../src/workspaces/workspace-table.js';

let db: Database;
let table: WorkspaceTable;
let real: number;

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
  table = new WorkspaceTable(db);
  table.insert({
    id: 'ws0000000001',
    name: 'other',
    createdAt: new Date(0).toISOString(),
    lastUsedAt: new Date(0).toISOString(),
    ttl: null,
    ttlMs: null,
    clockOffsetMs: 0,
    credentials: {},
  });
  real = 1_000_000;
});
afterEach(() => db.close());

describe('WorkspaceClocks', () => {
  it('runs at real speed from each workspace’s own offset', () => {
    const clocks = new WorkspaceClocks(table, () => real);
    clocks.advanceBy('demo', 'PT1M');
    expect(clocks.now('demo').getTime()).toBe(1_060_000);
    expect(clocks.now('ws0000000001').getTime()).toBe(1_000_000);
    real += 5_000;
    expect(clocks.now('demo').getTime()).toBe(1_065_000);
    clocks.set('ws0000000001', new Date(0));
    expect(clocks.now('ws0000000001').getTime()).toBe(0);
    expect(clocks.now('demo').getTime()).toBe(1_065_000);
    expect(clocks.restore('demo')).toMatchObject({ offsetMs: 0, real: true });
    expect(clocks.now('demo').getTime()).toBe(real);
  });

  it('reads the offset from the database every time, so another process’s move shows at once', () => {
    const clocks = new WorkspaceClocks(table, () => real);
    const otherProcess = new WorkspaceClocks(new WorkspaceTable(db), () => real);
    otherProcess.advanceBy('demo', 'P1D');
    expect(clocks.now('demo').getTime()).toBe(real + 86_400_000);
  });

  it.each([new Date(Number.NaN), new Date('+010000-01-01T00:00:00Z'), new Date(-1)])('refuses %s and keeps its offset', (instant) => {
    const clocks = new WorkspaceClocks(table, () => real);
    clocks.advanceBy('demo', 'PT5S');
    expect(() => clocks.set('demo', instant)).toThrow(ClockRangeError);
    expect(clocks.state('demo').offsetMs).toBe(5_000);
  });

  it('answers an unknown workspace with UnknownWorkspaceError when asked to move or tell its state', () => {
    const clocks = new WorkspaceClocks(table, () => real);
    expect(() => clocks.state('ws9999999999')).toThrow(UnknownWorkspaceError);
    expect(() => clocks.advanceBy('ws9999999999', 'PT1M')).toThrow(UnknownWorkspaceError);
    expect(() => clocks.restore('ws9999999999')).toThrow(UnknownWorkspaceError);
    // A request in flight when its workspace was deleted still gets a time: real time.
    expect(clocks.now('ws9999999999').getTime()).toBe(real);
  });
});

describe('workspace ids', () => {
  it('are ws and ten characters, the first ones the instance tag when one is set', async () => {
    const { newWorkspaceId, WORKSPACE_ID_PATTERN } = await import('../../src/workspaces/workspace-ids.js');
    for (const tag of ['', 'a', 'b7', 'zz99']) {
      const ids = Array.from({ length: 50 }, () => newWorkspaceId(tag));
      for (const id of ids) {
        expect(id).toMatch(WORKSPACE_ID_PATTERN);
        expect(id.startsWith(`ws${tag}`)).toBe(true);
      }
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
