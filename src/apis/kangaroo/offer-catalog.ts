import type { WorkspaceClock } from '../../core/workspace-clock.js';
import type { CatalogItemRecord, CatalogRepository } from './db/catalog-repository.js';
import type { OfferRecord, OfferRepository } from './db/offer-repository.js';
import type { IntegrationDesk } from './integration-desk.js';
import { pageBlocks, pageWindow } from './pagination.js';
import type { BranchLinkQuery, CatalogItem, CatalogList, Offer, OfferList } from './schemas/loyalty.js';
import { coreTime } from './time-format.js';

export function offerView(offer: OfferRecord): Offer {
  return { ...offer, publish_at: coreTime(offer.publish_at), expires_at: coreTime(offer.expires_at) };
}

export function catalogItemView(item: CatalogItemRecord): CatalogItem {
  return { ...item, publish_at: coreTime(item.publish_at), expires_at: coreTime(item.expires_at) };
}

/**
 * GET /offers and GET /redemptions (the redemption catalog), for an enabled branch link: what is
 * published and not expired at the workspace's sandbox time, paged.
 */
export class OfferCatalog {
  constructor(
    private readonly clock: WorkspaceClock,
    private readonly desk: IntegrationDesk,
    private readonly offers: OfferRepository,
    private readonly catalog: CatalogRepository,
  ) {}

  listOffers(workspaceId: string, query: BranchLinkQuery): OfferList {
    const link = this.desk.requireBranchLink(workspaceId, query.branch_link_id);
    const now = this.clock.now(workspaceId);
    const window = pageWindow(query);
    const data = this.offers.active(workspaceId, now, window.perPage, window.offset).map(offerView);
    const total = this.offers.countActive(workspaceId, now);
    return { data, ...pageBlocks('/offers', { branch_link_id: link.id }, window, data.length, total) };
  }

  listRedemptionCatalog(workspaceId: string, query: BranchLinkQuery): CatalogList {
    const link = this.desk.requireBranchLink(workspaceId, query.branch_link_id);
    const now = this.clock.now(workspaceId);
    const window = pageWindow(query);
    const data = this.catalog.active(workspaceId, now, window.perPage, window.offset).map(catalogItemView);
    const total = this.catalog.countActive(workspaceId, now);
    return { data, ...pageBlocks('/redemptions', { branch_link_id: link.id }, window, data.length, total) };
  }
}
