import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, runRuleSet, type RuleEngineOutcome } from '../../../../src/apis/wll/rules/rule-engine.js';
import { checkRuleDefinitions } from '../../../../src/apis/wll/rules/rule-set-check.js';
import { RuleSetValidationError } from '../../../../src/apis/wll/rules/rule-set-errors.js';
import { reviewDecision } from '../../../../src/apis/wll/rules/review-decision.js';
import type { StoredRule } from '../../../../src/apis/wll/rules/stored-rule.js';
import { CORN_EXCHANGE, deesetRules, lineItem, noCatalogue, PEPSI, PRAWNS, transaction } from './docs-rule-sets.js';

type Pairs = Array<{ key: string; value: unknown }>;

/** A CUSTOM rule, checked as the API would check it. */
function rule(name: string, priority: number, conditions: unknown, success: Pairs = [], failure: Pairs = []): Record<string, unknown> {
  return { type: 'CUSTOM', name, priority, ruleProperties: { conditions, event: { type: name }, priority }, resultParams: { success, failure } };
}

function stored(definitions: unknown[]): StoredRule[] {
  const rules = checkRuleDefinitions(definitions, noCatalogue);
  if (rules instanceof RuleSetValidationError) throw rules;
  return rules;
}

const always = { all: [] };
const totalAbove = (amount: number) => ({ all: [{ fact: 'request', operator: 'greaterThan', value: amount, path: '$.transaction.total' }] });
const ran = (outcome: RuleEngineOutcome) => outcome.rules.map((r) => `${r.name}:${r.result}`);

