import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Brings dist/ up to date with the sources before any test file runs (tsc is incremental). */
export default function buildDist(): void {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
