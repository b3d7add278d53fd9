import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../src/scenarios/poll-until.js';

/** A fake clock: sleeping moves it, nothing waits. */
function fakeTime() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('pollUntil', () => {
  it('stops at the first attempt that finds nothing wrong', async () => {
    const time = fakeTime();
    let calls = 0;
    const outcome = await pollUntil(async () => (++calls < 3 ? ['not yet'] : []), 10_000, 250, time.sleep, time.now);
    expect(outcome).toEqual({ met: true, attempts: 3, last: [] });
    expect(time.now()).toBe(500);
  });

  it('gives up when the next try would start after the deadline, with the last findings', async () => {
    const time = fakeTime();
    let calls = 0;
    const outcome = await pollUntil(async () => [`attempt ${++calls}`], 1000, 300, time.sleep, time.now);
    expect(outcome).toEqual({ met: false, attempts: 4, last: ['attempt 4'] });
    expect(time.now()).toBeLessThanOrEqual(1000);
  });

  it('always tries once, even with no time at all', async () => {
    const time = fakeTime();
    expect(await pollUntil(async () => ['no'], 0, 100, time.sleep, time.now)).toEqual({ met: false, attempts: 1, last: ['no'] });
  });
});
