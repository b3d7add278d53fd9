import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * An HTTP/1.1 client on a bare socket, for what fetch hides: when it reads the answer relative to
 * sending the body, and whether the connection was reset under it.
 */

export interface RawAnswer {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** The socket error seen (EPIPE, ECONNRESET), if any. */
  error: string | undefined;
}

export interface StreamedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Body bytes to send, in chunks of `chunkBytes` with a pause of `pauseMs` between them. */
  bodyBytes: number;
  chunkBytes?: number;
  pauseMs?: number;
  /** The Content-Length sent, when it is not `bodyBytes`. */
  announcedBytes?: number;
  /** Send the body chunked instead of with a Content-Length. */
  chunked?: boolean;
  /**
   * `after-sending`: the client reads nothing until it has sent the whole body, as a simple
   * client (or a slow one, under load) does. `while-sending`: it reads as answers arrive.
   */
  reads: 'after-sending' | 'while-sending';
}

/** Sends one request over a fresh socket, streaming its body, and reads one answer. */
export function streamRequest(port: number, request: StreamedRequest): Promise<RawAnswer> {
  const { bodyBytes, chunkBytes = 64 * 1024, pauseMs = 2, chunked = false } = request;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let error: string | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ ...parseAnswer(received), error });
    };
    if (request.reads === 'after-sending') socket.pause();
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      if (parseAnswer(received).complete) finish();
    });
    socket.on('error', (failure: NodeJS.ErrnoException) => {
      error = failure.code ?? failure.message;
    });
    socket.on('close', finish);
    socket.on('connect', async () => {
      const framing = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(request.announcedBytes ?? bodyBytes) };
      const head = Object.entries({ host: '127.0.0.1', ...request.headers, ...framing }).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(`${request.method} ${request.path} HTTP/1.1\r\n${head.join('')}\r\n`);
      for (let sent = 0; sent < bodyBytes && !socket.destroyed; sent += chunkBytes) {
        const chunk = Buffer.alloc(Math.min(chunkBytes, bodyBytes - sent), 0x20);
        if (chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        if (chunked) socket.write('\r\n');
        await sleep(pauseMs);
      }
      if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
      socket.resume();
    });
    // A server that neither answers nor closes: the caller sees a null status.
    setTimeout(finish, 20_000).unref();
  });
}

function parseAnswer(bytes: Buffer): Omit<RawAnswer, 'error'> & { complete: boolean } {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: {}, body: '', complete: false };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  const body = bytes.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString('utf8');
  const length = Number(headers['content-length'] ?? NaN);
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? NaN) || null,
    headers,
    body,
    complete: Number.isFinite(length) && Buffer.byteLength(body) >= length,
  };
}
