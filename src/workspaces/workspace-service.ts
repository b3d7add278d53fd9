import { realpathSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { ClockRangeError, offsetTo, type ClockState } from '../clock.js';
import type { EmulatedApi } from '../core/api.js';
import { schemaVersion, wipe, writeTransaction, type Database } from '../db/database.js';
import { MetaTable } from '../db/meta-table.js';
import { addIsoDuration } from '../lib/iso-duration.js';
import { SnapshotError, type SnapshotRows } from '../core/snapshot-rows.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, type WorkspaceSnapshot } from '../snapshots/snapshot-document.js';
import { insertWorkspaceRows, readWorkspaceRows, rowsOf } from '../snapshots/workspace-rows.js';
import { workspaceTables, type WorkspaceTableInfo } from '../snapshots/workspace-tables.js';
import type { WorkspaceClocks } from './clocks.js';
import { UnknownWorkspaceError } from './clocks.js';
import { DEMO_WORKSPACE, newWorkspaceId, WORKSPACE_ID_PATTERN } from './workspace-ids.js';
import type { WorkspaceRow, WorkspaceTable } from './workspace-table.js';

const SEEDED_KEY = 'fixtures.loaded_at';
const SEEDED_FROM_KEY = 'fixtures.folder';
/** Last-use times are written at most this often per workspace and process: a request is not a write. */
const TOUCH_EVERY_MS = 5_000;

export type Loaded = Record<string, Record<string, number>>;

export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  /** The ttl as given (ISO 8601 duration), or null: kept until deleted. */
  ttl: string | null;
  /** When the workspace is deleted unless used before then (real time), or null. */
  expiresAt: string | null;
  clock: ClockState;
  /** Per API: the credentials of this workspace (CONTRACT §6). */
  [api: string]: unknown;
}

/** Sandbox state seeded into every workspace beside the APIs' parts (fixtures/faults.json). */
export interface WorkspaceSeeder {
  name: string;
  /** Inside the caller's transaction; returns counts for the report. */
  seed(db: Database, workspaceId: string, now: Date): Record<string, number>;
}

/** The demo workspace is the fixtures' home: it can be reset, not deleted. */
export class DemoWorkspaceError extends Error {}
export class InvalidTtlError extends Error {}
/** SANDBOX_MAX_WORKSPACES are there already: another needs one deleted first (or one to expire). */
export class WorkspaceLimitError extends Error {}

/**
 * Workspaces (CONTRACT §1a): made from the fixtures with fresh credentials, listed, reset,
 * deleted, and removed when left unused past their ttl. Each API contributes its part of a
 * workspace — credentials and seeded data — through its descriptor.
 */
export class Workspaces {
  private readonly meta: MetaTable;
  private fixtures: Map<string, unknown> | undefined;
  private readonly touched = new Map<string, number>();
  private readonly removedListeners: Array<(workspaceId: string) => void> = [];
  private readonly seeders: WorkspaceSeeder[] = [];
  private prepared: Promise<void> | undefined;
  private tables: WorkspaceTableInfo[] | undefined;

  constructor(
    private readonly db: Database,
    private readonly table: WorkspaceTable,
    private readonly clocks: WorkspaceClocks,
    private readonly apis: EmulatedApi[],
    private readonly fixturesDir: string,
    private readonly log?: FastifyBaseLogger,
    /** SANDBOX_INSTANCE: the first characters of every workspace id this process mints. */
    private readonly instanceTag = '',
    /** SANDBOX_MAX_WORKSPACES: how many workspaces besides demo may exist at once. */
    private readonly maxWorkspaces = Number.POSITIVE_INFINITY,
  ) {
    this.meta = new MetaTable(db);
  }

  /** Called with a workspace's id when it is deleted or reset, so APIs can drop what they cache for it. */
  onRemoved(listener: (workspaceId: string) => void): void {
    this.removedListeners.push(listener);
  }

  /** Adds state every workspace is seeded with from now on, beside the APIs' parts. */
  addSeeder(seeder: WorkspaceSeeder): void {
    this.seeders.push(seeder);
  }

  seededAt(): string | undefined {
    return this.meta.get(SEEDED_KEY);
  }

  /** The fixtures folder demo was last seeded from (absolute), or undefined when unknown. */
  seededFrom(): string | undefined {
    return this.meta.get(SEEDED_FROM_KEY);
  }

  /** Seeds `demo` when the database has never been seeded; returns what was loaded. */
  async seedDemoIfEmpty(): Promise<Loaded | undefined> {
    // Most starts find the database seeded: they skip preparing the fixtures (a scrypt hash of the
    // merchant's password, ~20 ms of the start), which the first workspace made or reset does then.
    if (this.seededAt()) return undefined;
    await this.prepare();
    // Checked under the write lock, so two processes starting on one file seed it once.
    return writeTransaction(this.db, () => {
      if (this.seededAt()) return undefined;
      const demo = this.table.get(DEMO_WORKSPACE);
      if (demo) return this.seed(demo);
      const fresh = this.demoRow();
      this.table.insert(fresh);
      return this.seed(fresh);
    });
  }

