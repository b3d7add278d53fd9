import { describe, expect, it } from 'vitest';
import { inflateBasketRule } from '../../../../src/apis/wll/rules/basket-rule.js';
import { checkRuleDefinitions } from '../../../../src/apis/wll/rules/rule-set-check.js';
import { RuleSetValidationError } from '../../../../src/apis/wll/rules/rule-set-errors.js';
import { docs, noCatalogue, PEPSI } from './docs-rule-sets.js';

const pepsiResponded = () => docs.updateResponse.data.rules.find((rule) => rule.name === 'pepsi-present')!;

describe('BASKET inflation', () => {
  it("inflates the docs' pepsi-present exactly as the docs' responses show it", () => {
    const inflated = inflateBasketRule(
      { name: 'pepsi-present', priority: 9, configuration: { productId: PEPSI, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 } },
      noCatalogue,
    );
    expect(inflated).toEqual(pepsiResponded().ruleProperties);
    const listed = docs.listResponse.data[0]!.rules.find((rule) => rule.name === 'pepsi-present')!;
    expect(inflated).toEqual(listed.ruleProperties);
  });

  it('checks only the product without a unit-price check', () => {
    const inflated = inflateBasketRule({ name: 'pepsi', priority: 2, configuration: { productId: PEPSI, isUnitPriceCheckNeeded: false, overridingUnitPriceToCheckAgainst: 10.2 } }, () => 3);
    expect(inflated).toEqual({ conditions: { all: [pepsiResponded().ruleProperties.conditions.all[0]] }, event: { type: 'pepsi' }, priority: 2 });
  });

  it("checks the catalogue price when there is no overriding price", () => {
    const inflated = inflateBasketRule({ name: 'pepsi', priority: 2, configuration: { productId: PEPSI, isUnitPriceCheckNeeded: true } }, (id) => (id === PEPSI ? 1.75 : undefined));
    expect(inflated?.conditions).toMatchObject({ all: [{}, { any: [{ operator: 'contains', value: 1.75 }, { operator: 'equal', value: 1.75 }] }] });
  });

  it('prefers the overriding price to the catalogue price', () => {
    const inflated = inflateBasketRule({ name: 'pepsi', priority: 2, configuration: { productId: PEPSI, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 0 } }, () => 1.75);
    expect(inflated?.conditions).toMatchObject({ all: [{}, { any: [{ value: 0 }, { value: 0 }] }] });
  });

  it('has nothing to inflate when a price check has no price', () => {
    expect(inflateBasketRule({ name: 'x', priority: 1, configuration: { productId: 'sku', isUnitPriceCheckNeeded: true } }, noCatalogue)).toBeUndefined();
  });

  it('refuses to write an unchecked productId into a path', () => {
    expect(() =>
      inflateBasketRule({ name: 'x', priority: 1, configuration: { productId: "a')]", isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 1 } }, noCatalogue),
    ).toThrow(/Unchecked productId/);
  });

  it('a stored BASKET rule keeps its configuration and ignores ruleProperties sent with it', () => {
    const rules = checkRuleDefinitions(
      [
        {
          type: 'BASKET',
          name: 'pepsi-present',
          priority: 9,
          configuration: { productId: PEPSI, isUnitPriceCheckNeeded: true, overridingUnitPriceToCheckAgainst: 10.2 },
          ruleProperties: { conditions: { all: [] }, event: { type: 'stale' }, priority: 1 },
          resultParams: { success: [{ key: 'pepsiPresent', value: true }], failure: [{ key: 'pepsiPresent', value: false }] },
        },
      ],
      noCatalogue,
    );
    expect(rules).not.toBeInstanceOf(RuleSetValidationError);
    const { id: _id, createdAt: _c, updatedAt: _u, ...responded } = pepsiResponded();
    expect(rules).toEqual([responded]);
  });
});
