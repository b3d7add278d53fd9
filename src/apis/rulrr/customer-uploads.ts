import { z } from 'zod';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { CustomerTable, Upload } from './db/customer-table.js';
import type { Connection } from './db/token-table.js';
import { checkRow, rowsFromCsv, rowsFromJson, type RawRow } from './customer-rows.js';
import { rulrrError } from './errors.js';
import type { UploadReport } from './schemas.js';

// Rows are checked one by one, so the list itself only has to be a list.
const jsonUpload = z.object({ customers: z.array(z.unknown()) });

/** GET /v1/customers and the upload URL it hands out (sandbox-defined, CONTRACT §5). */
export class CustomerUploads {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly customers: CustomerTable,
  ) {}

  /** A new upload URL for the connection's store; `baseUrl` is where the sandbox's Rulrr API is reached. */
  issue(connection: Connection, baseUrl: string): { uploadUrl: string; expiresAt: string } {
    const { workspaceId, integrationId, storeId } = connection;
    const { uploadToken, expiresAt } = writeTransaction(this.db, () =>
      this.customers.createUpload(workspaceId, integrationId, storeId, this.clock.now(workspaceId)),
    );
    return { uploadUrl: `${baseUrl}/uploads/customers/${uploadToken}`, expiresAt };
  }

  /** The upload an upload URL names (and so its workspace): 404 unknown, 410 expired or revoked. */
  open(uploadToken: string): Upload {
    const upload = this.customers.findUpload(uploadToken);
    if (!upload) throw rulrrError('upload_not_found');
    if (upload.revoked) throw rulrrError('upload_expired', 'The integration behind this upload URL was revoked');
    if (this.clock.now(upload.workspaceId).toISOString() >= upload.expiresAt) throw rulrrError('upload_expired');
    return upload;
  }

  /** Takes a CSV text or a parsed JSON body; upserts the good rows in one transaction. */
  receive(upload: Upload, body: unknown): UploadReport {
    const rows: RawRow[] = typeof body === 'string' ? rowsFromCsv(body) : rowsFromJson(this.jsonRows(body));
    const checked = rows.map(checkRow);
    writeTransaction(this.db, () => {
      const now = this.clock.now(upload.workspaceId);
      for (const row of checked) if (row.ok) this.customers.upsert(upload.workspaceId, upload.storeId, row.customer, now);
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
