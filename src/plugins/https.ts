import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import fp from 'fastify-plugin';

export interface SandboxTls {
  /** The CA certificate (PEM) a client must trust. */
  caPem: string;
  /** Where the CA is kept, or null (in memory, for `:memory:`). */
  caPath: string | null;
  /** SHA-256 of the CA certificate, as `openssl x509 -fingerprint -sha256` shows it. */
  caFingerprint: string;
  caExpiresAt: string;
  /** The names the HTTPS certificate covers. */
  names: string[];
  /** Serves the app over HTTPS too; the only caller is src/server.ts (and tests). */
  listen(options: { port: number; host: string }): Promise<AddressInfo>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** HTTPS with the sandbox's own CA, or null when it is off (no SANDBOX_HTTPS_PORT). */
    tls: SandboxTls | null;
  }
}

/**
 * Optional HTTPS (SANDBOX_HTTPS_PORT): real devices refuse cleartext, and POS builds hard-code
 * `https://api.rulrr.com`. One Fastify instance cannot listen twice, so a Node HTTPS server hands
 * every request to the app's own routing function (`app.routing`, Host rewriting included) and gets
 * the HTTP server's timeouts and its clientError handler: both listeners serve one app, with one
 * set of hooks, routes and error envelopes.
 */
export const httpsPlugin = fp<{ enabled: boolean; dbPath: string; names: string[] }>(
  async (app, { enabled, dbPath, names }) => {
    if (!enabled) {
      app.decorate('tls', null);
      return;
    }
    // Loaded only when HTTPS is on: the X.509 library takes a noticeable share of a start.
    const { loadOrCreateCa } = await import('../tls/local-ca.js');
    const { serverCertificate } = await import('../tls/server-certificate.js');
    const ca = await loadOrCreateCa(dbPath);
    const certificate = await serverCertificate(ca, names);
    const servers: Server[] = [];

    app.decorate('tls', {
      caPem: ca.certificatePem,
      caPath: ca.certificatePath,
      caFingerprint: fingerprint(ca.certificate.rawData),
      caExpiresAt: ca.certificate.notAfter.toISOString(),
      names: certificate.names,
      async listen({ port, host }) {
        const server = createServer({ key: certificate.key, cert: certificate.cert }, app.routing);
        server.keepAliveTimeout = app.server.keepAliveTimeout;
        server.requestTimeout = app.server.requestTimeout;
        server.headersTimeout = app.server.headersTimeout;
        server.timeout = app.server.timeout;
        for (const listener of app.server.listeners('clientError')) server.on('clientError', listener as (...args: unknown[]) => void);
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        return server.address() as AddressInfo;
      },
    });

    // Stop taking connections when the app starts closing; its in-flight requests finish first.
    app.addHook('preClose', async () => {
      for (const server of servers) {
        server.close();
        server.closeIdleConnections();
      }
    });
    app.addHook('onClose', async () => {
      for (const server of servers) server.closeAllConnections();
    });
  },
  { name: 'https' },
);

function fingerprint(der: ArrayBuffer): string {
  return createHash('sha256')
    .update(Buffer.from(der))
    .digest('hex')
    .toUpperCase()
    .match(/../g)!
    .join(':');
}