  async create(options: { name?: string | undefined; ttl?: string | undefined }): Promise<WorkspaceView> {
    await this.prepare();
    const now = new Date();
    const ttlMs = options.ttl === undefined ? null : ttlToMs(options.ttl, now);
    const id = newWorkspaceId(this.instanceTag);
    const row: WorkspaceRow = {
      id,
      name: options.name ?? id,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      ttl: options.ttl ?? null,
      ttlMs,
      clockOffsetMs: 0,
      credentials: this.mintCredentials(id),
    };
    writeTransaction(this.db, () => {
      this.assertRoomForOneMore();
      this.table.insert(row);
      this.seed(row);
    });
    this.log?.info({ workspace: id, name: row.name, ttl: options.ttl ?? null }, 'workspace created');
    return this.view(row);
  }

  get(id: string): WorkspaceView {
    const row = this.table.get(id);
    if (!row) throw new UnknownWorkspaceError(id);
    return this.view(row);
  }

  list(): WorkspaceView[] {
    return this.table.list().map((row) => this.view(row));
  }

  exists(id: string): boolean {
    return this.table.clockOffset(id) !== undefined;
  }

  delete(id: string): void {
    if (id === DEMO_WORKSPACE) throw new DemoWorkspaceError('The demo workspace cannot be deleted; reset it instead');
    if (!writeTransaction(this.db, () => this.table.delete(id))) throw new UnknownWorkspaceError(id);
    this.forget(id);
    this.log?.info({ workspace: id }, 'workspace deleted');
  }

  /** Wipes one workspace and reseeds it from the fixtures, with the same id and credentials and the real clock. */
  async reset(id: string): Promise<Loaded> {
    await this.prepare();
    const loaded = writeTransaction(this.db, () => {
      const row = this.table.get(id);
      if (!row) throw new UnknownWorkspaceError(id);
      this.table.delete(id);
      const fresh = { ...row, clockOffsetMs: 0, lastUsedAt: new Date().toISOString() };
      this.table.insert(fresh);
      return this.seed(fresh);
    });
    this.forget(id);
    return loaded;
  }

  /** Wipes every workspace and all state, and reseeds `demo` (POST /__admin/reset, `pos-sandbox reset`). */
  async resetAll(): Promise<Loaded> {
    await this.prepare();
    const removed = this.table.list().map((row) => row.id);
    // One transaction: a fixture that fails to load leaves the old state, not an empty sandbox.
    const loaded = writeTransaction(this.db, () => {
      wipe(this.db);
      const demo = this.demoRow();
      this.table.insert(demo);
      return this.seed(demo);
    });
    removed.forEach((id) => this.forget(id));
    return loaded;
  }

  /**
   * A workspace's whole state as one document: the workspace and every row of every workspace
   * table, read in one transaction so the picture is consistent. `journal: false` leaves the
   * request journal out (the largest table, and seldom what a hand-over needs).
   */
  snapshot(id: string, options: { journal: boolean; sandboxVersion: string }): WorkspaceSnapshot {
    return this.db.transaction(() => {
      const row = this.table.get(id);
      if (!row) throw new UnknownWorkspaceError(id);
      return {
        format: SNAPSHOT_FORMAT,
        formatVersion: SNAPSHOT_FORMAT_VERSION,
        schemaVersion: schemaVersion(this.db),
        sandboxVersion: options.sandboxVersion,
        takenAt: new Date().toISOString(),
        workspace: { id: row.id, name: row.name, ttl: row.ttl, clockOffsetMs: row.clockOffsetMs, credentials: row.credentials },
        tables: readWorkspaceRows(this.db, this.workspaceTables(), id, new Set(options.journal ? [] : ['request_journal'])),
      };
    })();
  }

