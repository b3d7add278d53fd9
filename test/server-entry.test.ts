import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandboxProcess } from './helpers/server-process.js';

/*
 * `node dist/server.js` turns on Node's compile cache before it loads the app (Node ≥ 22.1; the
 * Docker image runs 24), in Node's default folder under the OS temp dir, never in the project.
 */
const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-entry-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('node dist/server.js', () => {
  it(`starts and stops cleanly, and ${hasCompileCache ? 'leaves' : 'without a compile cache in this Node leaves no'} compiled modules in the temp dir`, async () => {
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const sandbox = await startSandboxProcess(join(dir, 'sandbox.db'), {
      TMPDIR: temp,
      TMP: temp,
      TEMP: temp,
      // Unset (spawn leaves out undefined values): either would move or stop the cache.
      NODE_COMPILE_CACHE: undefined,
      NODE_DISABLE_COMPILE_CACHE: undefined,
    });
    const health = await fetch(`${sandbox.baseUrl}/__admin/health`);
    expect(health.status).toBe(200);
    expect(await sandbox.stop()).toBe(0);
    const cache = join(temp, 'node-compile-cache');
    if (hasCompileCache) expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);
    else expect(existsSync(cache)).toBe(false);
  }, 30_000);
});
