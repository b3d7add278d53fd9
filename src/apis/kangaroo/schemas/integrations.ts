import { z } from 'zod';
import { RULE } from '../field-errors.js';
import { isStoreDomain } from '../store-domain.js';
import { boolean, integer, integerIn, integerParam, object, text } from './common.js';

/** `type` 1 is the one the docs give: "1 for a POS/Ecommerce integration". */
export const INTEGRATION_TYPES = [1] as const;

export const createIntegrationBody = object({
  name: text(255).describe('e.g. "ABC E-commerce".'),
  type: integerIn(INTEGRATION_TYPES).describe('1: POS/e-commerce.'),
  // Sandbox: the Integration object carries is_ecom; the create call's docs show only name and type.
  is_ecom: boolean().optional().describe('Sandbox extension (default false): an e-commerce integration, whose branch links need store_domain.'),
});
export type CreateIntegrationInput = z.infer<typeof createIntegrationBody>;

export const integration = z
  .object({
    integration_id: z.int().describe('The id to link branches with (the tutorial\'s name for it).'),
    id: z.int().describe('The same id.'),
    name: z.string(),
    type: z.int(),
    is_ecom: z.boolean(),
    active: z.boolean(),
    created_at: z.string(),
  })
  .meta({ id: 'KangarooIntegration' });
export type Integration = z.infer<typeof integration>;

const storeDomain = z
  .string({ error: (issue) => (issue.input === undefined ? RULE.required : RULE.string) })
  .max(255, { message: RULE.maxString(255), abort: true })
  .trim()
  .refine(isStoreDomain, RULE.format);

export const createBranchLinkBody = object({
  account_id: text(255).describe('The account id in the POS or e-commerce platform.'),
  shop_id: text(255).describe('The POS or e-commerce location; linked once per integration.'),
  branch_id: text(64).describe('A virtual branch (GET /branches, virtual_branch_flag true).'),
  integration_id: integer(1, 2_147_483_647),
  store_name: text(255).nullish(),
  store_domain: storeDomain.nullish().describe('Required when the integration is e-commerce (is_ecom).'),
});
export type CreateBranchLinkInput = z.infer<typeof createBranchLinkBody>;

export const branchLink = z
  .object({
    id: z.int().describe('The branch_link_id the sales, transactions, offers and redemptions calls name.'),
    account_id: z.string(),
    shop_id: z.string(),
    store_name: z.string().nullable(),
    store_domain: z.string().nullable(),
    integration_id: z.int(),
    branch_id: z.string(),
    created_at: z.string(),
    enabled: z.boolean(),
  })
  .meta({ id: 'KangarooBranchLink' });
export type BranchLink = z.infer<typeof branchLink>;

export const branchLinkList = z.object({ data: z.array(branchLink) });

export const integrationParams = z.object({ id: integerParam(1, 2_147_483_647).describe('The integration id.') });
