/** A value as SQLite stores it in the sandbox's tables and a snapshot carries it. */
export type SqlValue = string | number | null;

/** A workspace's rows, by table, each row by column (`workspace_id` left out): what a snapshot restores. */
export type SnapshotRows = Record<string, Array<Record<string, SqlValue>>>;

/** A snapshot this sandbox cannot restore as it is (400), or not under the circumstances (409). */
export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 = 400,
  ) {
    super(message);
  }
}
