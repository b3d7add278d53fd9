import type { CoreServices } from '../../core/api.js';
import { DomainEvents } from '../../events/domain-events.js';
import { WllAuth } from './auth/wll-auth.js';
import { Catalogue } from './catalogue.js';
import { AsyncOrderRepository } from './db/async-order-repository.js';
import { ClaimKeyRepository } from './db/claim-key-repository.js';
import { OrderRepository } from './db/order-repository.js';
import { ProductRepository } from './db/product-repository.js';
import { ReceiptRepository } from './db/receipt-repository.js';
import { ReviewRepository } from './db/review-repository.js';
import { RuleSetRepository } from './db/rule-set-repository.js';
import { TenantRepository } from './db/tenant-repository.js';
import { VenueRepository } from './db/venue-repository.js';
import { OrderDesk } from './order-desk.js';
import { PictureParser } from './parser/picture-parser.js';
import { ReceiptClaims } from './receipt-claims.js';
import { ReceiptLookups } from './receipt-lookups.js';
import { ReceiptReviews } from './receipt-reviews.js';
import { ReceiptRuleEngine } from './receipt-rule-engine.js';
import { RuleSets } from './rule-sets.js';
import { RuleEngineCache } from './rules/engine-cache.js';
import { Tenants } from './tenants.js';
import { WllEvents } from './wll-events.js';

/** Everything the WLL API works with, built once per app and shared by its routes and admin routes. */
export function createWllServices({ config, db, clocks, outbox, links, onWorkspaceRemoved }: CoreServices) {
  const tenants = new Tenants(db, new TenantRepository(db));
  const catalogue = new Catalogue(db, new ProductRepository(db), new VenueRepository(db));
  const receipts = new ReceiptRepository(db);
  const reviews = new ReviewRepository(db);
  const ruleSetRepository = new RuleSetRepository(db);
  const ruleEngine = new ReceiptRuleEngine(ruleSetRepository, new RuleEngineCache());
  const events = new WllEvents(new DomainEvents(outbox));
  onWorkspaceRemoved((workspaceId) => ruleEngine.forget(workspaceId));
  return {
    clocks,
    links,
    auth: new WllAuth(db),
    tenants,
    catalogue,
    claims: new ReceiptClaims({
      db,
      clock: clocks,
      tenants,
      catalogue,
      // The picture parser's fixtures are read and validated once, here, at start.
      parser: PictureParser.load(config.fixturesDir),
      ruleEngine,
      receipts,
      reviews,
      claimKeys: new ClaimKeyRepository(db),
      events,
    }),
    lookups: new ReceiptLookups(receipts),
    reviews: new ReceiptReviews(db, clocks, receipts, reviews, events),
    orders: new OrderDesk({
      db,
      clock: clocks,
      tenants,
      catalogue,
      orders: new OrderRepository(db),
      asyncOrders: new AsyncOrderRepository(db),
      events,
    }),
    ruleSets: new RuleSets(db, clocks, ruleSetRepository, catalogue),
  };
}

export type WllServices = ReturnType<typeof createWllServices>;
