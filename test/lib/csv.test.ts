import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../src/lib/csv.js';
import { referenceParseCsv } from './csv-reference.js';
import { cpuTimed } from '../helpers/cpu-time.js';

const MIB = 1024 * 1024;

describe('parseCsv', () => {
  it.each([
    ['a,b\n1,2', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }]],
    ['a,b\r\n1,2\r\n', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }]],
    ['\uFEFFa\n1', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['1'] }]],
    ['a,,c', [{ line: 1, fields: ['a', '', 'c'] }]],
    ['a,', [{ line: 1, fields: ['a', ''] }]],
    ['"x, y","he said ""hi"""', [{ line: 1, fields: ['x, y', 'he said "hi"'] }]],
    ['"two\nlines",z\nnext', [{ line: 1, fields: ['two\nlines', 'z'] }, { line: 3, fields: ['next'] }]],
    ['a\n\nb', [{ line: 1, fields: ['a'] }, { line: 3, fields: ['b'] }]],
    ['""', [{ line: 1, fields: [''] }]],
    ['a\rb', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['b'] }]],
    ['', []],
    ['\uFEFF', []],
    [',', [{ line: 1, fields: ['', ''] }]],
    ['""\n""', [{ line: 1, fields: [''] }, { line: 2, fields: [''] }]],
    ['"a",', [{ line: 1, fields: ['a', ''] }]],
    ['"a"\r\n\r\nb', [{ line: 1, fields: ['a'] }, { line: 3, fields: ['b'] }]],
    ['"cr\ronly",x\ny', [{ line: 1, fields: ['cr\ronly', 'x'] }, { line: 2, fields: ['y'] }]],
    ['"a\n\nb"\n"c\nd"\ne', [{ line: 1, fields: ['a\n\nb'] }, { line: 4, fields: ['c\nd'] }, { line: 6, fields: ['e'] }]],
    ['""""', [{ line: 1, fields: ['"'] }]],
    ['x,"",y', [{ line: 1, fields: ['x', '', 'y'] }]],
    ['\u0000,\u{1F600},é', [{ line: 1, fields: ['\u0000', '\u{1F600}', 'é'] }]],
    ['a\n\r\n\rb', [{ line: 1, fields: ['a'] }, { line: 4, fields: ['b'] }]],
  ])('%j', (input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });

  it.each([
    ['"open', 1, /never closed/],
    ['ok\n"x"y', 2, /after a closing quote/],
    ['a"b', 1, /quote inside an unquoted field/],
    ['a\nb\n"c\nd', 3, /never closed/],
    ['"a\nb"c', 2, /after a closing quote/],
    ['x,"y" ', 1, /after a closing quote/],
    ['"', 1, /never closed/],
    ['a\n"b""', 2, /never closed/],
    ['ab"', 1, /quote inside an unquoted field/],
  ])('refuses %j at line %i', (input, line, message) => {
    try {
      parseCsv(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CsvError);
      expect((error as CsvError).line).toBe(line);
      expect((error as CsvError).message).toMatch(message);
    }
  });
});

describe('parseCsv on big and hostile input', () => {
  it.each([
    ['one 1 MiB field', 'x'.repeat(MIB)],
    ['1 MiB of commas', ','.repeat(MIB)],
    ['1 MiB of line breaks', '\n'.repeat(MIB)],
    ['1 MiB of CR LF', '\r\n'.repeat(MIB / 2)],
    ['1 MiB of doubled quotes', `"${'""'.repeat(MIB / 2 - 1)}"`],
    ['1 MiB of line breaks in quotes', `"${'\n'.repeat(MIB - 2)}"`],
    ['quoted fields far from any line break', '"",'.repeat(MIB / 3)],
    ['1 MiB of short rows', 'a,"b",c\n'.repeat(MIB / 8)],
    ['an unclosed quote before 1 MiB', `"${'x'.repeat(MIB)}`],
  ])('reads %s in linear time', (_name, text) => {
    const { result, cpuMs } = cpuTimed(() => {
      try {
        return parseCsv(text);
      } catch (error) {
        return error;
      }
    });
    if (!Array.isArray(result)) expect(result).toBeInstanceOf(CsvError);
    // Quadratic work on a MiB takes minutes; linear work a few tens of milliseconds.
    expect(cpuMs).toBeLessThan(1000);
  });

  it('reads every text exactly as the one-character-at-a-time reference does', () => {
    const csvish = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '\uFEFF'), maxLength: 40 });
    const outcome = (parse: (text: string) => unknown, text: string) => {
      try {
        return { records: parse(text) };
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
        return { error: error.message, line: error.line };
      }
    };
    fc.assert(
      fc.property(fc.oneof(csvish, fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        expect(outcome(parseCsv, text)).toEqual(outcome(referenceParseCsv, text));
      }),
      { seed: 20260605, numRuns: 3000 },
    );
  }, 30_000);
});
