import type { CustomerRecord, CustomerRepository } from './db/customer-repository.js';
import type { TransactionRepository } from './db/transaction-repository.js';
import { customerView } from './customer-lookup.js';
import { kangarooError } from './errors.js';
import { pageWindow } from './pagination.js';
import type { HistoryPage } from './schemas/customers.js';
import type { PaginationQuery } from './schemas/common.js';
import type { Customer } from './schemas/loyalty.js';
import { historyEntryView } from './transaction-views.js';

const CUSTOMER_ID = /^[0-9a-fA-F]{32}$/;

/** Reading customers: one with its balance, its history, and (for the admin API) all of them. */
export class CustomerDirectory {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly transactions: TransactionRepository,
  ) {}

  /** GET /customers/{id}; 404 as the core API answers an unknown customer. */
  find(workspaceId: string, id: string): { data: Customer } {
    return { data: customerView(this.require(workspaceId, id)) };
  }

  /** GET /customers/{id}/transactions: every transaction of the customer, newest first, a page at a time. */
  history(workspaceId: string, id: string, query: PaginationQuery): HistoryPage {
    const customer = this.require(workspaceId, id);
    const window = pageWindow(query);
    // One more than a page says whether there is a next one, without counting (Laravel's simplePaginate).
    const rows = this.transactions.ofCustomer(workspaceId, customer.id, window.perPage + 1, window.offset);
    const data = rows.slice(0, window.perPage).map(historyEntryView);
    const path = `/customers/${customer.id}/transactions`;
    const page = (n: number) => `${path}?${new URLSearchParams({ page: String(n), per_page: String(window.perPage) }).toString()}`;
    return {
      data,
      links: {
        first: page(1),
        last: null,
        prev: window.page > 1 ? page(window.page - 1) : null,
        next: rows.length > window.perPage ? page(window.page + 1) : null,
      },
      meta: {
        current_page: window.page,
        from: data.length > 0 ? window.offset + 1 : null,
        path,
        per_page: window.perPage,
        to: data.length > 0 ? window.offset + data.length : null,
      },
    };
  }

  /** For the admin API: the workspace's customers with their balances, oldest first. */
  list(workspaceId: string, limit: number, offset: number): { customers: Customer[]; total: number } {
    return {
      customers: this.customers.list(workspaceId, limit, offset).map(customerView),
      total: this.customers.count(workspaceId),
    };
  }

  private require(workspaceId: string, id: string): CustomerRecord {
    const customer = CUSTOMER_ID.test(id) ? this.customers.find(workspaceId, id.toLowerCase()) : undefined;
    if (!customer) throw kangarooError('customer_not_found');
    return customer;
  }
}
