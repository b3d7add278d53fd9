import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bodyFailures, customersJsonUpload, errorResponse, uploadParams, uploadReport } from '../schemas.js';
import { tagWorkspace } from '../../../core/request-context.js';
import type { RulrrServices } from '../services.js';

const uploadBody = z.union([
  z.string().describe(`text/csv with the header row customerId,firstName,lastName,email,phone,marketingOptIn`),
  customersJsonUpload,
]);

/**
 * Sandbox-defined: the upload URL that GET /v1/customers hands out. The URL is the credential
 * (like a pre-signed URL), so no access token is needed here.
 */
export const uploadRoutes: FastifyPluginAsyncZod<{ rulrr: RulrrServices }> = async (app, { rulrr }) => {
  // CSV is taken here only; elsewhere in the Rulrr API it is an unsupported Content-Type (415).
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: '/uploads/customers/:uploadToken',
      schema: {
        tags: ['Customers'],
        summary: `${method} the customers list to an upload URL`,
        description:
          'Sandbox-defined. Upserts by customerId. A row is rejected when customerId is missing, customerId, firstName or lastName is longer than 100 characters, email is not an email address (at most 254 characters), phone is not E.164, marketingOptIn is not true, false or empty, a field has the wrong type, or a CSV line has another number of fields than the header; rejected rows are reported and the good rows kept.',
        consumes: ['text/csv', 'application/json'],
        params: uploadParams,
        body: uploadBody,
        response: { 200: uploadReport, 400: errorResponse, 404: errorResponse, 410: errorResponse, ...bodyFailures },
      },
      // The body is checked row by row by the service, which can say what is wrong with each
      // row better than a union's generic "invalid input"; the schema above documents it.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      handler: async (request) => {
        const upload = rulrr.customerUploads.open(request.params.uploadToken);
        tagWorkspace(request, upload.workspaceId);
        return rulrr.customerUploads.receive(upload, request.body);
      },
    });
  }
};
