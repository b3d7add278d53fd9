import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScenario } from '../../src/scenarios/report.js';
import { runScenario } from '../../src/scenarios/run-scenario.js';
import { readScenarioFile, SHIPPED_SCENARIOS_DIR } from '../../src/scenarios/scenario-file.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';

const FILES = readdirSync(SHIPPED_SCENARIOS_DIR).filter((name) => /\.(json|ya?ml)$/.test(name)).sort();
let dir: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-shipped-'));
  sandbox = await startSandboxProcess(join(dir, 'sandbox.db'));
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the shipped scenarios replay green against a real sandbox process', () => {
  it('ship at least fifteen scenarios, covering each of the three APIs', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(15);
    expect(FILES.filter((name) => name.startsWith('rulrr-')).length).toBeGreaterThanOrEqual(7);
    expect(FILES.filter((name) => name.startsWith('wll-')).length).toBeGreaterThanOrEqual(6);
    expect(FILES.filter((name) => name.startsWith('kangaroo-')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(FILES)('%s', async (name) => {
    const file = join(SHIPPED_SCENARIOS_DIR, name);
    for (const { scenario } of await readScenarioFile(file)) {
      const result = await runScenario(scenario, { baseUrl: sandbox.baseUrl });
      // The report is the assertion message: a failing scenario says which step and which field.
      expect(result.passed, formatScenario({ file: name, result }, true)).toBe(true);
      expect(result.steps.every((step) => step.outcome === 'passed')).toBe(true);
      expect(result.warnings).toEqual([]);
    }
  }, 30_000);

  it('read as documentation: every scenario and every step has a name and a description', async () => {
    for (const name of FILES) {
      for (const { scenario } of await readScenarioFile(join(SHIPPED_SCENARIOS_DIR, name))) {
        expect(scenario.description, name).toBeTruthy();
        for (const [i, step] of scenario.steps.entries()) {
          expect(step.name, `${name}: step ${i + 1} has no name`).toBeTruthy();
          expect(step.description, `${name}: step ${i + 1} "${step.name}" has no description`).toBeTruthy();
        }
      }
    }
  });
});
