import fp from 'fastify-plugin';
import { SandboxClock } from '../clock.js';
import { MetaStore } from '../db/meta-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    clock: SandboxClock;
  }
}

const OFFSET_KEY = 'clock.offset_ms';

/** The sandbox clock, its offset persisted so a moved clock stays moved across a restart. */
export const clockPlugin = fp(
  async (app) => {
    const meta = new MetaStore(app.db);
    const offset = Number(meta.get(OFFSET_KEY) ?? 0);
    const clock = new SandboxClock(Number.isFinite(offset) ? offset : 0, Date.now, (offsetMs) =>
      meta.set(OFFSET_KEY, String(offsetMs)),
    );
    app.decorate('clock', clock);
  },
  { name: 'clock', dependencies: ['database'] },
);
