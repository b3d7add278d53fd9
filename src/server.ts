import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { isMain } from './lib/is-main.js';
import { loadConfig, type Config } from './config.js';

/** The only place that listens. Closes gracefully on SIGTERM/SIGINT: in-flight requests finish, the database closes. */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
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
  return app;
}

if (isMain(import.meta.url)) {
  try {
    await startServer(loadConfig(process.argv.slice(2)));
  } catch (error) {
    console.error(`pos-sandbox: ${(error as Error).message}`);
    process.exit(1);
  }
}
