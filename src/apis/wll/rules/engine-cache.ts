import { compileRuleSet, type CompiledRuleSet } from './rule-engine.js';
import type { StoredRule } from './stored-rule.js';

export interface RuleSetVersion {
  id: string;
  /** Changes whenever the rule set's rules change (a version counter, or updatedAt). */
  version: string | number;
}

/**
 * Compiled rule sets, so a claim runs an engine built once per rule-set version rather than one
 * built per claim. One entry per rule set — a new version replaces the old one — and the least
 * recently used set goes first when the cache is full. One cache per app, not per module, so each
 * test app has its own.
 */
export class RuleEngineCache {
  readonly #entries = new Map<string, { version: string | number; compiled: CompiledRuleSet }>();

  constructor(private readonly capacity = 256) {}

  /** The compiled set for this version; `loadRules` is called only when it must be built. */
  engineFor(workspaceId: string, ruleSet: RuleSetVersion, loadRules: () => readonly StoredRule[]): CompiledRuleSet {
    const key = JSON.stringify([workspaceId, ruleSet.id]);
    const cached = this.#entries.get(key);
    this.#entries.delete(key);
    const entry =
      cached !== undefined && cached.version === ruleSet.version
        ? cached
        : { version: ruleSet.version, compiled: compileRuleSet(loadRules()) };
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return entry.compiled;
  }

  /** Drops every compiled set of a workspace (deleted or reset). */
  forget(workspaceId: string): void {
    for (const key of this.#entries.keys()) {
      if ((JSON.parse(key) as [string, string])[0] === workspaceId) this.#entries.delete(key);
    }
  }
}
