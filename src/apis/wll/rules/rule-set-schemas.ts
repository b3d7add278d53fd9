import { z } from 'zod';
import { normaliseConditions } from './conditions.js';
import { jsonLimitPassed } from './json-values.js';
import { RULE_SET_LIMITS as LIMITS } from './limits.js';
import { RULE_SET_MESSAGES as M } from './rule-set-errors.js';

/*
 * The rule-set bodies of WLL's Transactions Rule Engine (POST and PATCH
 * /transactions-rule-engine/rule-sets), as documented: RuleSetDefinition, RuleDefinition,
 * RuleProperties, BasketRuleConfiguration, RuleResultParams, KeyValuePair. Every issue's message
 * is a predicate ("must …!") or a whole sentence; `issueMessage` in rule-set-check.ts turns the
 * first one into the BadRequestError message. Fields the docs' responses add (`id`, `createdAt`,
 * `configuration: null` on a CUSTOM rule) are accepted and dropped, so a client may send back
 * the rules it read.
 */

const missingOr =
  (missing: string, otherwise: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? missing : otherwise;
const required = (otherwise: string) => missingOr(M.required, otherwise);

const text = (max: number) =>
  z
    .string({ error: required(M.text(max)) })
    .min(1, M.text(max))
    .max(max, M.text(max));

const flag = () => z.boolean({ error: required(M.mustBe('true or false')) });

const wholeNumber = () =>
  z.number({ error: required(M.wholeNumber) }).int(M.wholeNumber).min(1, M.wholeNumber);

export const keyValuePair = z.object({
  // Sandbox's rule: `request` is refused because the key would replace the transaction fact.
  key: text(LIMITS.keyLength)
    .refine((key) => key !== 'request', M.reservedKey)
    .describe('Name of the key, e.g. isPepsiAvailable. Becomes a fact that lower-priority rules can test.'),
  value: z.unknown().describe('Any JSON value.'),
});

export const ruleResultParams = z.object(
  {
    success: z
      .array(keyValuePair, { error: required(M.mustBe('an array')) })
      .max(LIMITS.resultParamsPerOutcome, M.mustBe(`at most ${LIMITS.resultParamsPerOutcome} key/value pairs`))
      .describe('What the rule engine returns when the rule passes.'),
    failure: z
      .array(keyValuePair, { error: required(M.mustBe('an array')) })
      .max(LIMITS.resultParamsPerOutcome, M.mustBe(`at most ${LIMITS.resultParamsPerOutcome} key/value pairs`))
      .describe('What the rule engine returns when the rule fails.'),
  },
  { error: required(M.mustBe('an object')) },
);

/** Letters, digits and `._-` only, because the id is written into the inflated rule's JSONPath filter. */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

export const basketRuleConfiguration = z.object(
  {
    productId: z
      .string({ error: required(M.productId) })
      .regex(PRODUCT_ID_PATTERN, M.productId)
      .describe('The product whose presence the rule checks.'),
    isUnitPriceCheckNeeded: flag().describe('true if the rule should also check for a matching unit price.'),
    overridingUnitPriceToCheckAgainst: z
      .number({ error: M.mustBe('a number') })
      .optional()
      .describe("The unit price to match; without it, the product's catalogue price."),
  },
  { error: missingOr(M.basketNeedsConfiguration, M.mustBe('an object')) },
);

const conditions = z
  .record(z.string(), z.unknown(), { error: required(M.mustBe('an object')) })
  .transform((input, ctx) => {
    const checked = normaliseConditions(input);
    if ('conditions' in checked) return checked.conditions;
    ctx.issues.push({ code: 'custom', input, message: checked.problem.message, path: checked.problem.path });
    return z.NEVER;
  })
  .describe('json-rules-engine conditions: one of all, any or not at the root, facts `request` or earlier result keys.');

const ruleProperties = z.object(
  {
    conditions,
    event: z.object({ type: text(LIMITS.nameLength) }, { error: required(M.mustBe('an object')) }),
    priority: wholeNumber().optional().describe('Should be the same as the rule priority.'),
  },
  { error: missingOr(M.customNeedsProperties, M.mustBe('an object')) },
);

const ruleBasics = {
  name: text(LIMITS.nameLength).describe('For a CUSTOM rule, the same as ruleProperties.event.type.'),
  priority: wholeNumber().describe('Rules with higher priority run first; equal priorities run in parallel.'),
  resultParams: ruleResultParams,
};

const agreesWithRuleProperties = (
  rule: { name: string; priority: number; ruleProperties: { event: { type: string }; priority?: number | undefined } },
  ctx: z.RefinementCtx,
) => {
  const declared = rule.ruleProperties.priority;
  if (declared !== undefined && declared !== rule.priority) {
    ctx.addIssue({ code: 'custom', message: M.PRIORITY_MISMATCH, path: ['priority'] });
  }
  if (rule.name !== rule.ruleProperties.event.type) {
    ctx.addIssue({ code: 'custom', message: M.nameMismatch, path: ['name'] });
  }
};

const customRuleShape = z.object({
  type: z.literal('CUSTOM'),
  ...ruleBasics,
  ruleProperties,
  configuration: z.unknown().optional(),
});

const customRule = customRuleShape.superRefine(agreesWithRuleProperties);

/**
 * A stored rule of either type, as the engine re-checks it before building: a BASKET rule's
 * inflated ruleProperties have a CUSTOM rule's shape. The output's conditions are normalised.
 */
export const storedRuleSchema = customRuleShape
  .extend({ type: z.enum(['CUSTOM', 'BASKET']) })
  .superRefine(agreesWithRuleProperties);

const basketRule = z.object({
  type: z.literal('BASKET'),
  ...ruleBasics,
  configuration: basketRuleConfiguration,
  // A BASKET rule's ruleProperties are always inflated from its configuration.
  ruleProperties: z.unknown().optional(),
});

const ruleDefinition = z.discriminatedUnion('type', [customRule, basketRule], {
  error: () => M.unknownType,
});

export type RuleDefinition = z.output<typeof ruleDefinition>;

const withinJsonLimits = (value: unknown, ctx: z.RefinementCtx) => {
  const passed = jsonLimitPassed(value, LIMITS.jsonDepth, LIMITS.jsonBytes);
  if (passed !== undefined) {
    ctx.addIssue({ code: 'custom', message: passed === 'depth' ? M.TOO_DEEP : M.TOO_BIG, path: [] });
  }
};

export const ruleDefinitions = z
  .array(ruleDefinition, { error: required(M.mustBe('an array')) })
  .max(LIMITS.rulesPerSet, M.TOO_MANY_RULES)
  .superRefine(withinJsonLimits)
  .describe('Optional. A Rule Set can be created without any Rules defined at first.');

const ruleSetName = text(LIMITS.nameLength).describe("Optional. Example: 'January Rules'.");

export const ruleSetCreateBody = z
  .object({
    name: ruleSetName.optional(),
    isActive: flag(),
    ruleDefinitions: ruleDefinitions.optional(),
  }, { error: required(M.mustBe('an object')) })
  .meta({ id: 'WllRuleSetDefinition' });

/** PATCH replaces the whole rules array when `ruleDefinitions` is given (as the docs say). */
export const ruleSetUpdateBody = z
  .object({
    name: ruleSetName.optional(),
    isActive: flag().optional(),
    ruleDefinitions: ruleDefinitions.optional(),
  }, { error: required(M.mustBe('an object')) })
  .meta({ id: 'WllRuleSetUpdate' });
