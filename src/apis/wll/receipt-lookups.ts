import type { ReceiptRepository } from './db/receipt-repository.js';
import { RECEIPT_LIST_SPEC } from './list-query/list-specs.js';
import { parseListQuery } from './list-query/list-params.js';
import { receiptNotFound } from './receipt-reviews.js';
import { receiptListItemView, receiptView } from './receipt-views.js';
import type { RuleEngineOutcome } from './rules/rule-engine.js';
import type { Receipt, ReceiptListItem } from './schemas/receipts.js';

/** GET /receipts and /receipts/{id}, and the rule engine's output the admin API shows. */
export class ReceiptLookups {
  constructor(private readonly receipts: ReceiptRepository) {}

  find(workspaceId: string, receiptId: string): Receipt {
    const found = this.receipts.find(workspaceId, receiptId);
    if (!found) throw receiptNotFound(receiptId);
    return receiptView(found.receipt, found.paramountReview);
  }

  /** `query` is the request's query string: limit, skip, sort, order and an O-Rison filter (400 when wrong). */
  list(workspaceId: string, query: Readonly<Record<string, unknown>>): ReceiptListItem[] {
    return this.receipts.list(workspaceId, parseListQuery(query, RECEIPT_LIST_SPEC)).map(receiptListItemView);
  }

  /** The newest receipts first, as GET /receipts/{id} shows them, each with the rule engine's output (the dashboard). */
  latest(workspaceId: string, limit: number): Array<{ receipt: Receipt; ruleEngineOutput: RuleEngineOutcome | null }> {
    return this.receipts.latest(workspaceId, limit).map((found) => ({
      receipt: receiptView(found.receipt, found.paramountReview),
      ruleEngineOutput: found.ruleEngineOutput,
    }));
  }

  /** null when no rule set was active (or an earlier step decided); undefined for an unknown receipt. */
  ruleEngineOutput(workspaceId: string, receiptId: string): RuleEngineOutcome | null | undefined {
    return this.receipts.ruleEngineOutput(workspaceId, receiptId);
  }
}
