import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { classifyError, type ErrorKind } from '../lib/fastify-errors.js';
import type { ErrorRenderer, RenderedError } from './error-envelope.js';

/**
 * Every failure leaves in the envelope of the API it was meant for (CONTRACT §4): each API's
 * plugin installs the handlers below with its own renderer, and the failures Fastify and Node
 * raise before any plugin sees the request are dispatched here by the path they were sent to.
 */

export interface EnvelopeRoute {
  /** The path prefix an API lives under (after Host routing), e.g. `/rulrr`. */
  prefix: string;
  render: ErrorRenderer;
}

function send(reply: FastifyReply, rendered: RenderedError) {
  if (rendered.headers) reply.headers(rendered.headers);
  return reply.code(rendered.status).send(rendered.body);
}

/** The path of a request for messages: no query, and never more than a glimpse of a huge one. */
export function shownPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

export function errorHandlerFor(render: ErrorRenderer, apiLabel: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const failure = classifyError(error, request);
    if (failure.kind === 'internal') request.log.error({ err: error }, `unexpected error in ${apiLabel}`);
    return send(reply, render(failure, request));
  };
}

export function notFoundHandlerFor(render: ErrorRenderer, apiLabel: string) {
  return (request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      render(
        { kind: 'not_found', status: 404, message: `No ${apiLabel} endpoint ${request.method} ${shownPath(request.originalUrl)}` },
        request,
      ),
    );
}

function rendererFor(path: string, routes: EnvelopeRoute[], fallback: ErrorRenderer): ErrorRenderer {
  const route = routes.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
  return route?.render ?? fallback;
}

/** Fastify's `frameworkErrors`: a URL that does not decode (400), a path parameter too long (414). */
export function frameworkErrorDispatcher(routes: EnvelopeRoute[], fallback: ErrorRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const failure = classifyError(error, request);
    return send(reply, rendererFor(request.url ?? '/', routes, fallback)(failure, request));
  };
}

/**
 * Node's `clientError`: a request Node could not parse, so Fastify never saw it. A header block
 * over Node's limit is the one a client can cause on purpose (431); the request line, when it
 * arrived, still tells which API the caller meant.
 */
export function clientErrorDispatcher(
  routes: EnvelopeRoute[],
  fallback: ErrorRenderer,
  rewrite: (request: IncomingMessage) => string,
) {
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    let failure: ErrorKind;
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      failure = { kind: 'headers_too_large', status: 431, message: 'The request headers are larger than the sandbox accepts (16 KiB)' };
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      failure = { kind: 'client', status: 408, message: 'The request took too long to arrive' };
    } else {
      failure = { kind: 'client', status: 400, message: 'The request could not be parsed as HTTP' };
    }
    const path = rewrite(requestHead(Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined));
    const rendered = rendererFor(path, routes, fallback)(failure, undefined);
    if (socket.writable) {
      const body = JSON.stringify(rendered.body);
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        connection: 'close',
        ...rendered.headers,
      };
      const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.write(`HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status] ?? ''}\r\n${head}\r\n${body}`);
    }
    socket.destroy();
  };
}

/** The request line and Host header out of the bytes Node had read, as much as arrived. */
function requestHead(raw: Buffer | undefined): IncomingMessage {
  const text = raw ? raw.subarray(0, 64 * 1024).toString('latin1') : '';
  const [requestLine = '', ...lines] = text.split('\r\n');
  const url = requestLine.split(' ')[1] ?? '/';
  const host = lines.find((line) => /^host:/i.test(line))?.slice(5).trim();
  return { url, headers: host ? { host } : {} } as IncomingMessage;
}
