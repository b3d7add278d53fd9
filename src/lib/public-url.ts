import { hostname, networkInterfaces } from 'node:os';
import type { FastifyRequest } from 'fastify';

const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Links the sandbox hands out and stores (upload URLs, e-receipt links in SMS bodies) must not
 * carry whatever `Host` a caller sent: a stored link would then point wherever the caller liked.
 * They start with SANDBOX_PUBLIC_URL when it is set; otherwise with the caller's Host only when it
 * names this machine (localhost, its host name, one of its addresses) or a vendor host the sandbox
 * answers for; otherwise with the address the request actually arrived on.
 */
export class PublicUrls {
  private readonly knownHosts: Set<string>;

  constructor(
    private readonly publicUrl: string | undefined,
    vendorHosts: string[],
  ) {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .flatMap((entry) => (entry ? [entry.family === 'IPv6' ? `[${entry.address}]` : entry.address] : []));
    this.knownHosts = new Set(
      ['localhost', '127.0.0.1', '[::1]', hostname(), ...addresses, ...vendorHosts].map((host) => host.toLowerCase()),
    );
  }

  /** The base URL of an API for links: `http://localhost:4010/rulrr`, or `http://api.rulrr.com` when Host routing stripped the prefix. */
  base(request: FastifyRequest, apiPrefix: string): string {
    if (this.publicUrl) return `${this.publicUrl.replace(/\/+$/, '')}${apiPrefix}`;
    const hostRouted = request.originalUrl !== request.url;
    return `${request.protocol}://${this.authority(request)}${hostRouted ? '' : apiPrefix}`;
  }

  private authority(request: FastifyRequest): string {
    const host = request.headers.host;
    if (host && host.length <= 255 && HOST_HEADER.test(host)) {
      const name = host.replace(/:\d{1,5}$/, '').toLowerCase();
      if (this.knownHosts.has(name)) return host;
    }
    const address = request.socket.localAddress ?? '127.0.0.1';
    const port = request.socket.localPort;
    const hostPart = address.includes(':') ? `[${address}]` : address;
    return port ? `${hostPart}:${port}` : hostPart;
  }
}
