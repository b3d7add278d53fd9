import { existsSync, statSync } from 'node:fs';
import fp from 'fastify-plugin';
import { FixtureError } from '../fixtures/read-fixture.js';
import type { EmulatedApi } from '../core/api.js';
import { WorkspaceClocks } from '../workspaces/clocks.js';
import { Workspaces } from '../workspaces/workspace-service.js';
import { WorkspaceTable } from '../workspaces/workspace-table.js';

declare module 'fastify' {
  interface FastifyInstance {
    clocks: WorkspaceClocks;
    workspaces: Workspaces;
  }
}

/** How often workspaces left unused past their ttl are looked for. */
const SWEEP_EVERY_MS = 5_000;

/**
 * Workspaces and their clocks (CONTRACT §1a). `demo` is seeded from the fixtures on the first
 * start; workspaces unused past their ttl are swept in the background.
 */
export const workspacesPlugin = fp<{ apis: EmulatedApi[]; fixturesDir: string; instanceTag?: string | undefined; maxWorkspaces: number }>(
  async (app, { apis, fixturesDir, instanceTag, maxWorkspaces }) => {
    // A mistyped folder would otherwise seed an empty sandbox and mark it seeded for good.
    if (!existsSync(fixturesDir) || !statSync(fixturesDir).isDirectory()) {
      throw new FixtureError(`the fixtures folder ${fixturesDir} does not exist (SANDBOX_FIXTURES / --fixtures)`);
    }
    const table = new WorkspaceTable(app.db);
    const clocks = new WorkspaceClocks(table);
    const workspaces = new Workspaces(app.db, table, clocks, apis, fixturesDir, app.log, instanceTag, maxWorkspaces);
    app.decorate('clocks', clocks);
    app.decorate('workspaces', workspaces);

    // Last use is recorded after the answer left, so it never holds a request up.
    app.addHook('onResponse', async (request) => {
      if (request.workspaceId) workspaces.touch(request.workspaceId);
    });

    const sweeper = setInterval(() => {
      try {
        workspaces.sweep();
      } catch (error) {
        // A busy database or a closing app: the next sweep tries again.
        app.log.warn({ err: error }, 'sweeping expired workspaces failed');
      }
    }, SWEEP_EVERY_MS);
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));
  },
  { name: 'workspaces', dependencies: ['database'] },
);
