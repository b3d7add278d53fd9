import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './helpers/build.js';
import { freePort, ROOT } from './helpers/server-process.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-npm-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answersHealth = (baseUrl: string) =>
  fetch(`${baseUrl}/__admin/health`, { signal: AbortSignal.timeout(1000) }).then(
    (response) => response.ok,
    () => false,
  );

async function waitFor(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('npm start', () => {
  it('stops the server when npm is killed by its PID, as a CI script does (npm start & pid=$!; kill $pid)', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // Its own process group, so the clean-up below reaches a server left running.
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SANDBOX_DB: join(dir, 'sandbox.db'), SANDBOX_FIXTURES: FIXTURES_DIR, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    npm.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    try {
      expect(await waitFor(() => answersHealth(baseUrl), 30_000), `healthy after npm start\n${log}`).toBe(true);

      npm.kill('SIGTERM');
      await npmExited;

      expect(await waitFor(async () => !(await answersHealth(baseUrl)), 5_000), 'the server stops serving').toBe(true);
      // Stopped by its own shutdown (requests drained, database closed), not cut off.
      expect(log).toMatch(/"msg":"shutting down"/);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // The group is gone: nothing was left running.
      }
    }
  }, 60_000);
});
