import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminError, adminErrorResponse } from '../core/admin-errors.js';

const TAGS = ['Admin · HTTPS'];

/** Where the CA can be downloaded: open even with SANDBOX_ADMIN_TOKEN, so a phone's browser can fetch it. */
export const CA_DOWNLOAD_URL = '/__admin/tls/ca.pem';

const httpsOff = () =>
  adminError('not_found', 'HTTPS is off: start the sandbox with SANDBOX_HTTPS_PORT (or --https-port) to make its CA and serve HTTPS');

/** /__admin/tls: the sandbox's HTTPS certificate authority, for devices and containers to trust. */
export const tlsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tls', {
    schema: {
      tags: TAGS,
      summary: 'Whether HTTPS is on, which names its certificate covers, and the CA to trust',
      response: {
        200: z.union([
          z.object({
            enabled: z.literal(true),
            names: z.array(z.string()).describe("The HTTPS certificate's names: the vendors' hosts, localhost, 127.0.0.1, SANDBOX_TLS_NAMES."),
            caUrl: z.string(),
            caPath: z.string().nullable().describe('The CA certificate beside the database; null for :memory: (a new CA each start).'),
            caFingerprint: z.string().describe('SHA-256, as `openssl x509 -noout -fingerprint -sha256` prints it.'),
            caExpiresAt: z.string(),
          }),
          z.object({ enabled: z.literal(false) }),
        ]),
      },
    },
    handler: async () => {
      const tls = app.tls;
      if (!tls) return { enabled: false as const };
      return {
        enabled: true as const,
        names: tls.names,
        caUrl: CA_DOWNLOAD_URL,
        caPath: tls.caPath,
        caFingerprint: tls.caFingerprint,
        caExpiresAt: tls.caExpiresAt,
      };
    },
  });

  app.get('/tls/ca.pem', {
    // Open: the certificate is public, and a phone's browser fetches it without a token.
    config: { adminPublic: true },
    schema: {
      tags: TAGS,
      summary: "The sandbox's CA certificate (PEM), to install as trusted",
      produces: ['application/x-pem-file'],
      response: { 200: z.string().describe('A PEM certificate'), 404: adminErrorResponse },
    },
    handler: async (_request, reply) => {
      if (!app.tls) throw httpsOff();
      return reply
        .type('application/x-pem-file')
        .header('content-disposition', 'attachment; filename="pos-sandbox-ca.pem"')
        .send(app.tls.caPem);
    },
  });
};
