import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FixtureError, readFixtureList } from '../../fixtures/read-fixture.js';
import { readJsonFixture } from './fixture-file.js';
import { DEFAULT_TENANT_SETTINGS } from './review/automated-review.js';
import { isTimeZone } from './review/tenant-time.js';
import { text } from './schemas/common.js';

/*
 * The WLL side of a workspace as fixtures/wll/ seeds it. Rule sets (rule-sets.json) are the rule
 * engine's format and read by it; the picture parser reads parser/*.json.
 */

/** fixtures/wll/tenant.json: the tenant of the demo workspace. Other workspaces get their own API key. */
export const tenantFixture = z
  .object({
    name: text(200),
    slug: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1–64 of a-z, 0-9 and -'),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA timezone such as Europe/London')
      .default(DEFAULT_TENANT_SETTINGS.timeZone)
      .describe("Receipts' service dates and times are local to it."),
    maxReceiptAgeDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(DEFAULT_TENANT_SETTINGS.maxReceiptAgeDays)
      .describe('A receipt served longer ago is REJECTED/INVALID_DATE.'),
    apiKey: text(200).describe('The X-Api-Key of the demo workspace (CONTRACT §3).'),
  })
  .strict();
export type TenantFixture = z.infer<typeof tenantFixture>;

/** fixtures/wll/products.json: what line items are matched to (`productId`) by their `identifier`. */
export const productFixture = z
  .object({
    id: z.uuid(),
    name: text(200),
    identifiers: z.array(text(100)).min(1).max(50).describe("SKUs and barcodes a line item's identifier can carry."),
    unitPrice: z.number().min(0),
  })
  .strict();
export type ProductFixture = z.infer<typeof productFixture>;

/** fixtures/wll/venues.json: what the `venueMatches` operator checks a receipt's locationIdentifier against. */
export const venueFixture = z
  .object({
    id: z.uuid(),
    name: text(200),
    locationIdentifiers: z.array(text(100)).min(1).max(100),
  })
  .strict();
export type VenueFixture = z.infer<typeof venueFixture>;

/** Each id, line item identifier and location identifier must lead to one product or venue. */
function assertUnique(file: string, kind: string, owners: Array<{ id: string; keys: string[] }>): void {
  const seen = new Map<string, string>();
  for (const { id, keys } of owners) {
    for (const key of keys) {
      const other = seen.get(key);
      if (other !== undefined) throw new FixtureError(`fixture ${file}: ${kind} ${key} appears twice (in ${other} and in ${id})`);
      seen.set(key, id);
    }
  }
}

export interface WllFixtures {
  /** Undefined when the fixtures folder has no wll/tenant.json: the workspace then has no WLL tenant. */
  tenant: TenantFixture | undefined;
  products: ProductFixture[];
  venues: VenueFixture[];
}

/** Reads and validates fixtures/wll/{tenant,products,venues}.json. Startup and reset only. */
export function readWllFixtures(fixturesDir: string): WllFixtures {
  const tenantPath = join(fixturesDir, 'wll', 'tenant.json');
  const fixtures = {
    tenant: existsSync(tenantPath) ? readJsonFixture(tenantPath, tenantFixture) : undefined,
    products: readFixtureList(fixturesDir, 'wll/products.json', productFixture),
    venues: readFixtureList(fixturesDir, 'wll/venues.json', venueFixture),
  };
  assertUnique('wll/products.json', 'id', fixtures.products.map(({ id }) => ({ id, keys: [id] })));
  assertUnique('wll/products.json', 'identifier', fixtures.products.map(({ id, identifiers }) => ({ id, keys: identifiers })));
  assertUnique('wll/venues.json', 'id', fixtures.venues.map(({ id }) => ({ id, keys: [id] })));
  assertUnique('wll/venues.json', 'locationIdentifier', fixtures.venues.map(({ id, locationIdentifiers }) => ({ id, keys: locationIdentifiers })));
  return fixtures;
}
