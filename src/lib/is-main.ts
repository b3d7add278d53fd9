import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Whether this module is the program node was started with (also through an npm bin symlink). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}
