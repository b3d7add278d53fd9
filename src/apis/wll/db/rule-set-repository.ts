import type { Database } from '../../../db/database.js';
import type { StoredRule } from '../rules/stored-rule.js';

export interface RuleSetRecord {
  id: string;
  name: string | null;
  isActive: boolean;
  /** Counts the set's changes: the compiled-engine cache keys on it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A stored rule with what the responses add to it. */
export interface RuleRecord extends StoredRule {
  id: string;
  createdAt: string;
  updatedAt: string;
}

interface RuleSetRow extends Omit<RuleSetRecord, 'isActive'> {
  isActive: number;
}

interface RuleRow {
  id: string;
  name: string;
  type: StoredRule['type'];
  priority: number;
  rule: string;
  createdAt: string;
  updatedAt: string;
}

/** The parts of a rule not in a column of their own. */
type RuleBody = Pick<StoredRule, 'ruleProperties' | 'resultParams' | 'configuration'>;

const SET_COLUMNS = 'id, name, is_active AS isActive, version, created_at AS createdAt, updated_at AS updatedAt';

/** wll_rule_sets and wll_rules: a tenant's rule sets, each rule in the order it was given. */
export class RuleSetRepository {
  private readonly insertSetStmt;
  private readonly insertRuleStmt;
  private readonly findStmt;
  private readonly listStmt;
  private readonly rulesStmt;
  private readonly updateStmt;
  private readonly deleteRulesStmt;
  private readonly newestActiveStmt;

  constructor(db: Database) {
    this.insertSetStmt = db.prepare<[string, string, string | null, number, string, string]>(
      'INSERT INTO wll_rule_sets (workspace_id, id, name, is_active, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    );
    this.insertRuleStmt = db.prepare<[string, string, string, number, string, string, number, string, string, string]>(
      `INSERT INTO wll_rules (workspace_id, rule_set_id, id, position, name, type, priority, rule_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.findStmt = db.prepare<[string, string], RuleSetRow>(`SELECT ${SET_COLUMNS} FROM wll_rule_sets WHERE workspace_id = ? AND id = ?`);
    this.listStmt = db.prepare<[string], RuleSetRow>(
      `SELECT ${SET_COLUMNS} FROM wll_rule_sets WHERE workspace_id = ? ORDER BY created_at, rowid`,
    );
    this.rulesStmt = db.prepare<[string, string], RuleRow>(
      `SELECT id, name, type, priority, rule_json AS rule, created_at AS createdAt, updated_at AS updatedAt
       FROM wll_rules WHERE workspace_id = ? AND rule_set_id = ? ORDER BY position`,
    );
    this.updateStmt = db.prepare<[string | null, number, string, string, string]>(
      `UPDATE wll_rule_sets SET name = ?, is_active = ?, updated_at = ?, version = version + 1
       WHERE workspace_id = ? AND id = ?`,
    );
    this.deleteRulesStmt = db.prepare<[string, string]>('DELETE FROM wll_rules WHERE workspace_id = ? AND rule_set_id = ?');
    this.newestActiveStmt = db.prepare<[string], { id: string; version: number }>(
      `SELECT id, version FROM wll_rule_sets WHERE workspace_id = ? AND is_active = 1
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    );
  }

  /** A new set and its rules, inside the caller's transaction. */
  insert(workspaceId: string, set: Omit<RuleSetRecord, 'version'>, rules: readonly RuleRecord[]): void {
    this.insertSetStmt.run(workspaceId, set.id, set.name, set.isActive ? 1 : 0, set.createdAt, set.updatedAt);
    this.insertRules(workspaceId, set.id, rules);
  }

  /** Changes a set's name and activity and counts a new version; false when there is no such set. */
  update(workspaceId: string, set: Pick<RuleSetRecord, 'id' | 'name' | 'isActive' | 'updatedAt'>): boolean {
    return this.updateStmt.run(set.name, set.isActive ? 1 : 0, set.updatedAt, workspaceId, set.id).changes === 1;
  }

  /** Replaces the whole rules array of a set (PATCH), inside the caller's transaction. */
  replaceRules(workspaceId: string, ruleSetId: string, rules: readonly RuleRecord[]): void {
    this.deleteRulesStmt.run(workspaceId, ruleSetId);
    this.insertRules(workspaceId, ruleSetId, rules);
  }

  find(workspaceId: string, ruleSetId: string): RuleSetRecord | undefined {
    const row = this.findStmt.get(workspaceId, ruleSetId);
    return row && toRuleSet(row);
  }

  /** Every set of the workspace, oldest first. */
  list(workspaceId: string): RuleSetRecord[] {
    return this.listStmt.all(workspaceId).map(toRuleSet);
  }

  rulesOf(workspaceId: string, ruleSetId: string): RuleRecord[] {
    return this.rulesStmt.all(workspaceId, ruleSetId).map((row) => {
      const body = JSON.parse(row.rule) as RuleBody;
      return {
        id: row.id,
        name: row.name,
        ruleProperties: body.ruleProperties,
        resultParams: body.resultParams,
        configuration: body.configuration,
        priority: row.priority,
        type: row.type,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  }

  /** The set that reviews claims: the newest active one. */
  newestActive(workspaceId: string): { id: string; version: number } | undefined {
    return this.newestActiveStmt.get(workspaceId);
  }

  private insertRules(workspaceId: string, ruleSetId: string, rules: readonly RuleRecord[]): void {
    rules.forEach((rule, position) => {
      const body: RuleBody = { ruleProperties: rule.ruleProperties, resultParams: rule.resultParams, configuration: rule.configuration };
      this.insertRuleStmt.run(
        workspaceId,
        ruleSetId,
        rule.id,
        position,
        rule.name,
        rule.type,
        rule.priority,
        JSON.stringify(body),
        rule.createdAt,
        rule.updatedAt,
      );
    });
  }
}

function toRuleSet(row: RuleSetRow): RuleSetRecord {
  return { ...row, isActive: row.isActive === 1 };
}
