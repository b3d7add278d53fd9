import { randomUUID } from 'node:crypto';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { quote } from '../../lib/describe.js';
import type { Catalogue } from './catalogue.js';
import type { RuleRecord, RuleSetRecord, RuleSetRepository } from './db/rule-set-repository.js';
import { wllError } from './errors.js';
import type { ProductPrices } from './rules/basket-rule.js';
import { checkNewRuleSet, checkRuleSetChanges, type NewRuleSet } from './rules/rule-set-check.js';
import { RuleSetValidationError } from './rules/rule-set-errors.js';
import type { StoredRule } from './rules/stored-rule.js';

/** A rule set as the API answers it. */
export interface RuleSetView {
  id: string;
  name?: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
  rules: RuleRecord[];
}

/**
 * The Transactions Rule Engine's rule sets (POST, GET, GET /{id}, PATCH /{id}), per workspace.
 * Bodies are checked by the rules module, whose messages are the documented ones ("The priority
 * must match the ruleProperties.priority!"); BASKET rules are inflated on write, with the
 * workspace's catalogue prices. Every change counts a new version of the set, which is what the
 * compiled-engine cache keys on.
 */
export class RuleSets {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly repository: RuleSetRepository,
    private readonly catalogue: Catalogue,
  ) {}

  create(workspaceId: string, body: unknown): RuleSetView {
    const checked = orBadRequest(checkNewRuleSet(body, this.pricesOf(workspaceId)));
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const id = insertRuleSet(this.repository, workspaceId, checked, now);
      return this.viewOf(workspaceId, this.repository.find(workspaceId, id)!);
    });
  }

  list(workspaceId: string): RuleSetView[] {
    return this.repository.list(workspaceId).map((set) => this.viewOf(workspaceId, set));
  }

  find(workspaceId: string, ruleSetId: string): RuleSetView {
    return this.viewOf(workspaceId, this.existing(workspaceId, ruleSetId));
  }

  /** PATCH: `ruleDefinitions`, when given, replaces the whole rules array (as the docs say). */
  update(workspaceId: string, ruleSetId: string, body: unknown): RuleSetView {
    const changes = orBadRequest(checkRuleSetChanges(body, this.pricesOf(workspaceId)));
    return writeTransaction(this.db, () => {
      const current = this.existing(workspaceId, ruleSetId);
      const at = this.clock.now(workspaceId).toISOString();
      this.repository.update(workspaceId, {
        id: ruleSetId,
        name: changes.name ?? current.name,
        isActive: changes.isActive ?? current.isActive,
        updatedAt: at,
      });
      if (changes.rules) this.repository.replaceRules(workspaceId, ruleSetId, recordsOf(changes.rules, at));
      return this.viewOf(workspaceId, this.repository.find(workspaceId, ruleSetId)!);
    });
  }

  private existing(workspaceId: string, ruleSetId: string): RuleSetRecord {
    const found = this.repository.find(workspaceId, ruleSetId);
    if (!found) throw wllError('NotFoundError', `No rule set with id ${quote(ruleSetId)} in this tenant`);
    return found;
  }

  private viewOf(workspaceId: string, set: RuleSetRecord): RuleSetView {
    return {
      id: set.id,
      ...(set.name === null ? {} : { name: set.name }),
      isActive: set.isActive,
      createdAt: set.createdAt,
      updatedAt: set.updatedAt,
      rules: this.repository.rulesOf(workspaceId, set.id),
    };
  }

  /** The catalogue's prices, read when a BASKET rule without an overriding price is written. */
  private pricesOf(workspaceId: string): ProductPrices {
    return (productId) => this.catalogue.unitPrice(workspaceId, productId);
  }
}

/**
 * Stores a checked rule set (a request's, or a fixture's when a workspace is seeded) inside the
 * caller's transaction; returns its id.
 */
export function insertRuleSet(repository: RuleSetRepository, workspaceId: string, ruleSet: NewRuleSet, now: Date): string {
  const id = randomUUID();
  const at = now.toISOString();
  repository.insert(
    workspaceId,
    { id, name: ruleSet.name ?? null, isActive: ruleSet.isActive, createdAt: at, updatedAt: at },
    recordsOf(ruleSet.rules, at),
  );
  return id;
}

/** Sandbox's choice: PATCH gives every rule of the new array a fresh id (the docs do not say). */
function recordsOf(rules: readonly StoredRule[], at: string): RuleRecord[] {
  return rules.map((rule) => ({ ...rule, id: randomUUID(), createdAt: at, updatedAt: at }));
}

function orBadRequest<T>(checked: T | RuleSetValidationError): T {
  if (checked instanceof RuleSetValidationError) throw wllError('BadRequestError', checked.message);
  return checked;
}
