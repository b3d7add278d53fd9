import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/server-process.js';

/*
 * scripts/audit.mjs, CI's dependency gate, run as .ci/run runs it, against an `npm` on the PATH
 * that answers `npm audit --json` with a report (or the registry's error) given by the test.
 */
const dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-audit-'));
writeFileSync(join(dir, 'npm'), '#!/bin/sh\ncat "$FAKE_AUDIT_REPORT"\nexit 1\n');
chmodSync(join(dir, 'npm'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function audit(report: unknown, env: Record<string, string> = {}) {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(report));
  const run = spawnSync(process.execPath, ['scripts/audit.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, FAKE_AUDIT_REPORT: file, AUDIT_UNREACHABLE: '', ...env },
  });
  return { code: run.status, output: run.stdout + run.stderr };
}

const counts = (levels: Partial<Record<'low' | 'moderate' | 'high' | 'critical', number>>) => ({
  vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...levels },
});

const vulnerable = (name: string, severity: string) => ({
  name,
  severity,
  range: '<1.2.3',
  via: [{ title: `${name} is unsafe`, url: `https://github.com/advisories/${name}` }],
  fixAvailable: { name, version: '1.2.3' },
});

describe('the CI dependency audit', () => {
  it('passes a report without high or critical advisories, moderate ones included', () => {
    expect(audit({ vulnerabilities: {}, metadata: counts({}) })).toMatchObject({ code: 0 });
    const moderate = audit({ vulnerabilities: { yaml: vulnerable('yaml', 'moderate') }, metadata: counts({ moderate: 1 }) });
    expect(moderate.code).toBe(0);
    expect(moderate.output).toContain('0 critical, 0 high, 1 moderate');
  });

  it('fails on a high or critical advisory, naming the package, the advisory and its fix', () => {
    const report = {
      vulnerabilities: { 'json-rules-engine': { ...vulnerable('json-rules-engine', 'high'), via: ['jsonpath-plus'], fixAvailable: false }, 'jsonpath-plus': vulnerable('jsonpath-plus', 'critical') },
      metadata: counts({ high: 1, critical: 1 }),
    };
    const { code, output } = audit(report);
    expect(code).toBe(1);
    expect(output).toContain('critical jsonpath-plus <1.2.3: jsonpath-plus is unsafe (https://github.com/advisories/jsonpath-plus) — fix: jsonpath-plus@1.2.3');
    expect(output).toContain('high json-rules-engine <1.2.3: through jsonpath-plus — no fix available');
  });

  it('fails, saying nothing was checked, when the audit endpoint cannot be reached', () => {
    const blocked = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    const { code, output } = audit(blocked);
    expect(code).toBe(2);
    expect(output).toContain('NOT CHECKED');
    expect(output).toContain('405 Method Not Allowed');
  });

  it('only warns about an unreachable endpoint with AUDIT_UNREACHABLE=warn, and still fails on advisories found', () => {
    const blocked = audit({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND registry.npmjs.org' } }, { AUDIT_UNREACHABLE: 'warn' });
    expect(blocked.code).toBe(0);
    expect(blocked.output).toMatch(/NOT CHECKED.*ENOTFOUND[\s\S]*WARNING/);
    const found = audit({ vulnerabilities: { x: vulnerable('x', 'high') }, metadata: counts({ high: 1 }) }, { AUDIT_UNREACHABLE: 'warn' });
    expect(found.code).toBe(1);
  });
});