  /**
   * Recreates a workspace from a snapshot, in one transaction: under its own id and credentials
   * when that id is free here (and carries this instance's tag), else under a new id, each API
   * re-keying its part (`rekey`); an API the snapshot does not know is seeded from the fixtures.
   * The clock keeps its offset from real time.
   */
  async restore(snapshot: WorkspaceSnapshot, options: { name?: string | undefined; ttl?: string | undefined }): Promise<{ workspace: WorkspaceView; sameId: boolean }> {
    await this.prepare();
    if (snapshot.formatVersion > SNAPSHOT_FORMAT_VERSION) {
      throw new SnapshotError(`the snapshot's format version ${snapshot.formatVersion} is newer than this sandbox reads (${SNAPSHOT_FORMAT_VERSION})`);
    }
    const here = schemaVersion(this.db);
    if (snapshot.schemaVersion > here) {
      throw new SnapshotError(`the snapshot was taken by a newer pos-sandbox (schema version ${snapshot.schemaVersion}; this one has ${here})`);
    }
    const now = new Date();
    const ttl = options.ttl ?? snapshot.workspace.ttl ?? undefined;
    const ttlMs = ttl === undefined ? null : ttlToMs(ttl, now);
    try {
      offsetTo(now.getTime() + snapshot.workspace.clockOffsetMs, now.getTime());
    } catch (error) {
      if (error instanceof ClockRangeError) throw new SnapshotError(`the snapshot's clock: ${error.message}`);
      throw error;
    }
    for (const api of this.apis) {
      const credentials = snapshot.workspace.credentials[api.name];
      if (credentials !== undefined && !api.workspace.credentialsSchema.safeParse(credentials).success) {
        throw new SnapshotError(`the snapshot's ${api.name} credentials are not ${api.name} credentials`);
      }
    }
    const tables = this.workspaceTables();
    const rows = rowsOf(snapshot.tables, tables);

    const restored = writeTransaction(this.db, () => {
      this.assertRoomForOneMore();
      const from = snapshot.workspace;
      const sameId = WORKSPACE_ID_PATTERN.test(from.id) && from.id.startsWith(`ws${this.instanceTag}`) && !this.exists(from.id);
      const id = sameId ? from.id : newWorkspaceId(this.instanceTag);
      const credentials = sameId ? { ...from.credentials } : this.rekey(rows, id, from);
      const row: WorkspaceRow = {
        id,
        name: options.name ?? from.name,
        createdAt: now.toISOString(),
        lastUsedAt: now.toISOString(),
        ttl: ttl ?? null,
        ttlMs,
        clockOffsetMs: from.clockOffsetMs,
        credentials,
      };
      this.table.insert(row);
      insertSnapshotRows(this.db, tables, id, rows);
      const missing = this.apis.filter((api) => credentials[api.name] === undefined);
      for (const api of missing) credentials[api.name] = api.workspace.credentials(id, this.fixturesOf(api));
      this.table.setCredentials(id, credentials);
      const clock = this.clocks.now(id);
      for (const api of missing) api.workspace.seed(this.db, { id, credentials: credentials[api.name] }, this.fixturesOf(api), clock);
      return { row, sameId };
    });
    this.log?.info({ workspace: restored.row.id, from: snapshot.workspace.id, sameId: restored.sameId }, 'workspace restored from a snapshot');
    return { workspace: this.get(restored.row.id), sameId: restored.sameId };
  }

