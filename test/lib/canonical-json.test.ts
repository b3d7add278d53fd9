import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson, JsonTooDeepError, MAX_CANONICAL_DEPTH } from '../../src/lib/canonical-json.js';

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

describe('canonicalJson depth cap', () => {
  it.each([
    ['arrays', (inner: unknown) => [inner]],
    ['objects', (inner: unknown) => ({ a: inner })],
  ])('serializes %s nested exactly as deep as the cap', (_name, wrap) => {
    const value = nested(MAX_CANONICAL_DEPTH, wrap);
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(() => canonicalJson(nested(MAX_CANONICAL_DEPTH + 1, wrap))).toThrow(JsonTooDeepError);
  });

  it.each([
    ['just past the cap', MAX_CANONICAL_DEPTH + 1],
    ['10 000 levels (a stack overflow for JSON.stringify)', 10_000],
    ['1 000 000 levels', 1_000_000],
  ])('throws JsonTooDeepError for a value nested %s, quickly', (_name, depth) => {
    const value = nested(depth, (inner) => ({ k: [inner] }));
    const started = performance.now();
    expect(() => canonicalHash(value)).toThrow(JsonTooDeepError);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('honours a smaller cap', () => {
    expect(canonicalJson({ a: { b: 1 } }, 2)).toBe('{"a":{"b":1}}');
    expect(() => canonicalJson({ a: { b: {} } }, 2)).toThrow('the value is nested more than 2 levels deep');
  });

  it('writes what the replacer-only version wrote for any JSON value, so stored order hashes still match', () => {
    const sortedReplacer = (_key: string, inner: unknown) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(value, sortedReplacer));
      }),
      { seed: 20260606, numRuns: 500 },
    );
  });
});
