import fp from 'fastify-plugin';
import type { EmulatedApi } from '../apis/api.js';
import { wipe } from '../db/database.js';
import { MetaStore } from '../db/meta-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: SandboxState;
  }
}

const SEEDED_KEY = 'fixtures.loaded_at';

export interface SandboxState {
  /** When the fixtures were last loaded, or undefined for a database that was never seeded. */
  seededAt(): string | undefined;
  /** Loads the fixtures when the database has never been seeded; returns what was loaded. */
  seedIfEmpty(): Record<string, Record<string, number>> | undefined;
  /** Wipes every API's state, gives back the real clock and loads the fixtures again. */
  reset(): Record<string, Record<string, number>>;
}

/** Seeding and reset: the fixtures of every API go in through that API's own stores. */
export const sandboxPlugin = fp<{ apis: EmulatedApi[]; fixturesDir: string }>(
  async (app, { apis, fixturesDir }) => {
    const meta = new MetaStore(app.db);
    const load = () => {
      const loaded = Object.fromEntries(apis.map((api) => [api.name, api.loadFixtures(app.db, app.clock, fixturesDir)]));
      meta.set(SEEDED_KEY, app.clock.now().toISOString());
      return loaded;
    };

    const state: SandboxState = {
      seededAt: () => meta.get(SEEDED_KEY),
      seedIfEmpty: () => (meta.get(SEEDED_KEY) ? undefined : app.db.transaction(load)()),
      // One transaction: a fixture that fails to load leaves the old state, not an empty sandbox.
      reset: () =>
        app.db.transaction(() => {
          wipe(app.db);
          app.clock.restore();
          return load();
        })(),
    };
    app.decorate('sandbox', state);
  },
  { name: 'sandbox', dependencies: ['database', 'clock'] },
);
