import { PRODUCT_ID_PATTERN } from './rule-set-schemas.js';
import type { BasketRuleConfiguration, RuleProperties } from './stored-rule.js';

/** The unit price the workspace's product catalogue lists for a product, if it lists one. */
export type ProductPrices = (productId: string) => number | undefined;

/**
 * A BASKET rule's ruleProperties, built on write exactly as the docs' `pepsi-present` response
 * shows them, `contains` and `equal` pairs included (see json-path.ts): the product is present,
 * and, with `isUnitPriceCheckNeeded`, one of its line items has the unit price. Sandbox's reading of "overriding": without
 * `overridingUnitPriceToCheckAgainst` the price checked is the product's catalogue price, taken
 * when the rule is written. Undefined when a price check is needed and there is no price.
 */
export function inflateBasketRule(
  rule: { name: string; priority: number; configuration: BasketRuleConfiguration },
  prices: ProductPrices,
): RuleProperties | undefined {
  const { productId, isUnitPriceCheckNeeded, overridingUnitPriceToCheckAgainst } = rule.configuration;
  // The id goes inside a quoted JSONPath filter: refuse anything that could close the quotes.
  if (!PRODUCT_ID_PATTERN.test(productId)) throw new Error(`Unchecked productId ${JSON.stringify(productId)}`);
  const present = eitherMatch('$.transaction.lineItems[*].productId', productId);
  const all = [present];
  if (isUnitPriceCheckNeeded) {
    const unitPrice = overridingUnitPriceToCheckAgainst ?? prices(productId);
    if (unitPrice === undefined) return undefined;
    all.push(eitherMatch(`$.transaction.lineItems[?(@.productId==='${productId}')].unitPrice`, unitPrice));
  }
  return { conditions: { all }, event: { type: rule.name }, priority: rule.priority };
}

function eitherMatch(path: string, value: string | number) {
  return {
    any: [
      { fact: 'request', operator: 'contains', value, path },
      { fact: 'request', operator: 'equal', value, path },
    ],
  };
}
