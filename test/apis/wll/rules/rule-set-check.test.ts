import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNewRuleSet, checkRuleDefinitions, checkRuleSetChanges } from '../../../../src/apis/wll/rules/rule-set-check.js';
import { RuleSetValidationError } from '../../../../src/apis/wll/rules/rule-set-errors.js';
import { docs, noCatalogue } from './docs-rule-sets.js';

type Definition = Record<string, unknown>;

const custom = (overrides: Definition = {}): Definition => ({
  type: 'CUSTOM',
  name: 'big-spend',
  priority: 3,
  ruleProperties: {
    conditions: { all: [{ fact: 'request', operator: 'greaterThan', value: 50, path: '$.transaction.total' }] },
    event: { type: 'big-spend' },
    priority: 3,
  },
  resultParams: { success: [{ key: 'bigSpend', value: true }], failure: [{ key: 'bigSpend', value: false }] },
  ...overrides,
});

const basket = (configuration: unknown = { productId: 'sku-1', isUnitPriceCheckNeeded: false }): Definition => ({
  type: 'BASKET',
  name: 'sku-1-present',
  priority: 2,
  configuration,
  resultParams: { success: [], failure: [] },
});

const withConditions = (conditions: unknown): Definition =>
  custom({ ruleProperties: { conditions, event: { type: 'big-spend' }, priority: 3 } });

const leaf = (overrides: Definition = {}): Definition => ({ fact: 'request', operator: 'equal', value: 1, ...overrides });

function nested(levels: number): unknown {
  let node: unknown = leaf();
  for (let i = 0; i < levels; i++) node = { any: [node] };
  return node;
}

function refusal(result: unknown): RuleSetValidationError {
  expect(result).toBeInstanceOf(RuleSetValidationError);
  return result as RuleSetValidationError;
}

