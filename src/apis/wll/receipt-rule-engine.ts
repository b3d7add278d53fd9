import type { RuleSetRepository } from './db/rule-set-repository.js';
import type { RuleEngineCache } from './rules/engine-cache.js';
import { runRuleSet, type RuleEngineOutcome, type TransactionFact } from './rules/rule-engine.js';

/**
 * The reviewer's rule-engine step: the workspace's newest active rule set, compiled once per
 * version (the engine cache) and run with the one fact `request` = `{transaction}`.
 */
export class ReceiptRuleEngine {
  constructor(
    private readonly ruleSets: RuleSetRepository,
    private readonly engines: RuleEngineCache,
  ) {}

  /** The outcome, or undefined when the workspace has no active rule set. Never rejects. */
  async run(workspaceId: string, transaction: TransactionFact): Promise<RuleEngineOutcome | undefined> {
    const active = this.ruleSets.newestActive(workspaceId);
    if (!active) return undefined;
    const compiled = this.engines.engineFor(workspaceId, active, () => this.ruleSets.rulesOf(workspaceId, active.id));
    return runRuleSet(compiled, transaction);
  }

  /** A workspace was deleted or reset: its compiled sets can go. */
  forget(workspaceId: string): void {
    this.engines.forget(workspaceId);
  }
}
