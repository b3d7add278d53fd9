// The same-work baseline of bench/run.mjs: a bare Fastify 5 app with Fastify's defaults (no
// logger, no schemas, no hooks, no plugins), in a process of its own like the sandbox.
//
// bench/run.mjs forks it and sends one message: the database file to write to and, per scenario,
// the method, path, status and answer the sandbox gave during setup. Each becomes a route at the
// sandbox's own path, so autocannon sends both servers the very same requests:
//   - a read answers the sandbox's JSON (an object, serialized on every call);
//   - a write inserts the request's body into better-sqlite3 (its own file, WAL and
//     synchronous=NORMAL like the sandbox's) and answers the sandbox's status and JSON.
// `GET /` answers {"hello":"world"}: the trivial route that shows how the machine drifted.
// Then it listens on 127.0.0.1, port 0, and sends back the port.

import Database from 'better-sqlite3';
import Fastify from 'fastify';

process.once('message', async ({ dbPath, routes }) => {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO writes (body) VALUES (?)');

  const app = Fastify();
  app.get('/', async () => ({ hello: 'world' }));
  for (const { method, path, status, answer } of routes) {
    app.route({
      method,
      url: path,
      handler: method === 'GET'
        ? async (_request, reply) => reply.code(status).send(answer)
        : async (request, reply) => {
          insert.run(JSON.stringify(request.body));
          return reply.code(status).send(answer);
        },
    });
  }
  app.addHook('onClose', async () => db.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send({ port: app.server.address().port });
  process.once('disconnect', () => app.close());
  process.once('SIGTERM', () => app.close());
});
