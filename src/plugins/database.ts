import fp from 'fastify-plugin';
import { migrate, openDatabase, type Database } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

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
    app.addHook('onClose', async () => {
      db.close();
    });
  },
  { name: 'database' },
);