  /** Records that a workspace was used now (real time), at most every few seconds per process. */
  touch(id: string, now = Date.now()): void {
    if (id === DEMO_WORKSPACE) return;
    const last = this.touched.get(id) ?? 0;
    if (now - last < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    this.table.touch(id, new Date(now));
  }

  /** Deletes the workspaces left unused longer than their ttl; returns their ids. */
  sweep(now = Date.now()): string[] {
    const expired = this.table
      .list()
      .filter((row) => row.ttlMs !== null && Date.parse(row.lastUsedAt) + row.ttlMs <= now && row.id !== DEMO_WORKSPACE)
      .map((row) => row.id);
    for (const id of expired) {
      writeTransaction(this.db, () => this.table.delete(id));
      this.forget(id);
      this.log?.info({ workspace: id }, 'workspace deleted: unused past its ttl');
    }
    return expired;
  }

  /** Under the write lock, so processes sharing the file together stay within the limit. */
  private assertRoomForOneMore(): void {
    if (this.table.countExcept(DEMO_WORKSPACE) < this.maxWorkspaces) return;
    throw new WorkspaceLimitError(
      `The sandbox already holds its maximum of ${this.maxWorkspaces} workspaces besides demo (SANDBOX_MAX_WORKSPACES): delete one, or give workspaces a ttl`,
    );
  }

  /** Each API with state in the snapshot rewrites its rows for the new id and mints its credentials again. */
  private rekey(rows: SnapshotRows, id: string, from: WorkspaceSnapshot['workspace']): Record<string, unknown> {
    const credentials = { ...from.credentials };
    for (const api of this.apis) {
      const previous = from.credentials[api.name];
      const hasRows = Object.entries(rows).some(([table, tableRows]) => table.startsWith(`${api.name}_`) && tableRows.length > 0);
      if (previous === undefined) {
        if (hasRows) throw new SnapshotError(`the snapshot has ${api.name} rows but no ${api.name} credentials`);
        continue;
      }
      if (!api.workspace.rekey) {
        throw new SnapshotError(
          `workspace ${from.id} exists here, and its ${api.name} part cannot be moved to a new id (the API has no rekey): delete ${from.id} first to restore it under its own id`,
          409,
        );
      }
      credentials[api.name] = api.workspace.rekey(rows, { id }, { id: from.id, credentials: previous });
    }
    return credentials;
  }

  /** The workspace tables, found once: the schema only changes at start. */
  private workspaceTables(): WorkspaceTableInfo[] {
    this.tables ??= workspaceTables(this.db);
    return this.tables;
  }

  /**
   * An API's fixtures, all read and validated together on first use: a start on a fresh database
   * (seeding demo), else the first workspace made, reset or restored. A start on a seeded database
   * never reads them (~20 ms of it), so there a broken fixture fails that first call instead, its
   * message in the log.
   */
  private fixturesOf(api: EmulatedApi): unknown {
    this.fixtures ??= new Map(this.apis.map((each) => [each.name, each.workspace.readFixtures(this.fixturesDir)]));
    return this.fixtures.get(api.name);
  }

  private async prepare(): Promise<void> {
    this.prepared ??= Promise.all(
      this.apis.map((api) => api.workspace.prepareFixtures?.(this.fixturesOf(api))),
    ).then(() => undefined);
    return this.prepared;
  }

  private demoRow(): WorkspaceRow {
    const now = new Date().toISOString();
    return {
      id: DEMO_WORKSPACE,
      name: DEMO_WORKSPACE,
      createdAt: now,
      lastUsedAt: now,
      ttl: null,
      ttlMs: null,
      clockOffsetMs: 0,
      credentials: this.mintCredentials(DEMO_WORKSPACE),
    };
  }

  private mintCredentials(id: string): Record<string, unknown> {
    return Object.fromEntries(this.apis.map((api) => [api.name, api.workspace.credentials(id, this.fixturesOf(api))]));
  }

  /**
   * Inside the caller's transaction: every API's fixtures into the workspace, on its clock. The
   * demo workspace's credentials are the fixtures' own, read again each time; another workspace
   * keeps the ones it was given, and gets some for an API added since it was made.
   */
  private seed(stored: WorkspaceRow): Loaded {
    const row = { ...stored, credentials: { ...stored.credentials } };
    for (const api of this.apis) {
      if (row.id === DEMO_WORKSPACE || row.credentials[api.name] === undefined) {
        row.credentials[api.name] = api.workspace.credentials(row.id, this.fixturesOf(api));
      }
    }
    this.table.setCredentials(row.id, row.credentials);
    const now = this.clocks.now(row.id);
    const loaded = Object.fromEntries(
      this.apis.map((api) => [
        api.name,
        api.workspace.seed(this.db, { id: row.id, credentials: row.credentials[api.name] }, this.fixturesOf(api), now),
      ]),
    );
    for (const seeder of this.seeders) loaded[seeder.name] = seeder.seed(this.db, row.id, now);
    if (row.id === DEMO_WORKSPACE) {
      this.meta.set(SEEDED_KEY, new Date().toISOString());
      this.meta.set(SEEDED_FROM_KEY, realpathSync(this.fixturesDir));
    }
    return loaded;
  }

  private forget(id: string): void {
    this.touched.delete(id);
    for (const listener of this.removedListeners) listener(id);
  }

  private view(row: WorkspaceRow): WorkspaceView {
    const lastUsed = Date.parse(row.lastUsedAt);
    return {
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      ttl: row.ttl,
      expiresAt: row.ttlMs === null ? null : new Date(lastUsed + row.ttlMs).toISOString(),
      clock: this.clocks.state(row.id),
      ...row.credentials,
    };
  }
}

/** A ttl is real time: an ISO 8601 duration from now, at least a minute, longer than the few seconds by which last use is recorded. */
function ttlToMs(ttl: string, now: Date): number {
  const ms = addIsoDuration(now, ttl).getTime() - now.getTime();
  if (!(ms >= 60_000)) throw new InvalidTtlError(`ttl "${ttl.slice(0, 40)}" must be an ISO 8601 duration of at least PT1M`);
  return ms;
}

/** A constraint a snapshot's rows break: a bad row (400), or a value another workspace here holds (409). */
function insertSnapshotRows(db: Database, tables: WorkspaceTableInfo[], id: string, rows: SnapshotRows): void {
  // Some tables refer to each other both ways: their foreign keys are checked at commit.
  db.pragma('defer_foreign_keys = ON');
  try {
    insertWorkspaceRows(db, tables, id, rows);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('SQLITE_CONSTRAINT')) throw error;
    const collides = code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    throw new SnapshotError(
      collides
        ? `the snapshot's rows collide with another workspace's here (${(error as Error).message})`
        : `the snapshot's rows do not fit this sandbox's tables (${(error as Error).message})`,
      collides ? 409 : 400,
    );
  }
}
