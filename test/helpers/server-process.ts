import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FIXTURES_DIR } from './build.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningSandbox {
  baseUrl: string;
  stop(): Promise<number | null>;
  /** Sends a signal (SIGKILL: no shutdown at all) and resolves with the signal the process died of. */
  kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built sandbox (dist/server.js) in a process of its own, answering health; `env` adds to its environment, `args` are more CLI flags. */
export async function startSandboxProcess(dbPath: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<RunningSandbox> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/server.js', '--port', String(port), '--db', dbPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, SANDBOX_FIXTURES: FIXTURES_DIR, LOG_LEVEL: 'silent', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const killed = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`the sandbox process exited with ${child.exitCode}`);
    const healthy = await fetch(`${baseUrl}/__admin/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { baseUrl, stop: () => (child.kill('SIGTERM'), exited), kill: (signal) => (child.kill(signal), killed) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the sandbox process did not become healthy within 15 s');
}

/**
 * `count` sandbox processes on one database file. If any fails to start, the ones that did are
 * stopped before the failure is thrown, so no process outlives the test file.
 */
export async function startSandboxProcesses(count: number, dbPath: string, env: NodeJS.ProcessEnv = {}): Promise<RunningSandbox[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startSandboxProcess(dbPath, env)));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((sandbox) => sandbox.stop()));
    throw failure.reason;
  }
  return running;
}

export interface ProcessCallOptions {
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** A caller spreading requests over the processes: call `i` goes to process `i mod n`, over a real socket. */
export function processCaller(sandboxes: () => RunningSandbox[]) {
  return async (i: number, method: string, path: string, options: ProcessCallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const running = sandboxes();
    const response = await fetch(`${running[i % running.length]!.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
  };
}
