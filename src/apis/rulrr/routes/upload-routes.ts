import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkRow, rowsFromCsv, rowsFromJson, type RawRow } from '../customer-rows.js';
import { rulrrError } from '../errors.js';
import { customersJsonUpload, errorResponse, uploadParams, uploadReport, type UploadReport } from '../schemas.js';
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
  const handler = async (request: { params: { uploadToken: string }; body: unknown }): Promise<UploadReport> => {
    const now = rulrr.clock.now();
    const upload = rulrr.customers.findUpload(request.params.uploadToken);
    if (!upload) throw rulrrError('upload_not_found');
    if (upload.revoked) throw rulrrError('upload_expired', 'The integration behind this upload URL was revoked');
    if (now.toISOString() >= upload.expiresAt) throw rulrrError('upload_expired');

    let rows: RawRow[];
    if (typeof request.body === 'string') {
      rows = rowsFromCsv(request.body);
    } else {
      const parsed = customersJsonUpload.safeParse(request.body);
      if (!parsed.success) {
        throw rulrrError('invalid_upload', 'A JSON upload must be {"customers": [{"customerId": "…", …}, …]}');
      }
      rows = rowsFromJson(parsed.data.customers);
    }
    const checked = rows.map(checkRow);
    rulrr.db.transaction(() => {
      for (const row of checked) if (row.ok) rulrr.customers.upsert(upload.storeId, row.customer, now);
    })();
    const rejected = checked.flatMap((row) => (row.ok ? [] : [{ line: row.line, customerId: row.customerId, reason: row.reason }]));
    return { success: true, received: rows.length, accepted: rows.length - rejected.length, rejected };
  };

  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: '/uploads/customers/:uploadToken',
      schema: {
        tags: ['Customers'],
        summary: `${method} the customers list to an upload URL`,
        description:
          'Sandbox-defined. Upserts by customerId. A row is rejected when customerId is missing, email is not an email address, phone is not E.164, or marketingOptIn is not true, false or empty; rejected rows are reported and the good rows kept.',
        consumes: ['text/csv', 'application/json'],
        params: uploadParams,
        body: uploadBody,
        response: { 200: uploadReport, 400: errorResponse, 404: errorResponse, 410: errorResponse, 413: errorResponse },
      },
      // The body is checked by the handler, which can say what is wrong with an upload better
      // than a union's generic "invalid input"; the schema above documents it.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      handler,
    });
  }
};
