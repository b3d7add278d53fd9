import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface NewDatabaseFiles {
  /** Removes what opening the database created; nothing when the file was there before. */
  remove(): void;
}

/**
 * Notes what opening the database at `path` is about to create — the file, SQLite's companion
 * files and the folders above it that do not exist yet — so a start that fails before the
 * sandbox is seeded (a bad fixture file, a migration that fails) leaves no stray data/ behind.
 */
export function newDatabaseFiles(path: string): NewDatabaseFiles {
  if (path === ':memory:' || existsSync(path)) return { remove: () => {} };
  const folders: string[] = [];
  for (let dir = dirname(resolve(path)); !existsSync(dir); dir = dirname(dir)) folders.push(dir);
  return {
    remove() {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
      // Deepest first. A folder that something else has put a file in meanwhile is kept.
      for (const folder of folders) {
        try {
          rmdirSync(folder);
        } catch {
          return;
        }
      }
    },
  };
}
