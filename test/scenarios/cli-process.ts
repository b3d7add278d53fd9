import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI as shipped: dist/, which test/global-setup.ts builds from the sources. */
export const CLI = join(ROOT, 'dist', 'cli.js');

/**
 * Runs the built CLI, as `npx pos-sandbox …` would, without blocking the event loop (a sandbox
 * started by the same test keeps answering). SANDBOX_ADMIN_TOKEN is cleared unless given.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SANDBOX_ADMIN_TOKEN: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A port nothing listens on (it was free a moment ago): a sandbox or upstream that is not there. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