describe("the docs' Deeset rule set", () => {
  const compiled = compileRuleSet(deesetRules());

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    [
      'prawns and pepsi at their prices in the Corn Exchange pass every rule',
      transaction(),
      { prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: true, stopRuleEngine: false, inCornExchange: true, finalCheckPass: true },
      ['prawns-present:true', 'pepsi-present:true', 'venue-is-corn-exchange:true', 'final-check:true'],
    ],
    [
      'a single line item is matched too',
      transaction({ lineItems: [lineItem(PRAWNS, 12.2)] }),
      { prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: false, stopRuleEngine: false, inCornExchange: true, finalCheckPass: false },
      ['prawns-present:true', 'pepsi-present:false', 'venue-is-corn-exchange:true', 'final-check:false'],
    ],
    [
      'pepsi at another price fails the BASKET unit-price check',
      transaction({ lineItems: [lineItem(PRAWNS, 12.2), lineItem(PEPSI, 9.99)] }),
      { prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: false, stopRuleEngine: false, inCornExchange: true, finalCheckPass: false },
      ['prawns-present:true', 'pepsi-present:false', 'venue-is-corn-exchange:true', 'final-check:false'],
    ],
    [
      "prawns at another price fail, and the venue rule's verdict overrides the FAIL",
      transaction({ lineItems: [lineItem(PRAWNS, 12.3), lineItem(PEPSI, 10.2)] }),
      { prawnsPresent: false, verdict: 'ABSTAIN', pepsiPresent: true, stopRuleEngine: false, inCornExchange: true, finalCheckPass: false },
      ['prawns-present:false', 'pepsi-present:true', 'venue-is-corn-exchange:true', 'final-check:false'],
    ],
    [
      'one of two prawns line items at the price is enough (contains)',
      transaction({ lineItems: [lineItem(PRAWNS, 11), lineItem(PRAWNS, 12.2), lineItem(PEPSI, 10.2)] }),
      { prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: true, stopRuleEngine: false, inCornExchange: true, finalCheckPass: true },
      ['prawns-present:true', 'pepsi-present:true', 'venue-is-corn-exchange:true', 'final-check:true'],
    ],
    [
      'another venue rejects and stops the engine before final-check',
      transaction({ venueId: 'a-different-venue' }),
      { prawnsPresent: true, verdict: 'REJECT', pepsiPresent: true, stopRuleEngine: true, inCornExchange: false },
      ['prawns-present:true', 'pepsi-present:true', 'venue-is-corn-exchange:false'],
    ],
    [
      'the venue matches on locationIdentifier when there is no venueId',
      transaction({ venueId: undefined, locationIdentifier: CORN_EXCHANGE }),
      { prawnsPresent: true, verdict: 'ABSTAIN', pepsiPresent: true, stopRuleEngine: false, inCornExchange: true, finalCheckPass: true },
      ['prawns-present:true', 'pepsi-present:true', 'venue-is-corn-exchange:true', 'final-check:true'],
    ],
    [
      'a receipt without line items fails the product rules without throwing',
      transaction({ lineItems: undefined }),
      { prawnsPresent: false, verdict: 'ABSTAIN', pepsiPresent: false, stopRuleEngine: false, inCornExchange: true, finalCheckPass: false },
      ['prawns-present:false', 'pepsi-present:false', 'venue-is-corn-exchange:true', 'final-check:false'],
    ],
  ])('%s', async (_case, fact, params, rules) => {
    const outcome = await runRuleSet(compiled, fact);
    expect(outcome.error).toBeUndefined();
    expect(outcome.params).toEqual(params);
    expect(ran(outcome)).toEqual(rules);
    expect(outcome.stopped).toBe(params.stopRuleEngine === true);
    expect(outcome.verdict).toBe(params.verdict);
  });

  it('keeps each rule’s own applied params', async () => {
    const outcome = await runRuleSet(compiled, transaction({ lineItems: [lineItem(PRAWNS, 1)] }));
    expect(outcome.rules[0]).toEqual({ name: 'prawns-present', priority: 10, result: false, params: { prawnsPresent: false, verdict: 'FAIL' } });
  });

  it('decides as the reviewer expects: ABSTAIN → PENDING, REJECT → REJECTED, reason OTHER', async () => {
    expect(reviewDecision(await runRuleSet(compiled, transaction()))).toEqual({ status: 'PENDING', verdict: 'ABSTAIN', reason: 'OTHER' });
    expect(reviewDecision(await runRuleSet(compiled, transaction({ venueId: 'elsewhere' })))).toEqual({
      status: 'REJECTED',
      verdict: 'REJECT',
      reason: 'OTHER',
    });
  });

  it('runs overlapping claims on one compiled set without one run stopping the other', async () => {
    const facts = [transaction({ venueId: 'elsewhere' }), transaction(), transaction({ venueId: 'elsewhere' }), transaction()];
    const together = await Promise.all(facts.map((fact) => runRuleSet(compiled, fact)));
    const oneByOne = [];
    for (const fact of facts) oneByOne.push(await runRuleSet(compiled, fact));
    expect(together).toEqual(oneByOne);
    expect(together.map((outcome) => outcome.rules.length)).toEqual([3, 4, 3, 4]);
  });
});

