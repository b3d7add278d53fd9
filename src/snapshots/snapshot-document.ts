import { z } from 'zod';

export const SNAPSHOT_FORMAT = 'pos-sandbox/workspace-snapshot' as const;
/** The layout of the document itself; the rows follow the database's schema version. */
export const SNAPSHOT_FORMAT_VERSION = 1;
/** A restore carries a whole workspace: the admin API's usual 1 MiB is raised for that route only. */
export const SNAPSHOT_BODY_LIMIT = 32 * 1024 * 1024;

const sqlValue = z.union([z.string(), z.number(), z.null()]);
const identifier = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a table or column name');

/**
 * A workspace's whole state as one document (issue 9): the workspace (name, ttl, clock offset,
 * credentials) and every row of every workspace table. It carries the workspace's secrets.
 */
export const workspaceSnapshot = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    formatVersion: z.number().int().min(1).describe(`${SNAPSHOT_FORMAT_VERSION} for this sandbox`),
    schemaVersion: z.number().int().min(0).describe('The database schema (migration) the rows follow; a newer one than here is refused.'),
    sandboxVersion: z.string().max(40),
    takenAt: z.string().max(40).describe('Real time.'),
    workspace: z.object({
      id: z.string().max(40),
      name: z.string().min(1).max(100),
      ttl: z.string().max(40).nullable(),
      clockOffsetMs: z.number().int().describe("How far the workspace's sandbox clock ran from real time."),
      credentials: z.record(z.string().max(40), z.unknown()).describe('Per API, as the workspace shows them.'),
    }),
    tables: z
      .record(identifier, z.object({ columns: z.array(identifier).max(200), rows: z.array(z.array(sqlValue).max(200)) }))
      .describe('Every workspace table, its columns (`workspace_id` left out) and its rows as lists of values.'),
  })
  .meta({ id: 'AdminWorkspaceSnapshot' });

export type WorkspaceSnapshot = z.infer<typeof workspaceSnapshot>;
