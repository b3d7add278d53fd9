import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startSandboxProcess } from '../helpers/server-process.js';

/*
 * Both entries, `node dist/server.js` and `pos-sandbox` (dist/cli.js), turn on Node's compile
 * cache before they load the app (Node ≥ 22.1; the Docker image runs 24), in Node's default
 * folder under the OS temp dir, never in the project.
 */
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-entry-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a start whose temp dir is `temp`; spawn leaves out the undefined values. */
function inTemp(temp: string): NodeJS.ProcessEnv {
  // Either of the two unset would move or stop the cache.
  return { TMPDIR: temp, TMP: temp, TEMP: temp, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined };
}

function expectCacheIn(temp: string): void {
  const cache = join(temp, 'node-compile-cache');
  if (hasCompileCache) expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
  else expect(existsSync(cache)).toBe(false);
}

const leaves = hasCompileCache ? 'leaves' : 'without a compile cache in this Node leaves no';

describe('the compile cache', () => {
  it(`node dist/server.js starts and stops cleanly, and ${leaves} compiled modules in the temp dir`, async () => {
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const sandbox = await startSandboxProcess(join(dir, 'sandbox.db'), inTemp(temp));
    const health = await fetch(`${sandbox.baseUrl}/__admin/health`);
    expect(health.status).toBe(200);
    expect(await sandbox.stop()).toBe(0);
    expectCacheIn(temp);
  }, 30_000);

  it(`pos-sandbox seed works, and ${leaves} compiled modules in the temp dir`, () => {
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const result = spawnSync(process.execPath, ['dist/cli.js', 'seed', '--db', join(dir, 'seeded.db')], {
      cwd: ROOT,
      env: { ...process.env, ...inTemp(temp) },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^seeded \(/);
    expectCacheIn(temp);
  }, 30_000);
});
