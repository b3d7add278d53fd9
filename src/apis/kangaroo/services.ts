import type { WorkspaceClock } from '../../core/workspace-clock.js';
import type { Database } from '../../db/database.js';
import { BranchDirectory } from './branch-directory.js';
import { CallerAuth } from './caller-auth.js';
import { CustomerLookup } from './customer-lookup.js';
import { ApplicationKeyRepository } from './db/application-key-repository.js';
import { BranchLinkRepository } from './db/branch-link-repository.js';
import { BranchRepository } from './db/branch-repository.js';
import { BusinessRepository } from './db/business-repository.js';
import { CatalogRepository } from './db/catalog-repository.js';
import { CustomerRepository } from './db/customer-repository.js';
import { IntegrationRepository } from './db/integration-repository.js';
import { LedgerRepository } from './db/ledger-repository.js';
import { OAuthClientRepository } from './db/oauth-client-repository.js';
import { OfferRepository } from './db/offer-repository.js';
import { RateLimitRepository } from './db/rate-limit-repository.js';
import { TokenRepository } from './db/token-repository.js';
import { TransactionRepository } from './db/transaction-repository.js';
import { UserRepository } from './db/user-repository.js';
import { IntegrationDesk } from './integration-desk.js';
import { LoyaltyDesk } from './loyalty-desk.js';
import { OAuthFlow } from './oauth-flow.js';
import { OfferCatalog } from './offer-catalog.js';
import { RateLimitGate, type RateLimitOptions } from './rate-limit-gate.js';
import { FixedWindowRateLimiter } from './rate-limiter.js';

export interface KangarooServiceOptions {
  rateLimit: RateLimitOptions;
}

/** Everything the Kangaroo API works with, built once per app from its database and clock. */
export function createKangarooServices(db: Database, clock: WorkspaceClock, options: KangarooServiceOptions) {
  const tokens = new TokenRepository(db);
  const applicationKeys = new ApplicationKeyRepository(db);
  const offers = new OfferRepository(db);
  const catalog = new CatalogRepository(db);
  const customers = new CustomerRepository(db);
  const branches = new BranchRepository(db);
  const integrations = new IntegrationDesk(db, clock, new IntegrationRepository(db), new BranchLinkRepository(db), branches);
  return {
    oauth: new OAuthFlow(db, clock, new OAuthClientRepository(db), new UserRepository(db), applicationKeys, tokens),
    callers: new CallerAuth(clock, tokens, applicationKeys),
    rateLimits: new RateLimitGate(new RateLimitRepository(db), new FixedWindowRateLimiter(), options.rateLimit),
    branches: new BranchDirectory(branches),
    integrations,
    loyalty: new LoyaltyDesk(
      db,
      clock,
      integrations,
      new CustomerLookup(customers),
      customers,
      new BusinessRepository(db),
      new TransactionRepository(db),
      new LedgerRepository(db),
      catalog,
      offers,
    ),
    offers: new OfferCatalog(clock, integrations, offers, catalog),
  };
}

export type KangarooServices = ReturnType<typeof createKangarooServices>;
