import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app.js';
import { newDatabaseFiles } from './db/new-database-files.js';
import { otherFixturesNote } from './fixtures/other-fixtures-note.js';
import { watchParent } from './lib/parent-watch.js';
import type { Config } from './config.js';

/**
 * buildApp on the configured database, for the server and the CLI: when building fails, the
 * database file and folders it created are removed again.
 */
export async function buildOnDatabase(config: Config, options?: BuildOptions): Promise<FastifyInstance> {
  const created = newDatabaseFiles(config.dbPath);
  try {
    return await buildApp(config, options);
  } catch (error) {
    created.remove();
    throw error;
  }
}

/**
 * The only place that listens. Closes gracefully on SIGTERM/SIGINT, and when the process that
 * started it exits if `config.stopWithParent`: in-flight requests finish, the database closes.
 */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const app = await buildOnDatabase(config);
  const note = otherFixturesNote(app.workspaces, config);
  if (note) app.log.warn(note);
  let closing = false;
  const shutdown = (reason: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ reason }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  try {
    await app.listen({ port: config.port, host: config.host });
    if (app.tls && config.httpsPort !== undefined) {
      const { port } = await app.tls.listen({ port: config.httpsPort, host: config.host });
      app.log.info({ port, names: app.tls.names, ca: app.tls.caPath ?? 'in memory' }, `HTTPS listening on port ${port}; trust the CA from /__admin/tls/ca.pem`);
    }
  } catch (error) {
    // A port in use: close the database before the caller exits.
    await app.close();
    throw error;
  }
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  if (config.stopWithParent) watchParent(() => shutdown('the process that started the sandbox exited'));
  return app;
}
