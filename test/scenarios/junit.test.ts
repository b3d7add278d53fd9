import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml, junitXml, type JunitCase } from '../../src/scenarios/junit.js';
import type { ScenarioResult } from '../../src/scenarios/run-scenario.js';
import { findAll, readXml } from './xml-reader.js';

const NASTY = 'a <b> & "c" \'d\' ]]> \u0000\u0007 \uD800 end';

function result(name: string, outcome: 'passed' | 'failed' | 'error'): ScenarioResult {
  return {
    name,
    passed: outcome === 'passed',
    error: outcome === 'error' ? `connect ECONNREFUSED ${NASTY}` : undefined,
    warnings: [],
    durationMs: 1234,
    steps: [
      { number: 1, name: 'STEP 1', kind: 'request', outcome: 'passed', call: 'POST /rulrr/v1/auth/integration', status: 200, differences: [], durationMs: 10 },
      {
        number: 2,
        name: `Step <2> ${NASTY}`,
        kind: 'request',
        outcome: outcome === 'failed' ? 'failed' : 'passed',
        call: 'GET /rulrr/v1/stores',
        status: 403,
        differences: outcome === 'failed' ? [{ path: '$.store.storeName', message: `expected "A & B", got "<${NASTY}>"` }] : [],
        durationMs: 5,
      },
    ],
  };
}

describe('JUnit XML', () => {
  const cases: JunitCase[] = [
    { file: 'fixtures/scenarios/a.json', name: 'passes', result: result('passes', 'passed') },
    { file: 'fixtures/scenarios/a.json', name: `fails ${NASTY}`, result: result(`fails ${NASTY}`, 'failed') },
    { file: 'b & c.yaml', name: 'cannot run', result: result('cannot run', 'error') },
    { file: 'b & c.yaml', name: 'never ran' },
  ];
  const xml = junitXml(cases, new Date('2027-01-15T10:30:00.000Z'));

  it('is well formed, with one testsuite per file and one testcase per scenario', () => {
    const root = readXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    const suites = findAll(root, 'testsuite');
    expect(suites.map((suite) => suite.attributes.name)).toEqual(['fixtures/scenarios/a.json', 'b & c.yaml']);
    expect(suites.map((suite) => findAll(suite, 'testcase').length)).toEqual([2, 2]);
    expect(suites[0]!.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', time: '2.468', timestamp: '2027-01-15T10:30:00' });
  });

  it('a failure says the first difference, with the step, in its message', () => {
    const [failed] = findAll(readXml(xml), 'failure');
    expect(failed!.attributes.type).toBe('StepFailed');
    expect(failed!.attributes.message).toContain('step 2 "Step <2> a <b> & "c"');
    expect(failed!.attributes.message).toContain('$.store.storeName: expected "A & B"');
    expect(failed!.text).toContain('ok   step 1 "STEP 1"');
  });

  it('a scenario that could not run is an error; one not run is skipped', () => {
    const root = readXml(xml);
    expect(findAll(root, 'error')[0]!.attributes.message).toContain('ECONNREFUSED');
    const skipped = findAll(root, 'testcase').find((c) => c.attributes.name === 'never ran');
    expect(skipped!.children.map((child) => child.name)).toEqual(['skipped']);
  });

  it('characters XML cannot hold become U+FFFD; the rest round-trips', () => {
    const names = findAll(readXml(xml), 'testcase').map((c) => c.attributes.name);
    expect(names[1]).toBe(`fails a <b> & "c" 'd' ]]> \uFFFD\uFFFD \uFFFD end`);
  });

  it('the reader used here refuses what is not well formed', () => {
    for (const bad of ['<a>&</a>', '<a b="<"/>', '<a><b></a></b>', '<a b="1" b="2"/>', '<a>\u0001</a>', '<a/><b/>', '<a>&nbsp;</a>']) {
      expect(() => readXml(bad), bad).toThrow();
    }
  });

  it('any text escapes to something an XML reader gives back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        const root = readXml(`<x a="${escapeXml(text)}">${escapeXml(text)}</x>`);
        const clean = text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
        expect(root.attributes.a).toBe(clean);
        expect(root.text).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });
});
