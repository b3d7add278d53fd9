import type * as RulesEngine from 'json-rules-engine';
import type { Almanac, Engine, RuleProperties as EngineRule } from 'json-rules-engine';
import type { z } from 'zod';
import { createPathResolver, type PathResolver } from './json-path.js';
import { isJsonObject } from './json-values.js';
import { addCustomOperators } from './operators.js';
import { issueMessage } from './rule-set-check.js';
import { storedRuleSchema } from './rule-set-schemas.js';
import type { KeyValuePair, StoredRule } from './stored-rule.js';

/**
 * WLL's Transactions Rule Engine over json-rules-engine, as the docs describe it: rules run by
 * priority, highest first, rules of equal priority in parallel; after each rule its success or
 * failure resultParams are merged into the response AND become facts that lower-priority rules
 * can test (the docs' `final-check` tests `inCornExchange`, `pepsiPresent`, `prawnsPresent`);
 * `stopRuleEngine: true` among the applied params stops every lower priority, while rules of the
 * same priority still finish. The one input fact is `request` = `{transaction}`.
 *
 * Undefined facts throw (json-rules-engine's default, `allowUndefinedFacts: false`): a rule that
 * tests a fact no higher-priority rule has set is a broken rule set, and the docs' reason
 * RULE_ENGINE_THREW_ERROR exists to send such claims to manual review rather than to decide them
 * on a silently false condition. A path that matches nothing in the request is not an undefined
 * fact: it reads as undefined and the condition is simply false.
 */
export interface RuleRun {
  name: string;
  priority: number;
  result: boolean;
  /** The success or failure params this rule applied. */
  params: Record<string, unknown>;
}

export interface RuleEngineOutcome {
  /**
   * Every applied param, later rules overriding earlier ones: the docs' RuleEngineResponse.
   * `stopRuleEngine` stays in it like any other key (the docs do not say it is left out).
   */
  params: Record<string, unknown>;
  /** The rules that ran, in the order they finished. */
  rules: RuleRun[];
  /** Whether `stopRuleEngine` cut the run short. */
  stopped: boolean;
  verdict?: string;
  reason?: string;
  /** Why the run failed (a rule threw); the params and rules are what was applied before it. */
  error?: string;
}

/** A transaction as the rules see it under `$.transaction`; `venueId` is read by venueMatches. */
export type TransactionFact = Record<string, unknown>;

interface RunState {
  params: Map<string, unknown>;
  rules: RuleRun[];
  stopped: boolean;
  /** Set when the run has settled, so stragglers of a failed run touch nothing. */
  settled: boolean;
}

const MAX_ERROR_LENGTH = 500;

let loading: Promise<typeof RulesEngine> | undefined;

/** json-rules-engine, loaded by the first run: ~25 ms of every start otherwise, for claims a rule set reviews. */
function loadRulesEngine(): Promise<typeof RulesEngine> {
  loading ??= import('json-rules-engine');
  return loading;
}

/**
 * A rule set built into an engine once, to be run for many claims. json-rules-engine keeps the
 * running/stopped status on the engine itself (`engine.stop()` sets it), so two runs of one
 * engine must not overlap: runs of one compiled set are queued. A run is CPU-only work on
 * microtasks, a few milliseconds, so the queue costs nothing but ordering.
 */
