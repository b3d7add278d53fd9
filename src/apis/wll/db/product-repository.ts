import type { Database } from '../../../db/database.js';

export interface Product {
  id: string;
  name: string;
  identifiers: string[];
  unitPrice: number;
}

interface ProductRow {
  id: string;
  name: string;
  unitPrice: number;
  identifiers: string;
}

/**
 * wll_products and wll_product_identifiers: the product catalogue line items are matched to by
 * their identifier (SKU or barcode), and whose prices BASKET rules check against.
 */
export class ProductRepository {
  private readonly insertStmt;
  private readonly insertIdentifierStmt;
  private readonly deleteStmt;
  private readonly productForStmt;
  private readonly unitPriceStmt;
  private readonly listStmt;
  private readonly findStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[string, string, string, number]>(
      'INSERT INTO wll_products (workspace_id, id, name, unit_price) VALUES (?, ?, ?, ?)',
    );
    this.insertIdentifierStmt = db.prepare<[string, string, string]>(
      'INSERT INTO wll_product_identifiers (workspace_id, identifier, product_id) VALUES (?, ?, ?)',
    );
    // The identifiers go with their product (ON DELETE CASCADE).
    this.deleteStmt = db.prepare<[string, string]>('DELETE FROM wll_products WHERE workspace_id = ? AND id = ?');
    this.productForStmt = db
      .prepare<[string, string], string>('SELECT product_id FROM wll_product_identifiers WHERE workspace_id = ? AND identifier = ?')
      .pluck();
    this.unitPriceStmt = db
      .prepare<[string, string], number | null>('SELECT unit_price FROM wll_products WHERE workspace_id = ? AND id = ?')
      .pluck();
    const select = `SELECT p.id, p.name, p.unit_price AS unitPrice,
         (SELECT json_group_array(identifier) FROM
            (SELECT identifier FROM wll_product_identifiers i
             WHERE i.workspace_id = p.workspace_id AND i.product_id = p.id ORDER BY identifier)) AS identifiers
       FROM wll_products p`;
    this.listStmt = db.prepare<[string], ProductRow>(`${select} WHERE p.workspace_id = ? ORDER BY p.name, p.id`);
    this.findStmt = db.prepare<[string, string], ProductRow>(`${select} WHERE p.workspace_id = ? AND p.id = ?`);
  }

  /** Inserts a product and its identifiers; the caller's transaction makes the pair atomic. */
  insert(workspaceId: string, product: Product): void {
    this.insertStmt.run(workspaceId, product.id, product.name, product.unitPrice);
    for (const identifier of product.identifiers) this.insertIdentifierStmt.run(workspaceId, identifier, product.id);
  }

  /** false when there was no such product. */
  delete(workspaceId: string, productId: string): boolean {
    return this.deleteStmt.run(workspaceId, productId).changes === 1;
  }

  /** The product a line item's identifier names, if any: its `productId`. */
  productIdFor(workspaceId: string, identifier: string): string | undefined {
    return this.productForStmt.get(workspaceId, identifier);
  }

  unitPrice(workspaceId: string, productId: string): number | undefined {
    return this.unitPriceStmt.get(workspaceId, productId) ?? undefined;
  }

  find(workspaceId: string, productId: string): Product | undefined {
    const row = this.findStmt.get(workspaceId, productId);
    return row && toProduct(row);
  }

  list(workspaceId: string): Product[] {
    return this.listStmt.all(workspaceId).map(toProduct);
  }
}

function toProduct(row: ProductRow): Product {
  return { id: row.id, name: row.name, identifiers: JSON.parse(row.identifiers) as string[], unitPrice: row.unitPrice };
}
