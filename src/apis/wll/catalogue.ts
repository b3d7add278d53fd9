import { adminError } from '../../core/admin-errors.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { quote } from '../../lib/describe.js';
import type { Product, ProductRepository } from './db/product-repository.js';
import type { Venue, VenueRepository } from './db/venue-repository.js';
import type { LineItem, StoredLineItem } from './schemas/common.js';

/**
 * A workspace's product catalogue and venues: seeded from the fixtures, edited through the admin
 * API, read by every claim and order (a line item's `productId`, a receipt's venue) and by BASKET
 * rules (a product's price). The docs mention WLL's products and venues modules but not their API.
 */
export class Catalogue {
  constructor(
    private readonly db: Database,
    private readonly products: ProductRepository,
    private readonly venues: VenueRepository,
  ) {}

  /** Line items as stored: each gets the `productId` its identifier names in the catalogue, if any. */
  matchLineItems(workspaceId: string, lineItems: readonly LineItem[]): StoredLineItem[] {
    return lineItems.map((item) => {
      const productId = item.identifier === undefined ? undefined : this.products.productIdFor(workspaceId, item.identifier);
      return productId === undefined ? { ...item } : { ...item, productId };
    });
  }

  venueIdFor(workspaceId: string, locationIdentifier: string | null): string | undefined {
    return locationIdentifier === null ? undefined : this.venues.venueIdFor(workspaceId, locationIdentifier);
  }

  unitPrice(workspaceId: string, productId: string): number | undefined {
    return this.products.unitPrice(workspaceId, productId);
  }

  listProducts(workspaceId: string): Product[] {
    return this.products.list(workspaceId);
  }

  /** Creates or replaces a product; an identifier another product holds is a conflict (409). */
  putProduct(workspaceId: string, product: Product): { product: Product; created: boolean } {
    return writeTransaction(this.db, () => {
      for (const identifier of product.identifiers) {
        const owner = this.products.productIdFor(workspaceId, identifier);
        if (owner !== undefined && owner !== product.id) {
          throw adminError('conflict', `The identifier ${quote(identifier)} already belongs to product ${owner}`);
        }
      }
      const created = !this.products.delete(workspaceId, product.id);
      this.products.insert(workspaceId, product);
      return { product: this.products.find(workspaceId, product.id)!, created };
    });
  }

  deleteProduct(workspaceId: string, productId: string): void {
    if (!writeTransaction(this.db, () => this.products.delete(workspaceId, productId))) {
      throw adminError('not_found', `No product ${quote(productId)} in workspace ${workspaceId}`);
    }
  }

  listVenues(workspaceId: string): Venue[] {
    return this.venues.list(workspaceId);
  }

  /** Creates or replaces a venue; a location another venue covers is a conflict (409). */
  putVenue(workspaceId: string, venue: Venue): { venue: Venue; created: boolean } {
    return writeTransaction(this.db, () => {
      for (const location of venue.locationIdentifiers) {
        const owner = this.venues.venueIdFor(workspaceId, location);
        if (owner !== undefined && owner !== venue.id) {
          throw adminError('conflict', `The locationIdentifier ${quote(location)} already belongs to venue ${owner}`);
        }
      }
      const created = !this.venues.delete(workspaceId, venue.id);
      this.venues.insert(workspaceId, venue);
      return { venue: this.venues.find(workspaceId, venue.id)!, created };
    });
  }

  deleteVenue(workspaceId: string, venueId: string): void {
    if (!writeTransaction(this.db, () => this.venues.delete(workspaceId, venueId))) {
      throw adminError('not_found', `No venue ${quote(venueId)} in workspace ${workspaceId}`);
    }
  }
}
