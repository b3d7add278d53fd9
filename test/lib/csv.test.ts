import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../src/lib/csv.js';

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
  ])('%j', (input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });

  it.each([
    ['"open', 1, /never closed/],
    ['ok\n"x"y', 2, /after a closing quote/],
    ['a"b', 1, /quote inside an unquoted field/],
    ['a\nb\n"c\nd', 3, /never closed/],
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
