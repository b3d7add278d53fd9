import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rulrrApi } from '../../src/apis/rulrr/index.js';
import type { EmulatedApi } from '../../src/core/api.js';
import { SnapshotError } from '../../src/core/snapshot-rows.js';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';
import { WorkspaceClocks } from '../../src/workspaces/clocks.js';
import { Workspaces } from '../../src/workspaces/workspace-service.js';
import { WorkspaceTable } from '../../src/workspaces/workspace-table.js';
import { FIXTURES_DIR } from '../helpers/build.js';

let db: Database;
afterEach(() => db.close());

function workspacesWith(apis: EmulatedApi[], instanceTag = '') {
  const table = new WorkspaceTable(db);
  return new Workspaces(db, table, new WorkspaceClocks(table), apis, FIXTURES_DIR, undefined, instanceTag);
}

beforeEach(() => {
  db = openDatabase(':memory:');
  migrate(db);
});

describe('Workspaces.restore', () => {
  it("refuses, naming the API, to move a part whose API has no rekey to a new id; under the free id it restores", async () => {
    const { rekey: _rekey, ...part } = rulrrApi.workspace;
    const workspaces = workspacesWith([{ ...rulrrApi, workspace: part }]);
    await workspaces.seedDemoIfEmpty();
    const original = await workspaces.create({ name: 'original' });
    const snapshot = workspaces.snapshot(original.id, { journal: true, sandboxVersion: 'test' });

    const refusal = await workspaces.restore(snapshot, {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SnapshotError);
    expect(refusal).toMatchObject({ status: 409, message: expect.stringMatching(/its rulrr part cannot be moved to a new id/) });
    expect(workspaces.list()).toHaveLength(2);

    workspaces.delete(original.id);
    const { workspace, sameId } = await workspaces.restore(snapshot, {});
    expect(sameId).toBe(true);
    expect(workspace.rulrr).toEqual(original.rulrr);
  });

  it('seeds an API the snapshot does not know from the fixtures', async () => {
    const workspaces = workspacesWith([rulrrApi]);
    await workspaces.seedDemoIfEmpty();
    const original = await workspaces.create({});
    const snapshot = workspaces.snapshot(original.id, { journal: true, sandboxVersion: 'test' });
    const older = {
      ...snapshot,
      workspace: { ...snapshot.workspace, credentials: {} },
      tables: Object.fromEntries(Object.entries(snapshot.tables).filter(([name]) => !name.startsWith('rulrr_'))),
    };
    workspaces.delete(original.id);
    const { workspace } = await workspaces.restore(older, {});
    expect(workspace.rulrr).toMatchObject({ clientId: `pos-${original.id}` });
    expect(db.prepare('SELECT count(*) FROM rulrr_stores WHERE workspace_id = ?').pluck().get(original.id)).toBe(2);
  });

  it("gives a snapshot from another instance's workspace a new id carrying this instance's tag", async () => {
    const workspaces = workspacesWith([rulrrApi], 'b');
    await workspaces.seedDemoIfEmpty();
    const snapshot = workspaces.snapshot('demo', { journal: true, sandboxVersion: 'test' });
    const foreign = { ...snapshot, workspace: { ...snapshot.workspace, id: 'wsa123456789' } };
    const { workspace, sameId } = await workspaces.restore(foreign, {});
    expect(sameId).toBe(false);
    expect(workspace.id).toMatch(/^wsb/);
  });
});
