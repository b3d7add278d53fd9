// Builds dist/ from src/: TypeScript, then the SQL migrations and the dashboard's static files beside the compiled code,
// then a stamp naming the sources it was built from (scripts/build-if-stale.mjs reads it).
// `node scripts/build.mjs` (what `npm run build` runs) always starts from an empty dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp.json');
// Everything the output depends on besides src/: a changed compiler setting, dependency or
// build step rebuilds too.
const INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json', 'scripts/build.mjs'];
// Folders of src/ that are not TypeScript, copied as they are: the SQL migrations, the dashboard's script and style sheet.
const COPIED_FOLDERS = [join('db', 'migrations'), join('admin', 'dashboard', 'static')];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * The sources as they are now: their paths and one hash over paths and contents. Contents, not
 * modification times, so a checkout, copy or archive that keeps old times is still noticed.
 */
export function currentSources() {
  const files = [...filesUnder(join(ROOT, 'src')), ...INPUT_FILES].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
  return { digest: hash.digest('hex'), files };
}

/** What the last build was made from, or undefined when dist/ has no stamp. */
export function builtSources() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Compiles src/ into dist/. `clean` empties dist/ first; without it tsc works incrementally from
 * its build info in dist/ (a few seconds less after a small change).
 */
export function build({ clean }) {
  // Read before compiling: a file saved during the build makes the next start build again.
  const sources = currentSources();
  if (clean) rmSync(DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (compiled.status !== 0) {
    throw new Error(`tsc failed (${compiled.status ?? compiled.signal}); dist/ is not up to date`);
  }
  // Replaced, not merged: a migration (or asset) removed from src/ must not live on in dist/.
  for (const folder of COPIED_FOLDERS) {
    rmSync(join(DIST, folder), { recursive: true, force: true });
    cpSync(join(ROOT, 'src', folder), join(DIST, folder), { recursive: true });
  }
  writeFileSync(STAMP, `${JSON.stringify(sources)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    build({ clean: true });
  } catch (error) {
    console.error(`build: ${error.message}`);
    process.exit(1);
  }
}