describe('rule engine semantics', () => {
  it('runs higher priorities first', async () => {
    const compiled = compileRuleSet(stored([rule('low', 1, always), rule('high', 7, always), rule('middle', 3, always)]));
    expect(ran(await runRuleSet(compiled, {}))).toEqual(['high:true', 'middle:true', 'low:true']);
  });

  it('runs every rule of an equal priority', async () => {
    const compiled = compileRuleSet(stored([rule('a', 2, always, [{ key: 'a', value: 1 }]), rule('b', 2, totalAbove(5), [], [{ key: 'b', value: 2 }])]));
    const outcome = await runRuleSet(compiled, { total: 1 });
    expect(ran(outcome).sort()).toEqual(['a:true', 'b:false']);
    expect(outcome.params).toEqual({ a: 1, b: 2 });
  });

  it('stopRuleEngine stops lower priorities but not rules of the same priority', async () => {
    const compiled = compileRuleSet(
      stored([
        rule('stopper', 5, always, [{ key: 'stopRuleEngine', value: true }, { key: 'verdict', value: 'REJECT' }]),
        rule('sibling', 5, always, [{ key: 'sibling', value: true }]),
        rule('lower', 4, always, [{ key: 'lower', value: true }]),
      ]),
    );
    const outcome = await runRuleSet(compiled, {});
    expect(ran(outcome).sort()).toEqual(['sibling:true', 'stopper:true']);
    expect(outcome).toMatchObject({ stopped: true, params: { stopRuleEngine: true, verdict: 'REJECT', sibling: true } });
    expect(outcome.params).not.toHaveProperty('lower');
  });

  it('stopRuleEngine false, or a truthy non-boolean, does not stop', async () => {
    const compiled = compileRuleSet(
      stored([rule('a', 5, always, [{ key: 'stopRuleEngine', value: false }]), rule('b', 4, always, [{ key: 'stopRuleEngine', value: 'yes' }]), rule('c', 3, always)]),
    );
    const outcome = await runRuleSet(compiled, {});
    expect(ran(outcome)).toEqual(['a:true', 'b:true', 'c:true']);
    expect(outcome.stopped).toBe(false);
  });

  it('a stopped run does not stop the next run', async () => {
    const compiled = compileRuleSet(stored([rule('gate', 5, totalAbove(10), [], [{ key: 'stopRuleEngine', value: true }]), rule('after', 1, always)]));
    expect(ran(await runRuleSet(compiled, { total: 1 }))).toEqual(['gate:false']);
    expect(ran(await runRuleSet(compiled, { total: 20 }))).toEqual(['gate:true', 'after:true']);
  });

  it('chains: a lower priority tests the params a higher one applied', async () => {
    const compiled = compileRuleSet(
      stored([
        rule('big-spend', 7, totalAbove(50), [{ key: 'bigSpend', value: true }], [{ key: 'bigSpend', value: false }]),
        rule('flag', 3, { all: [{ fact: 'bigSpend', operator: 'equal', value: true }] }, [{ key: 'verdict', value: 'ABSTAIN' }, { key: 'reason', value: 'FLAGGED_FOR_SPOT_CHECK' }]),
      ]),
    );
    const big = await runRuleSet(compiled, { total: 80 });
    expect(big.params).toEqual({ bigSpend: true, verdict: 'ABSTAIN', reason: 'FLAGGED_FOR_SPOT_CHECK' });
    expect(reviewDecision(big)).toEqual({ status: 'PENDING', verdict: 'ABSTAIN', reason: 'FLAGGED_FOR_SPOT_CHECK' });
    const small = await runRuleSet(compiled, { total: 20 });
    expect(small.params).toEqual({ bigSpend: false });
    expect(reviewDecision(small)).toBeUndefined();
  });

  it('a fact set in one run is not seen by the next', async () => {
    const compiled = compileRuleSet(
      stored([rule('maybe', 5, totalAbove(50), [{ key: 'seen', value: true }]), rule('reader', 1, { all: [{ fact: 'seen', operator: 'equal', value: true }] })]),
    );
    expect((await runRuleSet(compiled, { total: 80 })).error).toBeUndefined();
    const next = await runRuleSet(compiled, { total: 20 });
    expect(next.error).toBe('Undefined fact: seen');
    expect(reviewDecision(next)).toEqual({ status: 'PENDING', verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' });
  });

  it('keeps what ran before a rule threw, and the error', async () => {
    const compiled = compileRuleSet(
      stored([
        rule('first', 9, always, [{ key: 'verdict', value: 'REJECT' }]),
        rule('bad-types', 2, { all: [{ fact: 'request', operator: 'in', value: 5, path: '$.transaction.total' }] }),
        rule('never', 1, always),
      ]),
    );
    const outcome = await runRuleSet(compiled, { total: 3 });
    expect(outcome.error).toMatch(/indexOf/);
    expect(outcome.params).toEqual({ verdict: 'REJECT' });
    expect(ran(outcome)).toEqual(['first:true']);
    expect(reviewDecision(outcome)).toEqual({ status: 'PENDING', verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' });
  });

  it('a run that threw does not cut short the run queued after it', async () => {
    const guarded = { all: [{ fact: 'request', operator: 'in', value: { fact: 'request', path: '$.transaction.allowed' }, path: '$.transaction.total' }] };
    const compiled = compileRuleSet(
      stored([
        rule('may-throw', 9, guarded),
        ...[8, 7, 6, 5, 4, 3, 2, 1].flatMap((priority) => [rule(`a${priority}`, priority, always), rule(`b${priority}`, priority, totalAbove(0))]),
      ]),
    );
    const alone = await runRuleSet(compiled, { total: 5, allowed: [5] });
    expect(alone.rules).toHaveLength(17);
    const [failed, after] = await Promise.all([runRuleSet(compiled, { total: 5 }), runRuleSet(compiled, { total: 5, allowed: [5] })]);
    expect(failed.error).toMatch(/indexOf/);
    expect(after).toEqual(alone);
  });

  it('a rule named "error" runs like any other', async () => {
    const compiled = compileRuleSet(stored([rule('error', 1, always, [{ key: 'ok', value: true }])]));
    expect(await runRuleSet(compiled, {})).toMatchObject({ params: { ok: true } });
  });

  it('a stored rule the engine cannot take ends every run in an error instead of throwing', async () => {
    const broken = { ...stored([rule('x', 1, always)])[0]!, priority: -1 };
    const outcome = await runRuleSet(compileRuleSet([broken]), {});
    expect(outcome).toEqual({
      params: {},
      rules: [],
      stopped: false,
      error: "The stored rule 'x' is invalid: The priority must be a whole number of at least 1!",
    });
  });

  it('a malformed stored rule beside a rule that rejects ends in an error, not an unhandled rejection', async () => {
    const [valid] = stored([rule('undefined-fact', 1, { all: [{ fact: 'nobody-set-this', operator: 'equal', value: 1 }] })]);
    const noConditions = { ...valid!, name: 'no-conditions', ruleProperties: { ...valid!.ruleProperties, conditions: null } };
    const outcome = await runRuleSet(compileRuleSet([valid!, noConditions as unknown as StoredRule]), {});
    expect(outcome.error).toBe("The stored rule 'no-conditions' is invalid: The ruleProperties.conditions must be an object!");
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('keeps a __proto__ param as plain data', async () => {
    const compiled = compileRuleSet(stored([rule('odd', 1, always, [{ key: '__proto__', value: { polluted: true } }])]));
    const outcome = await runRuleSet(compiled, {});
    expect(Object.getOwnPropertyNames(outcome.params)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile paths', () => {
  const MARK = '__wllRulesPwned';
  const payload = `globalThis.${MARK} = true`;

  /** Built straight from StoredRule objects: the write-time path checks are skipped on purpose. */
  function unchecked(path: string, compareTo: unknown = 1): StoredRule[] {
    return [
      {
        name: 'hostile',
        type: 'CUSTOM',
        priority: 1,
        configuration: null,
        ruleProperties: { conditions: { any: [{ fact: 'request', operator: 'equal', value: compareTo, path }] }, event: { type: 'hostile' }, priority: 1 },
        resultParams: { success: [{ key: 'matched', value: true }], failure: [{ key: 'matched', value: false }] },
      },
    ];
  }

  it.each([
    ['$..constructor'],
    ['$.__proto__'],
    ['$.transaction.__proto__.polluted'],
    ["$['__proto__']['constructor']"],
    [`$.transaction[?(@.constructor.constructor('${payload}')())]`],
    [`$.transaction.lineItems[?(@.productId.constructor.constructor('${payload}')())]`],
    [`$.transaction.lineItems[?(@.constructor.constructor('return process')().exit(1))]`],
    ['$.transaction.lineItems[?(@.description.repeat(1e9))]'],
    [`$.${'a'.repeat(100_000)}`],
  ])('%s runs no code and ends in no match or a throw', async (path) => {
    const started = performance.now();
    const outcome = await runRuleSet(compileRuleSet(unchecked(path)), transaction());
    expect(performance.now() - started).toBeLessThan(500);
    expect((globalThis as Record<string, unknown>)[MARK]).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (outcome.error === undefined) expect(outcome.params).toEqual({ matched: false });
    else expect(reviewDecision(outcome)).toEqual({ status: 'PENDING', verdict: 'ABSTAIN', reason: 'RULE_ENGINE_THREW_ERROR' });
  });

  it('a hostile path in a compared fact reference is refused the same way', async () => {
    const rules = unchecked('$.transaction.total', { fact: 'request', path: `$.transaction[?(@.constructor.constructor('${payload}')())]` });
    const outcome = await runRuleSet(compileRuleSet(rules), transaction());
    expect(outcome.error).toMatch(/must not call functions/);
    expect((globalThis as Record<string, unknown>)[MARK]).toBeUndefined();
  });
});

describe('rule engine cost', () => {
  it('a 50-rule set runs a claim in a few milliseconds', async () => {
    const products = Array.from({ length: 45 }, (_, i) => `product-${i}`);
    const definitions = [
      ...products.map((productId, i) => ({
        type: 'BASKET',
        name: `${productId}-present`,
        priority: 10 + (i % 5),
        configuration: { productId, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 2.5 },
        resultParams: { success: [{ key: `has${i}`, value: true }], failure: [{ key: `has${i}`, value: false }] },
      })),
      rule('venue', 5, { all: [{ fact: 'request', operator: 'venueMatches', value: CORN_EXCHANGE }] }, [{ key: 'inVenue', value: true }], [{ key: 'inVenue', value: false }]),
      ...[1, 2, 3, 4].map((n) => rule(`chain-${n}`, n, { all: [{ fact: 'inVenue', operator: 'equal', value: true }, { fact: 'has0', operator: 'equal', value: true }] })),
    ];
    const compiled = compileRuleSet(stored(definitions));
    const fact = transaction({ lineItems: products.slice(0, 20).map((id) => lineItem(id, 2.5)) });
    for (let i = 0; i < 20; i++) await runRuleSet(compiled, fact);
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await runRuleSet(compiled, fact);
    const perClaim = (performance.now() - started) / runs;
    const docsSet = compileRuleSet(deesetRules());
    const docsStarted = performance.now();
    for (let i = 0; i < runs; i++) await runRuleSet(docsSet, transaction());
    const docsPerClaim = (performance.now() - docsStarted) / runs;
    console.log(`per claim: 50-rule set over 20 line items ${perClaim.toFixed(2)} ms; the docs' 4-rule set ${docsPerClaim.toFixed(2)} ms`);
    const outcome = await runRuleSet(compiled, fact);
    expect(outcome.rules).toHaveLength(50);
    expect(outcome.params).toMatchObject({ has0: true, has19: true, has20: false, inVenue: true });
  });
});

describe('runRuleSet, property', () => {
  const keys = fc.constantFrom('verdict', 'reason', 'stopRuleEngine', 'flag', '__proto__', 'total');
  const paths = fc.oneof(
    fc.constantFrom(
      '$.transaction.total',
      '$.transaction.lineItems[*].productId',
      "$.transaction.lineItems[?(@.productId==='p1')].unitPrice",
      '$..*',
      '$..constructor',
      '$.transaction.lineItems[0:100000000:1]',
      '$[',
      '$.transaction.lineItems[?(@.unitPrice > 50 && @.productId)]',
    ),
    fc.string({ maxLength: 30 }).map((s) => `$.${s.replace(/[()/`'"]/g, '')}`),
  );
  const hostilePaths = fc.constantFrom("$[?(@.constructor.constructor('return 1')())]", '', '$.a.repeat(9)');
  const leaf = (path: fc.Arbitrary<string>, operator: fc.Arbitrary<string>) =>
    fc.record(
      {
        fact: fc.oneof(fc.constant('request'), fc.constant('request'), keys),
        operator,
        value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ fact: fc.oneof(fc.constant('request'), keys), path })),
        path,
      },
      { requiredKeys: ['fact', 'operator', 'value'] },
    );
  const operators = fc.constantFrom('equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'greaterThanInclusive', 'venueMatches', 'someFact:equal', 'not:in', 'everyValue:lessThan');
  const conditions = (fact: fc.Arbitrary<unknown>) => {
    const { group } = fc.letrec<{ group: unknown; node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fact, tie('group')),
      group: fc.oneof(
        fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.record({ not: tie('node') }),
      ),
    }));
    return group;
  };
  const pairs = (key: fc.Arbitrary<string>) =>
    fc.array(fc.record({ key, value: fc.oneof(fc.boolean(), fc.constantFrom('REJECT', 'ABSTAIN', 'INVALID_VENUE'), fc.jsonValue({ maxDepth: 1 })) }), { maxLength: 3 });
  // Mostly rules of the stored shape, so the engine runs them; some not, which must end in an error.
  const wellFormed = fc
    .record({
      name: fc.string({ minLength: 1, maxLength: 8 }),
      priority: fc.integer({ min: 1, max: 4 }),
      conditions: conditions(leaf(paths, operators)),
      success: pairs(keys),
      failure: pairs(keys),
    })
    .map(({ name, priority, conditions, success, failure }) => ({
      name,
      type: 'CUSTOM',
      priority,
      configuration: null,
      ruleProperties: { conditions, event: { type: name }, priority },
      resultParams: { success, failure },
    }));
  const malformed = fc.record({
    name: fc.string({ maxLength: 8 }),
    type: fc.constant('CUSTOM'),
    priority: fc.integer({ min: -1, max: 4 }),
    configuration: fc.constant(null),
    ruleProperties: fc.record({
      conditions: fc.oneof(conditions(leaf(fc.oneof(paths, hostilePaths), fc.oneof(operators, fc.constant('bogus')))), fc.jsonValue({ maxDepth: 2 })),
      event: fc.record({ type: fc.string({ maxLength: 8 }) }),
      priority: fc.nat(4),
    }),
    resultParams: fc.record({ success: pairs(fc.oneof(keys, fc.constant('request'))), failure: pairs(keys) }),
  });
  const storedRule = fc.oneof({ arbitrary: wellFormed, weight: 12 }, { arbitrary: malformed, weight: 1 });
  const fact = fc.oneof(
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
    fc.record({
      total: fc.oneof(fc.double({ noNaN: true }), fc.string()),
      venueId: fc.constantFrom('v1', 'v2'),
      lineItems: fc.array(fc.record({ productId: fc.constantFrom('p1', 'p2'), unitPrice: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 4 }),
    }),
  );

  it('random rule sets and transactions never make runRuleSet reject, and overlapping runs agree with runs one by one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storedRule, { maxLength: 6 }), fc.array(fact, { minLength: 1, maxLength: 3 }), async (rules, facts) => {
        const compiled = compileRuleSet(rules as unknown as StoredRule[]);
        const oneByOne: RuleEngineOutcome[] = [];
        for (const transactionFact of facts) oneByOne.push(await runRuleSet(compiled, transactionFact));
        const together = await Promise.all(facts.map((transactionFact) => runRuleSet(compiled, transactionFact)));
        expect(together).toEqual(oneByOne);
        for (const outcome of together) reviewDecision(outcome);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
