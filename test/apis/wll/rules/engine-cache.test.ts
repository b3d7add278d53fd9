import { describe, expect, it, vi } from 'vitest';
import { RuleEngineCache } from '../../../../src/apis/wll/rules/engine-cache.js';
import { runRuleSet } from '../../../../src/apis/wll/rules/rule-engine.js';
import { deesetRules, transaction } from './docs-rule-sets.js';

describe('RuleEngineCache', () => {
  it('builds a rule set once and returns the same engine for the same version', async () => {
    const cache = new RuleEngineCache();
    const load = vi.fn(deesetRules);
    const first = cache.engineFor('demo', { id: 'rs-1', version: 1 }, load);
    const again = cache.engineFor('demo', { id: 'rs-1', version: 1 }, load);
    expect(again).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    expect((await runRuleSet(again, transaction())).params).toMatchObject({ finalCheckPass: true });
  });

  it('builds a new engine for a new version, and for the same id in another workspace', () => {
    const cache = new RuleEngineCache();
    const first = cache.engineFor('demo', { id: 'rs-1', version: '2025-01-01T00:00:00.000Z' }, deesetRules);
    const changed = cache.engineFor('demo', { id: 'rs-1', version: '2025-01-02T00:00:00.000Z' }, deesetRules);
    expect(changed).not.toBe(first);
    expect(cache.engineFor('demo', { id: 'rs-1', version: '2025-01-02T00:00:00.000Z' }, deesetRules)).toBe(changed);
    expect(cache.engineFor('other', { id: 'rs-1', version: '2025-01-02T00:00:00.000Z' }, deesetRules)).not.toBe(changed);
  });

  it('forgets the least recently used rule set when full', () => {
    const cache = new RuleEngineCache(2);
    const a = cache.engineFor('demo', { id: 'a', version: 1 }, () => []);
    const b = cache.engineFor('demo', { id: 'b', version: 1 }, () => []);
    expect(cache.engineFor('demo', { id: 'a', version: 1 }, () => [])).toBe(a);
    cache.engineFor('demo', { id: 'c', version: 1 }, () => []);
    expect(cache.engineFor('demo', { id: 'a', version: 1 }, () => [])).toBe(a);
    expect(cache.engineFor('demo', { id: 'b', version: 1 }, () => [])).not.toBe(b);
  });
});
