import fp from 'fastify-plugin';
import { SandboxClock } from '../clock.js';

declare module 'fastify' {
  interface FastifyInstance {
    clock: SandboxClock;
  }
}

/** The demo workspace's sandbox clock, its offset persisted so a moved clock stays moved across a restart. */
export const clockPlugin = fp(
  async (app) => {
    const read = app.db.prepare<[], { offset: number }>("SELECT clock_offset_ms AS offset FROM workspaces WHERE id = 'demo'");
    const write = app.db.prepare("UPDATE workspaces SET clock_offset_ms = ? WHERE id = 'demo'");
    const clock = new SandboxClock(read.get()?.offset ?? 0, Date.now, (offsetMs) => write.run(Math.round(offsetMs)));
    app.decorate('clock', clock);
  },
  { name: 'clock', dependencies: ['database'] },
);
