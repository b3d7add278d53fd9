import type { TransactionRecord } from './db/transaction-repository.js';
import type { HistoryEntry } from './schemas/customers.js';
import type { Customer, Transaction } from './schemas/loyalty.js';
import { coreTime } from './time-format.js';

type Lines = Pick<Transaction, 'items' | 'catalog_items' | 'offer'>;

/** What a transaction's stored details add to its answer: a sale's items, the catalog items or offer redeemed. */
function linesOf(details: Record<string, unknown>): Lines {
  const lines: Lines = {};
  if (details.items) lines.items = details.items as Transaction['items'];
  if (details.catalog_items) lines.catalog_items = details.catalog_items as Transaction['catalog_items'];
  if (details.offer) lines.offer = details.offer as Transaction['offer'];
  return lines;
}

function common(record: TransactionRecord) {
  return {
    id: record.id,
    created_at: coreTime(record.createdAt),
    amount: record.amountCents / 100,
    points: record.points,
    name: record.name,
    branch_link_id: record.branchLinkId,
    receipt: record.receiptNumber === null ? null : { number: record.receiptNumber },
    transaction_details: record.externalOrderId === null ? null : { external_order_id: record.externalOrderId },
    ...linesOf(record.details),
  };
}

/** The answer of the calls that record a transaction: the transaction and the customer's balance after it. */
export function transactionView(record: TransactionRecord, customer: Customer): Transaction {
  return { ...common(record), customer };
}

/** One line of a customer's history. */
export function historyEntryView(record: TransactionRecord): HistoryEntry {
  return {
    ...common(record),
    type_id: record.typeId,
    cancelled_at: record.cancelledAt === null ? null : coreTime(record.cancelledAt),
    cancelled_transaction_id: record.cancelsId,
  };
}
