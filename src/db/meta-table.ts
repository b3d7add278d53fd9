import type { Database } from './database.js';

/** Key/value settings of the sandbox itself (sandbox_meta). */
export class MetaTable {
  private readonly getStmt;
  private readonly setStmt;
  private readonly addStmt;

  constructor(db: Database) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM sandbox_meta WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO sandbox_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.addStmt = db.prepare('INSERT INTO sandbox_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }

  /** The stored value, or `value` stored now: processes racing to create a setting all end with the first one written. */
  getOrAdd(key: string, value: () => string): string {
    const stored = this.get(key);
    if (stored !== undefined) return stored;
    this.addStmt.run(key, value());
    return this.get(key)!;
  }
}
