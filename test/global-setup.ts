import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Brings dist/ up to date with the sources before any test file runs, the way `npm start` does:
 * nothing when it already is, an incremental build after an edit.
 */
export default function buildDist(): void {
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
