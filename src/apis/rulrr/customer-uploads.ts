import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { CustomerStore } from './customer-store.js';
import { checkRow, rowsFromCsv, rowsFromJson, type RawRow } from './customer-rows.js';
import { rulrrError } from './errors.js';
import type { UploadReport } from './schemas.js';
import type { Connection } from './token-store.js';

// Rows are checked one by one, so the list itself only has to be a list.
const jsonUpload = z.object({ customers: z.array(z.unknown()) });

/** GET /v1/customers and the upload URL it hands out (sandbox-defined, CONTRACT §5). */
export class CustomerUploads {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly customers: CustomerStore,
  ) {}

  /** A new upload URL for the connection's store; `baseUrl` is the API as the caller reached it. */
  issue(connection: Connection, baseUrl: string): { uploadUrl: string; expiresAt: string } {
    const { uploadToken, expiresAt } = writeTransaction(this.db, () =>
      this.customers.createUpload(connection.integrationId, connection.storeId, this.clock.now()),
    );
    return { uploadUrl: `${baseUrl}/uploads/customers/${uploadToken}`, expiresAt };
  }

  /** Takes a CSV text or a parsed JSON body; upserts the good rows in one transaction. */
  receive(uploadToken: string, body: unknown): UploadReport {
    const now = this.clock.now();
    const upload = this.customers.findUpload(uploadToken);
    if (!upload) throw rulrrError('upload_not_found');
    if (upload.revoked) throw rulrrError('upload_expired', 'The integration behind this upload URL was revoked');
    if (now.toISOString() >= upload.expiresAt) throw rulrrError('upload_expired');

    const rows: RawRow[] = typeof body === 'string' ? rowsFromCsv(body) : rowsFromJson(this.jsonRows(body));
    const checked = rows.map(checkRow);
    writeTransaction(this.db, () => {
      for (const row of checked) if (row.ok) this.customers.upsert(upload.storeId, row.customer, now);
    });
    const rejected = checked.flatMap((row) => (row.ok ? [] : [{ line: row.line, customerId: row.customerId, reason: row.reason }]));
    return { success: true, received: rows.length, accepted: rows.length - rejected.length, rejected };
  }

  private jsonRows(body: unknown): unknown[] {
    const parsed = jsonUpload.safeParse(body);
    if (!parsed.success) {
      throw rulrrError('invalid_upload', 'A JSON upload must be {"customers": [{"customerId": "…", …}, …]}');
    }
    return parsed.data.customers;
  }
}
