import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue, quote, quoteList } from '../../src/lib/describe.js';

describe('quote', () => {
  it.each([
    ['abc', 60, '"abc"'],
    ['x'.repeat(60), 60, `"${'x'.repeat(60)}"`],
    ['x'.repeat(40_000), 60, `"${'x'.repeat(60)}"… (40000 characters)`],
    ['a"b\u0000', 60, '"a\\"b\\u0000"'],
    ['abcdef', 3, '"abc"… (6 characters)'],
    ['\u0000'.repeat(60), 60, `"${'\\u0000'.repeat(10)}"… (60 characters)`],
    ['ab\u0000', 4, '"ab"… (3 characters)'],
    ['😀😀😀', 4, '"😀😀"… (6 characters)'],
    ['\uD800x', 60, '"\\ud800x"'],
  ])('%j cut at %i → %s', (text, max, expected) => {
    expect(quote(text, max)).toBe(expected);
  });
});

describe('quote on any string', () => {
  it('stays within max characters plus the quotes and the length note, and reads back as a prefix', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('\u0000', '"', '\\', '\n', 'a', '\uD800', '😀'), maxLength: 200 }));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), (input, max) => {
        const quoted = quote(input, max);
        const [, body = '', note] = /^("(?:[^"\\]|\\.)*")(?:… \((\d+) characters\))?$/.exec(quoted) ?? [];
        expect(body.length).toBeLessThanOrEqual(max + 2);
        expect(input.startsWith(JSON.parse(body) as string)).toBe(true);
        expect(note === undefined ? input.length : Number(note)).toBe(input.length);
      }),
      { seed: 20260608, numRuns: 2000 },
    );
  }, 30_000);
});

describe('describeValue', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  it.each([
    ['a string', 'ab', '"ab"'],
    ['null', null, 'null'],
    ['a number', 1.5, '1.5'],
    ['a boolean', false, 'false'],
    ['nothing', undefined, 'nothing'],
    ['a list', [1, 2, 3], 'a list of 3'],
    ['a list nested 100 000 deep', deep, 'a list of 1'],
    ['an object', { a: 1 }, 'an object'],
  ])('%s', (_name, value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('quoteList', () => {
  it.each([
    [[], ''],
    [['a'], '"a"'],
    [['a', 'b', 'c', 'd', 'e'], '"a", "b", "c", "d", "e"'],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g'], '"a", "b", "c", "d", "e" and 2 more'],
    [['x'.repeat(100)], `"${'x'.repeat(40)}"… (100 characters)`],
  ])('%j → %s', (texts, expected) => {
    expect(quoteList(texts)).toBe(expected);
  });

  it('stays short for 100 000 long names', () => {
    expect(quoteList(new Array(100_000).fill('n'.repeat(10_000))).length).toBeLessThan(400);
  });
});
