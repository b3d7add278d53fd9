import fp from 'fastify-plugin';
import { migrate, openDatabase, refreshPlannerStatistics, type Database } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** How often the planner statistics of tables that grew (or shrank) a lot are refreshed. */
const STATISTICS_EVERY_MS = 10 * 60 * 1000;

/** Opens the SQLite database, brings its schema up to date, and closes it with the app. */
export const databasePlugin = fp<{ path: string }>(
  async (app, { path }) => {
    const db = openDatabase(path);
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    app.decorate('db', db);
    refreshPlannerStatistics(db, true);
    const statistics = setInterval(() => {
      try {
        refreshPlannerStatistics(db);
      } catch (error) {
        // Another process holds the write lock: the next round tries again.
        app.log.warn({ err: error }, 'refreshing the query planner statistics failed');
      }
    }, STATISTICS_EVERY_MS);
    statistics.unref();
    app.addHook('onClose', async () => {
      clearInterval(statistics);
      db.close();
    });
  },
  { name: 'database' },
);
