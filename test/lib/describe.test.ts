import { describe, expect, it } from 'vitest';
import { describeValue, quote, quoteList } from '../../src/lib/describe.js';

describe('quote', () => {
  it.each([
    ['abc', 60, '"abc"'],
    ['x'.repeat(60), 60, `"${'x'.repeat(60)}"`],
    ['x'.repeat(40_000), 60, `"${'x'.repeat(60)}"… (40000 characters)`],
    ['a"b\u0000', 60, '"a\\"b\\u0000"'],
    ['abcdef', 3, '"abc"… (6 characters)'],
  ])('%j cut at %i → %s', (text, max, expected) => {
    expect(quote(text, max)).toBe(expected);
  });
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