export class CompiledRuleSet {
  readonly #rules: readonly StoredRule[];
  readonly #pathResolver: PathResolver = createPathResolver();
  readonly #runs = new WeakMap<Almanac, RunState>();
  /** Built by the first run (queued like any run, so only once). */
  #engine: Engine | undefined;
  #module: typeof RulesEngine | undefined;
  /** Why the engine could not be built from the stored rules, if it could not. */
  #buildError: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(rules: readonly StoredRule[]) {
    this.#rules = rules;
  }

  async #build(): Promise<{ engine: Engine; module: typeof RulesEngine }> {
    if (this.#engine && this.#module) return { engine: this.#engine, module: this.#module };
    const module = await loadRulesEngine();
    const engine = new module.Engine();
    addCustomOperators(engine);
    // The engine emits each passing rule's event type by name; a rule named "error" would throw
    // eventemitter2's "Uncaught, unspecified 'error' event" without a listener for it.
    engine.on('error', () => undefined);
    try {
      for (const rule of this.#rules) engine.addRule(this.#engineRule(checkedRule(rule)));
    } catch (error) {
      this.#buildError = errorText(error);
    }
    this.#engine = engine;
    this.#module = module;
    return { engine, module };
  }

  run(transaction: TransactionFact): Promise<RuleEngineOutcome> {
    const outcome = this.#queue.then(() => this.#runNow(transaction));
    this.#queue = outcome.catch(() => undefined);
    return outcome;
  }

  async #runNow(transaction: TransactionFact): Promise<RuleEngineOutcome> {
    const state: RunState = { params: new Map(), rules: [], stopped: false, settled: false };
    const { engine, module } = await this.#build();
    let error = this.#buildError;
    if (error === undefined) {
      try {
        const almanac = new module.Almanac({ allowUndefinedFacts: false, pathResolver: this.#pathResolver });
        this.#runs.set(almanac, state);
        await engine.run({ request: { transaction } }, { almanac });
      } catch (thrown) {
        error = errorText(thrown);
        await this.#drain(engine);
      }
    }
    state.settled = true;
    const params = Object.fromEntries(state.params);
    return {
      params,
      rules: state.rules,
      stopped: state.stopped,
      ...(typeof params.verdict === 'string' && { verdict: params.verdict }),
      ...(typeof params.reason === 'string' && { reason: params.reason }),
      ...(error !== undefined && { error }),
    };
  }

  /**
   * json-rules-engine rejects a run at the first rule that throws but keeps evaluating the rest
   * of it, and ends by marking the engine FINISHED — which would cut short the next queued run.
   * Stopping skips the rest, and since a run is microtasks only (constant facts, synchronous
   * paths and operators), all of it has settled by the next turn of the event loop.
   */
  async #drain(engine: Engine): Promise<void> {
    engine.stop();
    await new Promise((resolve) => setImmediate(resolve));
  }

  #engineRule(rule: CheckedRule): EngineRule {
    const { conditions, event } = rule.ruleProperties;
    return {
      name: rule.name,
      priority: rule.priority,
      conditions,
      event: { type: event.type },
      onSuccess: (_event, almanac) => this.#apply(rule, true, almanac),
      onFailure: (_event, almanac) => this.#apply(rule, false, almanac),
    };
  }

  #apply(rule: CheckedRule, passed: boolean, almanac: Almanac): void {
    const state = this.#runs.get(almanac);
    if (state === undefined || state.settled) return;
    const pairs: KeyValuePair[] = passed ? rule.resultParams.success : rule.resultParams.failure;
    for (const { key, value } of pairs) {
      state.params.set(key, value);
      almanac.addFact(key, value);
    }
    state.rules.push({
      name: rule.name,
      priority: rule.priority,
      result: passed,
      params: Object.fromEntries(pairs.map(({ key, value }) => [key, value])),
    });
    if (pairs.some(({ key, value }) => key === 'stopRuleEngine' && value === true)) {
      state.stopped = true;
      this.#engine?.stop();
    }
  }
}

type CheckedRule = z.output<typeof storedRuleSchema>;

/**
 * Stored rules were checked on write, and are checked again here: json-rules-engine throws
 * synchronously on some malformed rules (no conditions) while a sibling rule's promise is pending,
 * and that sibling's rejection then escapes as an unhandled rejection, which ends the process.
 * The engine only ever holds rules of the checked shape.
 */
function checkedRule(rule: StoredRule): CheckedRule {
  const checked = storedRuleSchema.safeParse(rule);
  if (checked.success) return checked.data;
  const name = isJsonObject(rule) && typeof rule.name === 'string' ? rule.name : '?';
  throw new Error(`The stored rule '${name}' is invalid: ${issueMessage(checked.error.issues[0]!, 'rule')}`);
}

export function compileRuleSet(rules: readonly StoredRule[]): CompiledRuleSet {
  return new CompiledRuleSet(rules);
}

/** Runs a compiled rule set for one transaction. Never rejects: a throwing rule ends in `error`. */
export function runRuleSet(compiled: CompiledRuleSet, transaction: TransactionFact): Promise<RuleEngineOutcome> {
  return compiled.run(transaction);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'The rule engine failed';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
