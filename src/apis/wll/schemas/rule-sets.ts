import { z } from 'zod';
import { success } from './common.js';

/*
 * Rule sets as the Transactions Rule Engine answers them. The docs' JSON Schema types `rules` as
 * an untyped array; a rule here is what their example responses show.
 */

const keyValuePair = z.object({ key: z.string(), value: z.unknown().describe('Any JSON value.') });

export const rule = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['CUSTOM', 'BASKET']),
    priority: z.number().int().describe('Higher runs first; equal priorities run in parallel.'),
    ruleProperties: z
      .object({
        conditions: z.record(z.string(), z.unknown()).describe('json-rules-engine conditions (all/any/not at the root).'),
        event: z.object({ type: z.string() }),
        priority: z.number().int(),
      })
      .describe("A BASKET rule's are inflated from its configuration when it is written."),
    resultParams: z.object({ success: z.array(keyValuePair), failure: z.array(keyValuePair) }),
    configuration: z
      .object({
        productId: z.string(),
        isUnitPriceCheckNeeded: z.boolean(),
        overridingUnitPriceToCheckAgainst: z.number().optional(),
      })
      .nullable()
      .describe("A BASKET rule's configuration; null for a CUSTOM rule."),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WllRule' });

export const ruleSet = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    isActive: z.boolean().describe('The newest active rule set reviews every claim.'),
    createdAt: z.string(),
    updatedAt: z.string(),
    rules: z.array(rule),
  })
  .meta({ id: 'WllRuleSet' });

/**
 * The tenant the creation response shows. Sandbox-defined: `id` is the workspace, `authentication`
 * names the sandbox's token issuer and JWKS, `configuration` the reviewer's settings, and the
 * docs' `key` (the tenant API key) is left out: the sandbox keeps only its hash.
 */
export const ruleSetTenant = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    authentication: z.object({ issuer: z.string(), jwksUrl: z.string(), algorithm: z.string() }),
    eventSecrets: z.record(z.string(), z.unknown()),
    configuration: z.object({ timezone: z.string(), maxReceiptAgeDays: z.number().int() }),
  })
  .meta({ id: 'WllRuleSetTenant' });

export const ruleSetCreatedResponse = success(ruleSet.extend({ tenant: ruleSetTenant })).meta({ id: 'WllRuleSetCreated' });
export const ruleSetResponse = success(ruleSet).meta({ id: 'WllRuleSetResponse' });
export const ruleSetListResponse = success(z.array(ruleSet)).meta({ id: 'WllRuleSetList' });
