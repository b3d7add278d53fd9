import fc from 'fast-check';
import rison from 'rison';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanORison } from '../../../../src/apis/wll/list-query/rison-scan.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scanORison', () => {
  it.each([
    '',
    'a:b',
    "field1:(operator:'value'),field2:(operator:'value')",
    "field3:(in:!('value1','value2'))",
    'a:(eq:!n),b:(eq:!t),c:(eq:!f)',
    'a:(in:!()),b:()',
    'a:-1.5e-3,b:0,c:12.25,d:7E2',
    "a:'',b:'it!'s',c:'!!'",
    'a:Café,b:%25App%,c:x.y/z~_-1',
    "'quoted key':1,'':2",
    'a:(b:(c:(d:1)))',
    'a:!(!(!(1)))',
  ])('accepts %j', (text) => {
    expect(scanORison(text, 4)).toBeUndefined();
  });

  it.each([
    ['a', 1, 'expected ":" after a name, found the end of the filter'],
    ['a:', 2, 'expected a value, found the end of the filter'],
    [':b', 0, 'expected a name, found ":"'],
    ['a:b,', 4, 'expected a name, found the end of the filter'],
    ['a:b,,c:d', 4, 'expected a name, found ","'],
    ['a:(eq:x,)', 8, 'expected a name, found ")"'],
    ['a:!(,1)', 4, 'expected a value, found ","'],
    ['a:b)', 3, 'this ")" closes nothing'],
    ['a:(eq:x)c', 8, 'expected "," or ")", found "c"'],
    ['a:(eq:x', 7, 'expected "," or ")", found the end of the filter'],
    ['a:*', 2, 'expected a value, found "*"'],
    ['a:@x', 2, 'expected a value, found "@"'],
    ['a:$', 2, 'expected a value, found "$"'],
    ['a:b c', 3, 'expected "," or ")", found " "'],
    ['a: b', 2, 'expected a value, found " "'],
    ["a:'abc", 2, "a quoted string is never closed (add the closing ')"],
    ["a:'x!y'", 4, `"!y" inside quotes: write !! for ! and !' for '`],
    ['a:!x', 2, '"!x" is not Rison: use !t, !f, !n or !(…), or quote the text'],
    ['a:!', 2, '"!" is not Rison: use !t, !f, !n or !(…), or quote the text'],
    ['a:1-2', 2, '"1-2" is not a number (quote it if it is text)'],
    ['a:1.', 2, '"1." is not a number (quote it if it is text)'],
    ['a:1e', 2, '"1e" is not a number (quote it if it is text)'],
    ['a:--1', 2, '"--1" is not a number (quote it if it is text)'],
    ['a:1e999', 2, '1e999 is too large a number'],
    ['1:b', 0, 'expected a name, found "1"'],
    ['!t:b', 0, 'expected a name, found "!"'],
    ['a:1,a:2', 4, '"a" appears twice in the same group'],
    ["a:1,'a':2", 4, '"a" appears twice in the same group'],
    ['a:(eq:1,eq:2)', 8, '"eq" appears twice in the same group'],
    ['__proto__:(eq:1)', 0, '"__proto__" cannot be a name'],
    ['a:(__proto__:1)', 3, '"__proto__" cannot be a name'],
    ['a:(b:(c:(d:(e:1))))', 11, 'nested deeper than 4 levels'],
    ['a:!(!(!(!(1))))', 8, 'nested deeper than 4 levels'],
  ])('refuses %j at index %i: %s', (text, index, message) => {
    expect(scanORison(text, 4)).toEqual({ index, message });
  });

  it('refuses deep nesting without recursing, however deep', () => {
    expect(scanORison(`a:${'!('.repeat(100_000)}`, 4)).toEqual({ index: 8, message: 'nested deeper than 4 levels' });
  });
});

// Everything rison can write, short of the names the scanner refuses on purpose.
const risonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    // rison writes -0 as 0.
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(
    fc.oneof(fc.string(), fc.string({ unit: 'binary' })).filter((key) => key !== '__proto__'),
    tie('value'),
    { maxKeys: 4 },
  ),
}));

describe('scanORison agrees with rison', () => {
  it('accepts whatever rison.encode_object writes, and rison reads it back unchanged', () => {
    fc.assert(
      fc.property(risonValue.object, (value) => {
        const text = rison.encode_object(value);
        expect(scanORison(text, 64)).toBeUndefined();
        expect(rison.decode_object(text)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('whatever it accepts, rison decodes without an error, a log line or NaN, into a plain object', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const risonish = fc.string({ unit: fc.constantFrom(...'()!\',:-019.eEabtfn*@$ _%\t\u00e9'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(risonish, fc.string({ unit: 'binary', maxLength: 40 }), risonValue.object.map((v) => rison.encode_object(v))), (text) => {
        if (scanORison(text, 64) !== undefined) return;
        const decoded = rison.decode_object<Record<string, unknown>>(text);
        expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
        const numbers: unknown[] = [];
        JSON.stringify(decoded, (_key, v: unknown) => (typeof v === 'number' && numbers.push(v), v));
        expect(numbers.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(log).not.toHaveBeenCalled();
  });
});
