import type { CoreServices } from '../../core/api.js';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { DomainEvents } from '../../events/domain-events.js';
import { BranchDirectory } from './branch-directory.js';
import { CallerAuth } from './caller-auth.js';
import { CustomerDirectory } from './customer-directory.js';
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
import { LoyaltyEvents } from './loyalty-events.js';
import { OAuthFlow } from './oauth-flow.js';
import { OfferCatalog } from './offer-catalog.js';
import { DEFAULT_REQUESTS_PER_MINUTE, RateLimitGate } from './rate-limit-gate.js';
import { FixedWindowRateLimiter } from './rate-limiter.js';

/** What the Kangaroo services are built from: the shared infrastructure, with any clock per workspace. */
export type KangarooCore = Pick<CoreServices, 'db' | 'outbox' | 'onWorkspaceRemoved'> & {
  clocks: WorkspaceClock;
  config: Pick<CoreServices['config'], 'kangarooRateLimit'>;
};

/** Everything the Kangaroo API works with, built once per app and shared by its routes and admin routes. */
export function createKangarooServices({ db, clocks: clock, outbox, onWorkspaceRemoved, config }: KangarooCore) {
  const tokens = new TokenRepository(db);
  const applicationKeys = new ApplicationKeyRepository(db);
  const offers = new OfferRepository(db);
  const catalog = new CatalogRepository(db);
  const customers = new CustomerRepository(db);
  const transactions = new TransactionRepository(db);
  const branches = new BranchRepository(db);
  const integrations = new IntegrationDesk(db, clock, new IntegrationRepository(db), new BranchLinkRepository(db), branches);
  const rateLimits = new RateLimitGate(new RateLimitRepository(db), new FixedWindowRateLimiter(), {
    enabledByDefault: config.kangarooRateLimit > 0,
    requestsPerMinute: config.kangarooRateLimit || DEFAULT_REQUESTS_PER_MINUTE,
  });
  onWorkspaceRemoved((workspaceId) => rateLimits.forget(workspaceId));
  return {
    oauth: new OAuthFlow(db, clock, new OAuthClientRepository(db), new UserRepository(db), applicationKeys, tokens),
    callers: new CallerAuth(clock, tokens, applicationKeys),
    rateLimits,
    branches: new BranchDirectory(branches),
    integrations,
    customers: new CustomerDirectory(customers, transactions),
    loyalty: new LoyaltyDesk(
      db,
      clock,
      integrations,
      new CustomerLookup(customers),
      customers,
      new BusinessRepository(db),
      transactions,
      new LedgerRepository(db),
      catalog,
      offers,
      new LoyaltyEvents(new DomainEvents(outbox)),
    ),
    offers: new OfferCatalog(clock, integrations, offers, catalog),
  };
}

export type KangarooServices = ReturnType<typeof createKangarooServices>;
