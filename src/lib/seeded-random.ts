/**
 * The `n`-th number (from 0) of the sequence a seed gives, in [0, 1). Counter-based rather than a
 * stateful generator: a fault stores only how many draws it has made, so processes sharing the
 * database draw one sequence between them, and the same seed gives the same sequence every run.
 * The mix is MurmurHash3's 32-bit finaliser over the seed plus `n` golden-ratio steps.
 */
export function drawAt(seed: number, n: number): number {
  let z = (seed + Math.imul(n, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return (z >>> 0) / 2 ** 32;
}

export const MAX_SEED = 2 ** 32 - 1;
