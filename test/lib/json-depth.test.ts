import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextDeeperThan, valueDeeperThan } from '../../src/lib/json-depth.js';
import { cpuTimed } from '../helpers/cpu-time.js';

const MIB = 1024 * 1024;

describe('jsonTextDeeperThan', () => {
  it.each([
    ['1', 0, false],
    ['[]', 0, true],
    ['[]', 1, false],
    ['{"a":[1,{"b":2}]}', 3, false],
    ['{"a":[1,{"b":2}]}', 2, true],
    ['"[[[[[[[["', 1, false],
    ['["\\"[[[["]', 1, false],
    ['["\\\\"]', 1, false],
    ['["\\\\",[[]]]', 2, true],
    ['[[]][[]]', 2, false],
    ['"unterminated [[[[', 1, false],
    [']]]]][[', 1, false],
    ['{"a\\u0022[[":1}', 1, false],
  ])('%j deeper than %i → %s', (text, maxDepth, expected) => {
    expect(jsonTextDeeperThan(text, maxDepth)).toBe(expected);
  });

  it.each([
    ['1 MiB of [', '['.repeat(MIB)],
    ['1 MiB of [ then ]', `${'['.repeat(MIB / 2)}${']'.repeat(MIB / 2)}`],
    ['1 MiB of escaped quotes in a string', `"${'\\"'.repeat(MIB / 2 - 1)}"`],
    ['1 MiB of flat objects', `[${'{"a":1},'.repeat(MIB / 8 - 1)}{}]`],
  ])('scans %s in one pass', (_name, text) => {
    expect(cpuTimed(() => jsonTextDeeperThan(text, 64)).cpuMs).toBeLessThan(200);
  });

  it('agrees with valueDeeperThan on the text JSON.stringify writes for any value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, maxDepth) => {
        expect(jsonTextDeeperThan(JSON.stringify(value), maxDepth)).toBe(valueDeeperThan(value, maxDepth));
      }),
      { seed: 20260609, numRuns: 2000 },
    );
  }, 30_000);
});

describe('valueDeeperThan', () => {
  it('walks a million levels without overflowing the stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) value = [value];
    expect(valueDeeperThan(value, 64)).toBe(true);
    expect(valueDeeperThan([[1]], 2)).toBe(false);
    expect(valueDeeperThan([[[]]], 2)).toBe(true);
  });
});
