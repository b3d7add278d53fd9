import { z } from 'zod';
import { pageOf } from './common.js';

/*
 * GET /api/v1/branches. The integrations host documents only that each branch has
 * `virtual_branch_flag`; the fields are those of Kangaroo's Branch model (`oa/schemas/userDetails`)
 * less the images and phone object, which the sandbox does not model.
 */
export const address = z.object({
  formatted: z.string().nullable(),
  street: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
});

export const branch = z
  .object({
    id: z.string().describe('32 hex digits.'),
    name: z.string(),
    web_site: z.string().nullable(),
    virtual_branch_flag: z.boolean().describe('Integrations link only to a virtual branch.'),
    is_ecom: z.boolean(),
    address,
  })
  .meta({ id: 'KangarooBranch' });
export type Branch = z.infer<typeof branch>;

export const branchList = pageOf(branch);
export type BranchList = z.infer<typeof branchList>;
