import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, ScenarioFileError } from '../../src/scenarios/scenario-file.js';

const request = { name: 'STEP 1', method: 'POST', path: '/v1/auth/integration', expect: { status: 200 } };
const scenario = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'A scenario', api: 'rulrr', steps, ...extra });

function problemsOf(file: string, text: string): string[] {
  try {
    parseScenarioText(file, text);
  } catch (error) {
    if (error instanceof ScenarioFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('scenario files: what is accepted', () => {
  it('reads the four kinds of step and tells them apart by their keys', () => {
    const [loaded] = parseScenarioText(
      'a.json',
      scenario([
        { ...request, capture: { token: '$.integrationToken' } },
        { admin: { method: 'post', path: '/rulrr/integrations/${token}/complete', body: { ereceipt: true } } },
        { clock: { advanceBy: 'PT16M' } },
        { wait: 'PT0.1S' },
        { wait: { until: { method: 'GET', path: '/v1/stores', expect: { status: 403 } }, timeout: 'PT2S' } },
      ]),
    );
    const kinds = loaded!.scenario.steps.map((step) => step.kind);
    expect(kinds).toEqual(['request', 'admin', 'clock', 'wait', 'wait']);
    const admin = loaded!.scenario.steps[1]!;
    expect(admin.kind === 'admin' && admin.admin.method).toBe('POST');
    const until = loaded!.scenario.steps[4]!;
    expect(until.kind === 'wait' && typeof until.wait === 'object' && until.wait.interval).toBe('PT0.25S');
  });

  it('reads YAML, several scenarios as several documents', () => {
    const yaml = [
      'name: First',
      'api: rulrr',
      'steps:',
      '  - name: STEP 1',
      '    method: POST',
      '    path: /v1/auth/integration',
      '    query: { client_id: "${rulrr.clientId}" }',
      '    expect: { status: 200, body: { integrationToken: { $regex: "^rit_" } } }',
      '---',
      'name: Second',
      'steps:',
      '  - clock: real',
    ].join('\n');
    const loaded = parseScenarioText('flows.yaml', yaml);
    expect(loaded.map(({ scenario: s, index }) => [s.name, index])).toEqual([['First', 0], ['Second', 1]]);
  });

  it('reads a JSON list as several scenarios', () => {
    const list = `[${scenario([request])}, ${scenario([{ clock: 'real' }], { name: 'Two' })}]`;
    expect(parseScenarioText('two.json', list).map(({ scenario: s }) => s.name)).toEqual(['A scenario', 'Two']);
  });

  it('knows the variables of the workspace, declared variables and earlier captures', () => {
    const text = scenario(
      [
        { ...request, query: { client_id: '${rulrr.clientId}', w: '${workspace.id}', s: '${fixed}' }, capture: { token: '$.t' } },
        { ...request, name: 'uses it', headers: { Authorization: 'Bearer ${token}' }, expect: { status: 200, body: { t: '${token}' } } },
      ],
      { variables: { fixed: 'x-${wll.apiKey}' } },
    );
    expect(problemsOf('ok.json', text)).toEqual([]);
  });
});

describe('scenario files: errors name the file, the step and the field', () => {
  it.each([
    ['a status that is not a number', [{ ...request, expect: { status: '200' } }], 'bad.json: step 1 "STEP 1": expect.status:'],
    ['a request without a method', [{ name: 'No method', path: '/v1/stores', expect: { status: 200 } }], 'bad.json: step 1 "No method": method:'],
    ['a path that does not start with /', [{ ...request, path: 'v1/stores' }], 'step 1 "STEP 1": path: must start with /'],
    ['both path and url', [{ ...request, url: 'http://x.test/' }], 'step 1 "STEP 1": path: give either path'],
    ['body and text', [{ ...request, body: {}, text: 'x' }], 'step 1 "STEP 1": text: give one of body, text or form'],
    ['an unknown key', [{ ...request, expects: {} }], 'step 1 "STEP 1": Unrecognized key: "expects"'],
    ['an unknown matcher', [{ ...request, expect: { status: 200, body: { a: { $isodate: true } } } }], 'step 1 "STEP 1": expect.body: $.a: unknown matcher "$isodate"'],
    ['a matcher beside other keys', [{ ...request, expect: { status: 200, body: { a: { $any: 'string', b: 1 } } } }], 'expect.body: $.a: a matcher ($any) must be the only key'],
    ['a bad $any type', [{ ...request, expect: { status: 200, body: { $any: 'text' } } }], 'expect.body: $: $any takes one of'],
    ['a bad regex', [{ ...request, expect: { status: 200, body: { a: { $regex: '(' } } } }], 'expect.body: $.a: $regex is not a valid pattern'],
    ['a header matcher that is an object', [{ ...request, expect: { status: 200, headers: { 'content-type': { a: 1 } } } }], 'expect.headers.content-type: must be a string or a matcher'],
    ['a capture that is not JSONPath', [{ ...request, capture: { token: 'integrationToken' } }], 'step 1 "STEP 1": capture.token: must be a JSONPath'],
    ['a capture named like the workspace', [{ ...request, capture: { rulrr: '$.x' } }], 'capture.rulrr: must not be one of workspace'],
    ['a variable nobody captured', [{ ...request, query: { t: '${token}' } }], 'step 1 "STEP 1": query: ${token} is not known here'],
    ['a variable captured only later', [{ ...request, query: { t: '${token}' } }, { ...request, name: 'later', capture: { token: '$.t' } }], 'step 1 "STEP 1": query: ${token} is not known here'],
    ['a malformed reference', [{ ...request, path: '/v1/${ bad }' }], 'step 1 "STEP 1": path: "${ bad }" is not a variable reference'],
    ['a clock move that is not a duration', [{ name: 'later', clock: { advanceBy: '16 minutes' } }], 'step 1 "later": clock.advanceBy: must be an ISO 8601 duration'],
    ['a wait longer than a minute', [{ wait: 'PT2M' }], 'step 1: wait: must be at most 60 s'],
    ['a wait until without expect', [{ wait: { until: { method: 'GET', path: '/v1/stores' } } }], 'step 1: wait.until.expect:'],
    ['an admin call naming a workspace', [{ admin: { method: 'GET', path: '/outbox', query: { workspace: 'demo' } } }], 'step 1: admin.query: must not name a workspace'],
    ['two kinds in one step', [{ clock: 'real', wait: 'PT1S' }], 'step 1: a step is one thing'],
    ['a step that is not an object', ['GET /v1/stores'], 'step 1: a step must be an object'],
  ])('%s', (_what, steps, wanted) => {
    const problems = problemsOf('bad.json', scenario(steps));
    expect(problems.join('\n')).toContain(wanted);
    expect(problems.every((line) => line.startsWith('bad.json: '))).toBe(true);
  });

  it('a request step without an API, and no default, names the api field', () => {
    const text = JSON.stringify({ name: 'x', steps: [request] });
    expect(problemsOf('x.json', text)).toEqual([expect.stringContaining('x.json: step 1 "STEP 1": api: name the API')]);
  });

  it('top-level problems name the field', () => {
    expect(problemsOf('t.json', JSON.stringify({ steps: [] })).join('\n')).toMatch(/t\.json: name: .*\n?.*t\.json: steps:/s);
    expect(problemsOf('t.json', '{"name": "x", "steps": [{"clock": "real"}], "api": "stripe"}')).toEqual([expect.stringContaining('t.json: api:')]);
  });

  it('YAML and JSON syntax errors name the file', () => {
    expect(problemsOf('broken.json', '{"name": ')[0]).toMatch(/^broken\.json: not valid JSON/);
    expect(problemsOf('broken.yaml', 'name: [unclosed')[0]).toMatch(/^broken\.yaml: not valid YAML/);
    expect(problemsOf('dup.yaml', 'name: a\nname: b\nsteps: []')[0]).toMatch(/^dup\.yaml: not valid YAML/);
  });

  it('several scenarios in one file say which one is wrong', () => {
    const list = `[${scenario([request])}, ${scenario([{ clock: 'soon' }], { name: 'Two' })}]`;
    expect(problemsOf('two.json', list)[0]).toMatch(/^two\.json \(scenario 2\): step 1: clock:/);
  });

  it('any input either parses or fails with ScenarioFileError, quickly', () => {
    const step = fc.oneof(
      fc.record({ method: fc.constantFrom('GET', 'POST', 'nope', 1), path: fc.string(), expect: fc.record({ status: fc.integer() }) }, { requiredKeys: [] }),
      fc.record({ clock: fc.oneof(fc.string(), fc.record({ advanceBy: fc.string() })) }),
      fc.record({ wait: fc.oneof(fc.string(), fc.jsonValue()) }),
      fc.record({ admin: fc.jsonValue(), expect: fc.jsonValue(), capture: fc.dictionary(fc.string(), fc.string()) }),
      fc.jsonValue(),
    );
    const document = fc.oneof(
      fc.record({ name: fc.string(), api: fc.constantFrom('rulrr', 'x'), steps: fc.array(step, { maxLength: 5 }) }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(document, fc.boolean(), (value, asYaml) => {
        const started = performance.now();
        try {
          parseScenarioText(asYaml ? 'p.yaml' : 'p.json', JSON.stringify(value) ?? 'null');
        } catch (error) {
          if (!(error instanceof ScenarioFileError)) throw error;
        }
        expect(performance.now() - started).toBeLessThan(200);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseScenarioText('s.yaml', text);
        } catch (error) {
          if (!(error instanceof ScenarioFileError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });
});
