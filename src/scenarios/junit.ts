import { basename, extname } from 'node:path';
import { firstProblem, formatScenario } from './report.js';
import type { ScenarioResult } from './run-scenario.js';

export interface JunitCase {
  file: string;
  name: string;
  /** Undefined: not run (after --bail stopped the replay). */
  result?: ScenarioResult;
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 on except lone
// surrogates and U+FFFE/U+FFFF; anything else cannot be written at all, even escaped.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(entry: JunitCase): string {
  const className = basename(entry.file, extname(entry.file));
  const open = `    <testcase${attributes({ classname: className, name: entry.name, file: entry.file, time: seconds(entry.result?.durationMs ?? 0) })}`;
  const result = entry.result;
  if (!result) return `${open}>\n      <skipped${attributes({ message: 'not run: --bail stopped the replay after a failure' })}/>\n    </testcase>`;
  if (result.passed) return `${open}/>`;
  const report = escapeXml(formatScenario({ file: entry.file, result }, true));
  // A scenario that could not start is an error (the sandbox), one whose step failed a failure (the behaviour).
  const tag = result.error ? 'error' : 'failure';
  const type = result.error ? 'ScenarioError' : 'StepFailed';
  return `${open}>\n      <${tag}${attributes({ message: firstProblem(result) ?? 'failed', type })}>${report}</${tag}>\n    </testcase>`;
}

/** JUnit XML as CI servers read it: one testsuite per scenario file, one testcase per scenario. */
export function junitXml(cases: JunitCase[], timestamp: Date): string {
  const files = [...new Set(cases.map((entry) => entry.file))];
  const count = (list: JunitCase[]) => ({
    tests: list.length,
    failures: list.filter((entry) => entry.result && !entry.result.passed && !entry.result.error).length,
    errors: list.filter((entry) => entry.result?.error).length,
    skipped: list.filter((entry) => !entry.result).length,
    time: seconds(list.reduce((ms, entry) => ms + (entry.result?.durationMs ?? 0), 0)),
  });
  const suites = files.map((file) => {
    const inFile = cases.filter((entry) => entry.file === file);
    const head = `  <testsuite${attributes({ name: file, ...count(inFile), timestamp: timestamp.toISOString().replace(/\.\d{3}Z$/, '') })}>`;
    return [head, ...inFile.map(testcase), '  </testsuite>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'pos-sandbox replay', ...count(cases) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
