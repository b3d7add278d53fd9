import type { FastifyRequest } from 'fastify';

const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The base URL of an API as this caller reached it: `http://localhost:4010/rulrr` on the
 * sandbox's own paths, `http://api.rulrr.com` when Host-header routing stripped the prefix
 * (CONTRACT §2), so links the sandbox hands out work the way the caller connects. A missing or
 * malformed Host header is not echoed into links: the address the request arrived on is used.
 */
export function publicBaseUrl(request: FastifyRequest, apiPrefix: string): string {
  const hostRouted = request.originalUrl !== request.url;
  return `${request.protocol}://${authority(request)}${hostRouted ? '' : apiPrefix}`;
}

function authority(request: FastifyRequest): string {
  const host = request.headers.host;
  if (host && HOST_HEADER.test(host)) return host;
  const address = request.socket.localAddress ?? '127.0.0.1';
  const port = request.socket.localPort;
  const hostPart = address.includes(':') ? `[${address}]` : address;
  return port ? `${hostPart}:${port}` : hostPart;
}
