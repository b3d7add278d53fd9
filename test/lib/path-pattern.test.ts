import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathPattern, PathPatternError } from '../../src/lib/path-pattern.js';

/** The obvious definition, as a regular expression: fine for the short strings of the property. */
function reference(pattern: string, path: string): boolean {
  const source = pattern
    .split('*')
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(path);
}

describe('compilePathPattern', () => {
  it.each([
    ['/rulrr/v1/orders', '/rulrr/v1/orders', true],
    ['/rulrr/v1/orders', '/rulrr/v1/orders/1', false],
    ['/rulrr/v1/orders*', '/rulrr/v1/orders', true],
    ['/rulrr/v1/orders*', '/rulrr/v1/orders/1/items', true],
    ['*/orders', '/rulrr/v1/orders', true],
    ['*/orders', '/rulrr/v1/orders/x', false],
    ['/rulrr/*/orders', '/rulrr/v1/orders', true],
    ['/rulrr/*/orders', '/rulrr/orders', false],
    ['/a*b*c', '/abc', true],
    ['/a*b*c', '/acb', false],
    ['/a*a', '/a', false],
    ['/a*a', '/aa', true],
    ['*', '', true],
    ['*', '/anything/at/all', true],
    ['/**', '/x', true],
    ['/wll/v1/receipts/*/reviews', '/wll/v1/receipts/abc/reviews', true],
    ['/wll/v1/receipts/*/reviews', '/wll/v1/receipts/abc/reviews/1', false],
  ])('%s against %s → %s', (pattern, path, expected) => {
    expect(compilePathPattern(pattern)(path)).toBe(expected);
  });

  it.each(['', 'rulrr/v1', 'a*', '?x', `/${'a'.repeat(512)}`])('refuses %j', (pattern) => {
    expect(() => compilePathPattern(pattern)).toThrow(PathPatternError);
  });

  it('agrees with the regular-expression definition', () => {
    const text = (max: number) => fc.string({ unit: fc.constantFrom('/', 'a', 'b', '*', '.'), maxLength: max });
    fc.assert(
      fc.property(text(12), text(16), (body, path) => {
        const pattern = `/${body}`;
        expect(compilePathPattern(pattern)(path.replaceAll('*', 'a'))).toBe(reference(pattern, path.replaceAll('*', 'a')));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but its own error, whatever the pattern', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (pattern) => {
        try {
          compilePathPattern(pattern)('/x');
        } catch (error) {
          expect(error).toBeInstanceOf(PathPatternError);
        }
      }),
    );
  });

  it('matches in one pass where a backtracking matcher would take seconds', () => {
    const pattern = `/${'*a'.repeat(200)}*b`;
    const path = `/${'a'.repeat(4000)}`;
    const started = performance.now();
    for (let i = 0; i < 100; i++) expect(compilePathPattern(pattern)(path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
