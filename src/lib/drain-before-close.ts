import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How much of a refused body is read and thrown away so that its answer arrives (see below). */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** How long a refused body may take to arrive before the connection is closed anyway. */
export const DRAIN_MAX_MS = 10_000;

/**
 * Fastify answers a body it refuses part-way — over the size limit (413), or one its parser
 * rejects — with `Connection: close`, and Node closes the socket as soon as that answer is
 * written. A client still sending then writes to a closed socket: the kernel resets the
 * connection, and a client that reads only once it has sent everything (or a slow one, under
 * load) sees ECONNRESET or EPIPE instead of the 413. So the answer waits until the rest of the body
 * has arrived and been thrown away — up to `maxBytes` and `maxMs`, past which (a client streaming
 * gigabytes, or stalling) the connection is closed at once as before. An answer that keeps the
 * connection open needs none of this: Node reads and discards the rest of the body itself.
 */
export function drainBeforeClose(app: FastifyInstance, limits: { maxBytes: number; maxMs: number } = { maxBytes: DRAIN_MAX_BYTES, maxMs: DRAIN_MAX_MS }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.getHeader('connection') !== 'close') return payload;
    await restOfBody(request.raw, limits);
    return payload;
  });
}

/** Resolves once the request's body has all arrived, or a limit is passed, or the client went away. */
function restOfBody(raw: IncomingMessage, { maxBytes, maxMs }: { maxBytes: number; maxMs: number }): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  const announced = Number(raw.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      received += chunk.length;
      if (received > maxBytes) done();
    };
    const timer = setTimeout(done, maxMs);
    raw.on('data', onData).once('end', done).once('close', done).once('error', done);
    raw.resume();
  });
}
