import { existsSync, realpathSync, statSync } from 'node:fs';
import fp from 'fastify-plugin';
import type { EmulatedApi } from '../apis/api.js';
import { wipe, writeTransaction } from '../db/database.js';
import { MetaStore } from '../db/meta-store.js';
import { FixtureError } from '../fixtures/read-fixture.js';

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxState;
  }
}

const SEEDED_KEY = 'fixtures.loaded_at';
const SEEDED_FROM_KEY = 'fixtures.folder';

export interface SandboxState {
  /** When the fixtures were last loaded, or undefined for a database that was never seeded. */
  seededAt(): string | undefined;
  /** The fixtures folder last loaded (absolute), or undefined when unknown. */
  seededFrom(): string | undefined;
  /** Loads the fixtures when the database has never been seeded; returns what was loaded. */
  seedIfEmpty(): Record<string, Record<string, number>> | undefined;
  /** Wipes every API's state, gives back the real clock and loads the fixtures again. */
  reset(): Record<string, Record<string, number>>;
}

/** Seeding and reset: the fixtures of every API go in through that API's own stores. */
export const sandboxPlugin = fp<{ apis: EmulatedApi[]; fixturesDir: string }>(
  async (app, { apis, fixturesDir }) => {
    // A mistyped folder would otherwise seed an empty sandbox and mark it seeded for good.
    if (!existsSync(fixturesDir) || !statSync(fixturesDir).isDirectory()) {
      throw new FixtureError(`the fixtures folder ${fixturesDir} does not exist (SANDBOX_FIXTURES / --fixtures)`);
    }
    const meta = new MetaStore(app.db);
    const load = () => {
      const loaded = Object.fromEntries(apis.map((api) => [api.name, api.loadFixtures(app.db, app.clock, fixturesDir)]));
      meta.set(SEEDED_KEY, app.clock.now().toISOString());
      meta.set(SEEDED_FROM_KEY, realpathSync(fixturesDir));
      return loaded;
    };

    const state: SandboxState = {
      seededAt: () => meta.get(SEEDED_KEY),
      seededFrom: () => meta.get(SEEDED_FROM_KEY),
      // Checked under the write lock, so two processes starting on one file seed it once.
      seedIfEmpty: () => writeTransaction(app.db, () => (meta.get(SEEDED_KEY) ? undefined : load())),
      // One transaction: a fixture that fails to load leaves the old state, not an empty sandbox.
      reset: () =>
        writeTransaction(app.db, () => {
          wipe(app.db);
          app.clock.restore();
          return load();
        }),
    };
    app.decorate('sandbox', state);
  },
  { name: 'sandbox', dependencies: ['database', 'clock'] },
);
