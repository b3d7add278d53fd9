import { describe, expect, it } from 'vitest';
import { drawAt, MAX_SEED } from '../../src/lib/seeded-random.js';

describe('drawAt', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const sequence = (seed: number) => Array.from({ length: 50 }, (_, n) => drawAt(seed, n));
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence(42)).not.toEqual(sequence(43));
  });

  it('stays in [0, 1) for every seed, including the extremes', () => {
    for (const seed of [0, 1, 42, 2 ** 31, MAX_SEED]) {
      for (let n = 0; n < 1000; n++) {
        const value = drawAt(seed, n);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
      }
    }
  });

  it('hits about as often as a probability says', () => {
    for (const probability of [0.1, 0.5, 0.9]) {
      let hits = 0;
      for (let n = 0; n < 20_000; n++) if (drawAt(7, n) < probability) hits += 1;
      expect(hits / 20_000).toBeCloseTo(probability, 1);
    }
  });
});
