import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import { runCli as cli } from './cli-process.js';
import { findAll, readXml } from './xml-reader.js';

const ADMIN_TOKEN = 'replay-cli-admin-token-0123456789';
let dir: string;
let sandbox: RunningSandbox;
let guarded: RunningSandbox;

const STEP1 = {
  name: 'STEP 1 — create the integration token',
  method: 'POST',
  path: '/v1/auth/integration',
  query: { client_id: '${rulrr.clientId}', client_secret: '${rulrr.clientSecret}' },
  expect: { status: 200, body: { success: true, integrationToken: { $regex: '^rit_' } } },
};

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

let passing: string;
let failing: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-replay-cli-'));
  [sandbox, guarded] = await Promise.all([
    startSandboxProcess(join(dir, 'a.db')),
    startSandboxProcess(join(dir, 'b.db'), { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN }),
  ]);
  mkdirSync(join(dir, 'suite'));
  passing = write('suite/passing.json', { name: 'Passing <one> & only', api: 'rulrr', steps: [STEP1] });
  failing = write('suite/failing.yaml', [
    'name: Failing',
    'api: rulrr',
    'steps:',
    '  - name: Wrong secret',
    '    method: POST',
    '    path: /v1/auth/integration',
    '    query: { client_id: "${rulrr.clientId}", client_secret: wrong }',
    '    expect: { status: 200, body: { success: true } }',
    '  - name: Never reached',
    '    clock: real',
  ].join('\n'));
}, 30_000);
afterAll(async () => {
  await Promise.all([sandbox?.stop(), guarded?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('pos-sandbox replay (the built CLI)', { timeout: 30_000 }, () => {
  it('exit 0 when every step passes; writes JUnit XML', async () => {
    const junit = join(dir, 'reports', 'pass.xml');
    const { code, stdout } = await cli(['replay', passing, '--base-url', sandbox.baseUrl, '--junit', junit]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS {2}Passing <one> & only {2}\(.*passing\.json, 1\/1 steps/);
    expect(stdout).toContain('1 scenario: 1 passed, 0 failed');
    const root = readXml(readFileSync(junit, 'utf8'));
    expect(findAll(root, 'testcase').map((c) => c.attributes.name)).toEqual(['Passing <one> & only']);
  });

  it('exit 1 when a step fails; the report names the step, the status and the first difference', async () => {
    const junit = join(dir, 'fail.xml');
    const { code, stdout } = await cli(['replay', join(dir, 'suite'), '--base-url', sandbox.baseUrl, '--junit', junit]);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  Failing');
    expect(stdout).toContain('FAIL step 1 "Wrong secret" — POST /rulrr/v1/auth/integration → 403');
    expect(stdout).toContain('status: expected 200, got 403');
    expect(stdout).toContain('(and 1 more; --compare shows all)');
    expect(stdout).toContain('2 scenarios: 1 passed, 1 failed');
    const root = readXml(readFileSync(junit, 'utf8'));
    expect(findAll(root, 'testsuite').map((s) => s.attributes.name)).toEqual([expect.stringMatching(/failing\.yaml$/), expect.stringMatching(/passing\.json$/)]);
    expect(findAll(root, 'failure')[0]!.attributes.message).toBe('step 1 "Wrong secret" — POST /rulrr/v1/auth/integration → 403: status: expected 200, got 403');
  });

  it('--bail stops after the first failing scenario; the rest are skipped in the JUnit file', async () => {
    const junit = join(dir, 'bail.xml');
    const { code, stdout } = await cli(['replay', failing, passing, '--bail', '--base-url', sandbox.baseUrl, '--junit', junit]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('PASS');
    expect(stdout).toContain('2 scenarios: 0 passed, 1 failed, 1 not run (--bail)');
    expect(findAll(readXml(readFileSync(junit, 'utf8')), 'skipped')).toHaveLength(1);
  });

  it('--compare shows every step and every difference', async () => {
    const { code, stdout } = await cli(['replay', failing, '--compare', '--base-url', sandbox.baseUrl]);
    expect(code).toBe(1);
    expect(stdout).toContain('$.success: expected true, got false');
    expect(stdout).toContain('ok   step 2 "Never reached" — DELETE /__admin/clock → 200');
  });

  it('no files: the shipped scenarios; --filter picks by name', async () => {
    const { code, stdout } = await cli(['replay', '--filter', 'ERROR BODIES', '--base-url', sandbox.baseUrl]);
    expect(code).toBe(0);
    expect(stdout).toContain('PASS  Rulrr: error bodies  (fixtures/scenarios/rulrr-error-bodies.json');
  });

  it('the base URL defaults to 127.0.0.1 on PORT', async () => {
    const { code } = await cli(['replay', passing], { PORT: new URL(sandbox.baseUrl).port });
    expect(code).toBe(0);
  });

  it('sends SANDBOX_ADMIN_TOKEN; without it the scenario cannot run (exit 1)', async () => {
    expect((await cli(['replay', passing, '--base-url', guarded.baseUrl], { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN })).code).toBe(0);
    const without = await cli(['replay', passing, '--base-url', guarded.baseUrl]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('could not run: could not create a workspace: POST /__admin/workspaces answered 401');
  });

  it('exit 2 for an invalid file (nothing runs), an unknown flag, no match, or a missing file', async () => {
    const invalid = write('invalid.yaml', 'name: Bad\napi: rulrr\nsteps:\n  - name: No status\n    method: GET\n    path: /v1/stores\n    expect: {}\n');
    const bad = await cli(['replay', invalid, passing, '--base-url', sandbox.baseUrl]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid scenario files — nothing was run');
    expect(bad.stderr).toMatch(/invalid\.yaml: step 1 "No status": expect\.status: /);
    expect(bad.stdout).toBe('');
    expect((await cli(['replay', '--junit'])).code).toBe(2);
    expect((await cli(['replay', '--frobnicate'])).stderr).toContain("Unknown option '--frobnicate'");
    const none = await cli(['replay', passing, '--filter', 'no such scenario', '--base-url', sandbox.baseUrl]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('none is named like "no such scenario"')]);
    expect((await cli(['replay', join(dir, 'missing.json')])).stderr).toContain('missing.json: no such file or folder');
    expect((await cli(['replay', passing, '--base-url', 'ftp://x'])).code).toBe(2);
  });
});