describe('rule-set bodies', () => {
  it('the documented Create a RuleSet request is accepted', () => {
    const result = checkNewRuleSet(docs.createRequest, noCatalogue);
    expect(result).not.toBeInstanceOf(RuleSetValidationError);
    expect(result).toMatchObject({ name: 'Deeset Rules', isActive: true, rules: [{ name: 'prawns-present', type: 'CUSTOM' }] });
  });

  it('the documented Update a Rule Set request is accepted and replaces all four rules', () => {
    const result = checkRuleSetChanges(docs.updateRequest, noCatalogue);
    expect(result).not.toBeInstanceOf(RuleSetValidationError);
    expect(result).not.toHaveProperty('isActive');
    expect(result).not.toHaveProperty('name');
    const rules = (result as { rules: Array<{ name: string; type: string }> }).rules;
    expect(rules.map((rule) => `${rule.type} ${rule.name}`)).toEqual([
      'CUSTOM prawns-present',
      'BASKET pepsi-present',
      'CUSTOM venue-is-corn-exchange',
      'CUSTOM final-check',
    ]);
  });

  it('stores the documented CUSTOM rules as the docs respond with them', () => {
    const rules = checkRuleSetChanges(docs.updateRequest, noCatalogue) as { rules: unknown[] };
    const responded = docs.updateResponse.data.rules.map(
      ({ id: _id, createdAt: _c, updatedAt: _u, ...rule }) => rule,
    );
    expect(rules.rules).toEqual(responded);
  });

  it('keeps resultParams values whatever they are, verdicts outside the enum included', () => {
    const rules = checkRuleDefinitions(
      [custom({ resultParams: { success: [{ key: 'verdict', value: 'SUCCESS' }, { key: 'n', value: null }], failure: [{ key: 'x', value: { a: [1] } }] } })],
      noCatalogue,
    );
    expect(rules).toMatchObject([
      { resultParams: { success: [{ key: 'verdict', value: 'SUCCESS' }, { key: 'n', value: null }], failure: [{ key: 'x', value: { a: [1] } }] } },
    ]);
  });

  it('normalises a CUSTOM rule: configuration null, ruleProperties.priority filled in, unread keys dropped', () => {
    const [rule] = checkRuleDefinitions(
      [
        custom({
          id: 'x',
          createdAt: 'y',
          configuration: { productId: 'ignored' },
          ruleProperties: {
            conditions: { all: [leaf({ note: 'dropped' })], extra: 1 },
            event: { type: 'big-spend', params: { dropped: true } },
          },
        }),
      ],
      noCatalogue,
    ) as [unknown];
    expect(rule).toEqual({
      name: 'big-spend',
      ruleProperties: { conditions: { all: [{ fact: 'request', operator: 'equal', value: 1 }] }, event: { type: 'big-spend' }, priority: 3 },
      resultParams: { success: [{ key: 'bigSpend', value: true }], failure: [{ key: 'bigSpend', value: false }] },
      configuration: null,
      priority: 3,
      type: 'CUSTOM',
    });
  });

  it('accepts a rule set with no rules, and a PATCH with nothing in it', () => {
    expect(checkNewRuleSet({ isActive: false }, noCatalogue)).toEqual({ isActive: false, rules: [] });
    expect(checkRuleSetChanges({}, noCatalogue)).toEqual({});
    expect(checkRuleSetChanges({ ruleDefinitions: [] }, noCatalogue)).toEqual({ rules: [] });
  });

  it('accepts decorated operators, fact references and not', () => {
    const conditions = {
      not: {
        any: [
          leaf({ operator: 'someFact:equal', path: '$.transaction.lineItems[*].unitPrice' }),
          leaf({ operator: 'lessThan', value: { fact: 'request', path: '$.transaction.subtotal' }, path: '$.transaction.total' }),
        ],
      },
    };
    expect(checkRuleDefinitions([withConditions(conditions)], noCatalogue)).not.toBeInstanceOf(RuleSetValidationError);
  });

  const deep = (() => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    return value;
  })();

  it.each<[string, unknown, string]>([
    ['the documented priority mismatch', { isActive: true, ruleDefinitions: [custom({ priority: 4 })] }, 'The priority must match the ruleProperties.priority!'],
    ['a name that is not the event type', { isActive: true, ruleDefinitions: [custom({ name: 'other' })] }, 'The ruleDefinitions[0].name must match the ruleProperties.event.type!'],
    ['a CUSTOM rule without ruleProperties', { isActive: true, ruleDefinitions: [custom({ ruleProperties: undefined })] }, 'The ruleDefinitions[0].ruleProperties are required for a CUSTOM rule!'],
    ['a BASKET rule without configuration', { isActive: true, ruleDefinitions: [{ ...basket(), configuration: undefined }] }, 'The ruleDefinitions[0].configuration is required for a BASKET rule!'],
    ['an unknown rule type', { isActive: true, ruleDefinitions: [custom({ type: 'REGEX' })] }, 'The ruleDefinitions[0].type must be CUSTOM or BASKET!'],
    ['a missing rule type', { isActive: true, ruleDefinitions: [custom({ type: undefined })] }, 'The ruleDefinitions[0].type must be CUSTOM or BASKET!'],
    ['no isActive on create', { name: 'x' }, 'The isActive is required!'],
    ['a string isActive', { isActive: 'yes' }, 'The isActive must be true or false!'],
    ['a body that is not an object', [], 'The request body must be an object!'],
    ['an empty name', { isActive: true, name: '' }, 'The name must be a string of 1 to 200 characters!'],
    ['ruleDefinitions not an array', { isActive: true, ruleDefinitions: {} }, 'The ruleDefinitions must be an array!'],
    ['a priority of 0', { isActive: true, ruleDefinitions: [custom({ priority: 0 })] }, 'The ruleDefinitions[0].priority must be a whole number of at least 1!'],
    ['a fractional priority', { isActive: true, ruleDefinitions: [custom({ priority: 2.5 })] }, 'The ruleDefinitions[0].priority must be a whole number of at least 1!'],
    ['no resultParams', { isActive: true, ruleDefinitions: [custom({ resultParams: undefined })] }, 'The ruleDefinitions[0].resultParams is required!'],
    ['no failure params', { isActive: true, ruleDefinitions: [custom({ resultParams: { success: [] } })] }, 'The ruleDefinitions[0].resultParams.failure is required!'],
    ['a pair without value', { isActive: true, ruleDefinitions: [custom({ resultParams: { success: [{ key: 'a' }], failure: [] } })] }, 'The ruleDefinitions[0].resultParams.success[0].value is required!'],
    ['the reserved key request', { isActive: true, ruleDefinitions: [custom({ resultParams: { success: [{ key: 'request', value: 1 }], failure: [] } })] }, "The ruleDefinitions[0].resultParams.success[0].key must not be 'request': that name is the transaction fact!"],
    ['a productId that could break out of the path', { isActive: true, ruleDefinitions: [basket({ productId: "x')]..*[?(@", isUnitPriceCheckNeeded: true })] }, 'The ruleDefinitions[0].configuration.productId must be 1 to 100 letters, digits, dots, underscores or hyphens!'],
    ['a missing isUnitPriceCheckNeeded', { isActive: true, ruleDefinitions: [basket({ productId: 'sku-1' })] }, 'The ruleDefinitions[0].configuration.isUnitPriceCheckNeeded is required!'],
    ['a string override price', { isActive: true, ruleDefinitions: [basket({ productId: 'sku-1', isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: '1.5' })] }, 'The ruleDefinitions[0].configuration.overridingUnitPriceToCheckAgainst must be a number!'],
    ['a price check with no price to check', { isActive: true, ruleDefinitions: [basket({ productId: 'sku-1', isUnitPriceCheckNeeded: true })] }, "The ruleDefinitions[0].configuration.overridingUnitPriceToCheckAgainst is needed: product 'sku-1' has no catalogue price to check the unit price against!"],
    ['too many rules', { isActive: true, ruleDefinitions: Array.from({ length: 201 }, () => custom()) }, 'A rule set may hold at most 200 rules!'],
    ['values nested too deeply', { isActive: true, ruleDefinitions: [custom({ resultParams: { success: [{ key: 'deep', value: deep }], failure: [] } })] }, 'The rule definitions may nest objects and arrays at most 64 levels deep!'],
    ['too much JSON', { isActive: true, ruleDefinitions: [custom({ resultParams: { success: [{ key: 'big', value: 'x'.repeat(600_000) }], failure: [] } })] }, 'The rule definitions may be at most 512 KiB of JSON!'],
  ])('refuses %s', (_case, body, message) => {
    const error = refusal(checkNewRuleSet(body, noCatalogue));
    expect(error.message).toBe(message);
  });

  it.each<[string, unknown, string]>([
    ['a leaf at the root', leaf(), 'The ruleDefinitions[0].ruleProperties.conditions must hold one of all, any or not!'],
    ['all and any together', { all: [], any: [] }, 'The ruleDefinitions[0].ruleProperties.conditions must hold only one of all, any or not!'],
    ['a named-condition reference', { all: [{ condition: 'shared' }] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].condition must not reference a named condition: the rule engine has none!'],
    ['all that is not an array', { all: leaf() }, 'The ruleDefinitions[0].ruleProperties.conditions.all must be an array!'],
    ['not given an array', { not: [leaf()] }, 'The ruleDefinitions[0].ruleProperties.conditions.not must be a single condition, not an array!'],
    ['a condition without fact', { all: [leaf({ fact: undefined })] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].fact must be a string of 1 to 100 characters!'],
    ['a condition without value', { all: [{ fact: 'request', operator: 'equal' }] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].value is required!'],
    ['an unknown operator', { any: [leaf({ operator: 'matchesRegex' })] }, "The ruleDefinitions[0].ruleProperties.conditions.any[0].operator must be a known operator (equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, venueMatches), optionally decorated (someFact:, everyValue:, not:, ...), not 'matchesRegex'!"],
    ['an unknown decorator', { any: [leaf({ operator: 'maybe:equal' })] }, "must be a known operator"],
    ['a condition that is not an object', { all: ['x'] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0] must be an object!'],
    ['conditions nested 11 levels', nested(11), 'The conditions of a rule may nest all/any/not at most 10 levels deep!'],
    ['101 conditions', { all: Array.from({ length: 101 }, () => leaf()) }, 'A rule may hold at most 100 conditions!'],
    ['a path that calls a function', { all: [leaf({ path: "$.transaction[?(@.constructor.constructor('return process')())]" })] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].path must not call functions: a filter may only read properties and compare them!'],
    ['a path with a regular expression', { all: [leaf({ path: '$.transaction.lineItems[?(@.description.match(/(a+)+$/))]' })] }, "must not call functions"],
    ['a path dividing', { all: [leaf({ path: '$.transaction.lineItems[?(@.unitPrice/2 > 1)]' })] }, "The ruleDefinitions[0].ruleProperties.conditions.all[0].path must not use '/' outside quotes: no regular expressions or division!"],
    ['a path too long', { all: [leaf({ path: `$.${'a'.repeat(600)}` })] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].path must be a string of 1 to 500 characters!'],
    ['a hostile path in a fact reference', { all: [leaf({ value: { fact: 'request', path: '$..x.repeat(1e9)' } })] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].value.path must not call functions: a filter may only read properties and compare them!'],
    ['a condition priority of 0', { all: [leaf({ priority: 0 })] }, 'The ruleDefinitions[0].ruleProperties.conditions.all[0].priority must be a whole number of at least 1!'],
  ])('refuses conditions with %s', (_case, conditions, message) => {
    const error = refusal(checkNewRuleSet({ isActive: true, ruleDefinitions: [withConditions(conditions)] }, noCatalogue));
    expect(error.message).toContain(message);
  });

  it('accepts conditions nested 10 levels and 100 conditions', () => {
    expect(checkRuleDefinitions([withConditions(nested(10))], noCatalogue)).not.toBeInstanceOf(RuleSetValidationError);
    const hundred = { all: Array.from({ length: 100 }, () => leaf()) };
    expect(checkRuleDefinitions([withConditions(hundred)], noCatalogue)).not.toBeInstanceOf(RuleSetValidationError);
  });

  it('names the offending field in the error path', () => {
    const error = refusal(checkRuleDefinitions([custom(), custom({ priority: 9 })], noCatalogue));
    expect(error.path).toBe('[1].priority');
    expect(error.message).toBe('The priority must match the ruleProperties.priority!');
  });

  it('never throws and answers quickly, whatever the body', () => {
    const documented = docs.updateRequest.ruleDefinitions as unknown[];
    // The documented rules with one random subtree replaced by random JSON.
    const mutated = fc
      .tuple(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.nat(5)), { maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }))
      .map(([path, replacement]) => replaceAt(structuredClone(documented), path, replacement));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.anything({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 6 })), (definitions) => {
        const started = performance.now();
        for (const result of [
          checkRuleDefinitions(definitions, () => 1.5),
          checkNewRuleSet({ isActive: true, ruleDefinitions: definitions }, noCatalogue),
          checkRuleSetChanges(definitions, noCatalogue),
        ]) {
          expect(result instanceof RuleSetValidationError || typeof result === 'object').toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 500 },
    );
  });
});

function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (typeof value !== 'object' || value === null) return value;
  const container = value as Record<string | number, unknown>;
  const keys = Object.keys(container);
  const key = typeof head === 'number' && keys.length > 0 ? keys[head % keys.length]! : head!;
  container[key] = replaceAt(container[key], rest, replacement);
  return value;
}
