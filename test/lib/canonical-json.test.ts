import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from '../../src/lib/canonical-json.js';
import { JsonTooDeepError, MAX_JSON_DEPTH } from '../../src/lib/json-depth.js';
import { cpuTimed } from '../helpers/cpu-time.js';

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
    const value = nested(MAX_JSON_DEPTH, wrap);
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(() => canonicalJson(nested(MAX_JSON_DEPTH + 1, wrap))).toThrow(JsonTooDeepError);
  });

  it.each([
    ['just past the cap', MAX_JSON_DEPTH + 1],
    ['10 000 levels (a stack overflow for JSON.stringify)', 10_000],
    ['1 000 000 levels', 1_000_000],
  ])('throws JsonTooDeepError for a value nested %s, quickly', (_name, depth) => {
    const value = nested(depth, (inner) => ({ k: [inner] }));
    const { cpuMs } = cpuTimed(() => expect(() => canonicalHash(value)).toThrow(JsonTooDeepError));
    expect(cpuMs).toBeLessThan(50);
  });

  it('honours a smaller cap', () => {
    expect(canonicalJson({ a: { b: 1 } }, 2)).toBe('{"a":{"b":1}}');
    expect(() => canonicalJson({ a: { b: {} } }, 2)).toThrow('JSON nested more than 2 levels deep');
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
  }, 30_000);
});
