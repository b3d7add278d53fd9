import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './helpers/build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
let dir: string;

/** Runs the built CLI, as `npx pos-sandbox` would. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, SANDBOX_FIXTURES: FIXTURES_DIR, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Whether the sandbox on `port` answers health within 15 s. */
async function healthy(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const ok = await fetch(`http://127.0.0.1:${port}/__admin/health`).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

// The CLI is tested as shipped: from dist/, which test/global-setup.ts builds from the sources.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test starts the CLI once or more (about a second each on a busy two-core machine).
describe('pos-sandbox CLI', { timeout: 30_000 }, () => {
  it('--help explains every command and flag', () => {
    const { code, stdout } = cli(['--help']);
    expect(code).toBe(0);
    for (const word of ['serve', 'seed', 'reset', '--port', '--db', 'SANDBOX_DB', 'SANDBOX_ADMIN_TOKEN']) expect(stdout).toContain(word);
  });

  it('--help names the three APIs and where each is served', () => {
    const { stdout } = cli(['--help']);
    expect(stdout).not.toContain('to follow');
    for (const line of [/Rulrr POS integration +\/rulrr /, /White Label Loyalty Receipts Core +\/wll\/v1 /, /Kangaroo Rewards integrations +\/kangaroo\/api\/v1 /]) {
      expect(stdout).toMatch(line);
    }
  });

  it('--version and -v print the version of the package', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) expect(cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  }, 15_000);

  it('refuses an unknown command and bad flags with exit code 2 / 1', () => {
    const unknown = cli(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch"');
    const badPort = cli(['seed', '--port', 'x']);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/invalid configuration — port/);
  });

  it('refuses a fixtures folder that does not exist instead of seeding nothing', () => {
    const db = join(dir, 'nofixtures.db');
    const result = cli(['seed', '--db', db, '--fixtures', join(dir, 'no-such-folder')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the fixtures folder .*no-such-folder does not exist/);
    expect(cli(['seed', '--db', db]).stdout).toMatch(/^seeded \(/);
  }, 15_000);

  it('run from another folder, seeds ./data/sandbox.db there from the shipped fixtures', () => {
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    const result = cli(['seed'], { SANDBOX_FIXTURES: '', SANDBOX_DB: '' }, elsewhere);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^seeded \(.*\): \.\/data\/sandbox\.db/);
    expect(existsSync(join(elsewhere, 'data', 'sandbox.db'))).toBe(true);
  }, 15_000);

  it('a start that fails leaves the folder it ran in as it was', () => {
    const badFixtures = join(dir, 'bad-fixtures');
    mkdirSync(join(badFixtures, 'rulrr'), { recursive: true });
    writeFileSync(join(badFixtures, 'rulrr', 'clients.json'), '[{"clientId": ""}]');
    const failures = [
      { args: ['seed', '--fixtures', join(dir, 'no-such-folder')], message: /the fixtures folder .* does not exist/ },
      { args: ['seed', '--fixtures', badFixtures], message: /fixture .*clients\.json is invalid/ },
      { args: ['serve', '--port', '0', '--fixtures', badFixtures], message: /fixture .*clients\.json is invalid/ },
    ];
    for (const { args, message } of failures) {
      const elsewhere = mkdtempSync(join(dir, 'failing-'));
      const result = cli(args, { SANDBOX_DB: '' }, elsewhere);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(readdirSync(elsewhere), args.join(' ')).toEqual([]);
    }
  }, 30_000);

  it('a database seeded from other fixtures says so at start, and how to load the configured ones', async () => {
    const db = join(dir, 'other-fixtures.db');
    const copy = join(dir, 'fixtures-copy');
    cpSync(FIXTURES_DIR, copy, { recursive: true });
    expect(cli(['seed', '--db', db]).stderr).toBe('');
    const seedAgain = cli(['seed', '--db', db, '--fixtures', copy]);
    expect(seedAgain.stderr).toContain(`was seeded on `);
    expect(seedAgain.stderr).toContain(`from the fixtures in ${FIXTURES_DIR}, not from the configured ${copy}`);
    expect(seedAgain.stderr).toContain('POST /__admin/reset, or pos-sandbox reset');

    const port = await freePort();
    const server = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--db', db, '--fixtures', copy], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const line = await new Promise<string>((resolve) => {
        let log = '';
        server.stdout.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          const warning = log.split('\n').find((entry) => entry.includes('was seeded on'));
          if (warning) resolve(warning);
        });
      });
      expect(JSON.parse(line)).toMatchObject({ level: 40, msg: expect.stringContaining(`not from the configured ${copy}`) });
      // It still serves what the database holds.
      expect(await healthy(port)).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it('seed fills a new database once; reset wipes and reloads it', () => {
    const db = join(dir, 'seed.db');
    expect(cli(['seed', '--db', db]).stdout).toMatch(/^seeded \(/);
    const reset = cli(['reset'], { SANDBOX_DB: db });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('"rulrr":{"clients":2,"merchants":1,"stores":2}');
  }, 15_000);

  it('serve answers health on the port it was given and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--db', join(dir, 'serve.db')], {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_FIXTURES: FIXTURES_DIR, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let health: Response | undefined;
    for (let attempt = 0; attempt < 100 && !health; attempt++) {
      health = await fetch(`http://127.0.0.1:${port}/__admin/health`).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    try {
      expect(health?.status).toBe(200);
      expect(await health?.json()).toMatchObject({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
