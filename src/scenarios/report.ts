import type { Difference } from './matchers.js';
import type { ScenarioResult, StepResult } from './run-scenario.js';

export interface ReplayedScenario {
  file: string;
  result: ScenarioResult;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function differenceLine(difference: Difference): string {
  return `${difference.path}: ${difference.message}`;
}

function stepHeading(step: StepResult): string {
  const call = step.call ? ` — ${step.call}${step.status === undefined ? '' : ` → ${step.status}`}` : '';
  return `step ${step.number} "${step.name}"${call}`;
}

/** The first thing that went wrong in a scenario, in one line: the JUnit failure message. */
export function firstProblem(result: ScenarioResult): string | undefined {
  if (result.error) return result.error;
  const step = result.steps.find((candidate) => candidate.outcome === 'failed');
  if (!step) return undefined;
  const first = step.differences[0];
  const what = [step.error, first && differenceLine(first)].filter(Boolean).join(' ');
  return `${stepHeading(step)}: ${what}`;
}

/**
 * A scenario as a person reads it in a CI log. By default a passing scenario is one line and a
 * failing one adds its failed step and the first difference; `compare` lists every step with
 * every difference.
 */
export function formatScenario({ file, result }: ReplayedScenario, compare = false): string {
  const ran = result.steps.filter((step) => step.outcome !== 'skipped').length;
  const lines = [`${result.passed ? 'PASS' : 'FAIL'}  ${result.name}  (${file}, ${ran}/${result.steps.length} steps, ${seconds(result.durationMs)})`];
  if (result.error) lines.push(`      could not run: ${result.error}`);
  for (const step of result.steps) {
    if (!compare && step.outcome !== 'failed') continue;
    const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[step.outcome];
    lines.push(`  ${mark} ${stepHeading(step)}`);
    if (step.error) lines.push(`         ${step.error}`);
    const shown = compare ? step.differences : step.differences.slice(0, 1);
    for (const difference of shown) lines.push(`         ${differenceLine(difference)}`);
    if (!compare && step.differences.length > 1) lines.push(`         (and ${step.differences.length - 1} more; --compare shows all)`);
  }
  for (const warning of result.warnings) lines.push(`      warning: ${warning}`);
  return lines.join('\n');
}

export function formatSummary(replayed: ReplayedScenario[], notRun = 0): string {
  const passed = replayed.filter(({ result }) => result.passed).length;
  const failed = replayed.length - passed;
  const total = replayed.reduce((ms, { result }) => ms + result.durationMs, 0);
  const skipped = notRun ? `, ${notRun} not run (--bail)` : '';
  return `${replayed.length + notRun} scenario${replayed.length + notRun === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${skipped} (${seconds(total)})`;
}
