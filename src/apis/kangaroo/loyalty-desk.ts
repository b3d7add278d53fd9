import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { ApiError } from '../../lib/api-error.js';
import type { BranchLinkRecord } from './db/branch-link-repository.js';
import type { BusinessRepository } from './db/business-repository.js';
import type { CatalogRepository } from './db/catalog-repository.js';
import type { CustomerRecord, CustomerRepository } from './db/customer-repository.js';
import type { LedgerRepository } from './db/ledger-repository.js';
import type { OfferRepository } from './db/offer-repository.js';
import type { NewTransaction, TransactionRecord, TransactionRepository } from './db/transaction-repository.js';
import { customerView, type CustomerLookup } from './customer-lookup.js';
import { invalidData, kangarooError } from './errors.js';
import { FieldErrorList, RULE, type FieldErrors } from './field-errors.js';
import type { IntegrationDesk } from './integration-desk.js';
import type { LoyaltyEvents } from './loyalty-events.js';
import { MAX_POINTS_BALANCE, pointsForAmount, toCents } from './points-math.js';
import type { CustomerRef, RedemptionInput, SaleInput, Transaction, TransactionInput } from './schemas/loyalty.js';
import {
  planRedemption,
  planTransaction,
  TRANSACTION_RULES,
  TRANSACTION_TYPES,
  type PlanContext,
  type TransactionPlan,
} from './transaction-plans.js';
import { transactionView } from './transaction-views.js';

/** "Only type_id 2 and 4 can be cancelled" (kangaroo-api-shapes.md §7). */
const CANCELLABLE_TYPE_IDS: ReadonlySet<number> = new Set([TRANSACTION_TYPES.offerClaimed.typeId, TRANSACTION_TYPES.reward.typeId]);

interface Extras {
  receiptNumber: string | null;
  externalOrderId: string | null;
  isSale: boolean;
  items?: Transaction['items'];
}

/**
 * The calls keyed by branch_link_id that move points: sales, transactions and redemptions.
 * Each is one write transaction: every field error is collected first (as Laravel validates),
 * then the customer is found or created and the balance moved by a conditional UPDATE that
 * refuses to take it below zero. A refusal rolls everything back, a new customer included.
 */
export class LoyaltyDesk {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly desk: IntegrationDesk,
    private readonly customers: CustomerLookup,
    private readonly customerRows: CustomerRepository,
    private readonly businesses: BusinessRepository,
    private readonly transactions: TransactionRepository,
    private readonly ledger: LedgerRepository,
    private readonly catalog: CatalogRepository,
    private readonly offers: OfferRepository,
    private readonly events: LoyaltyEvents,
  ) {}

  /** POST /sales: an order at the shop, earning points at the business rate; its order id once per link. */
  recordSale(workspaceId: string, input: SaleInput): { data: Transaction } {
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const errors = new FieldErrorList();
      const link = this.desk.checkBranchLink(workspaceId, input.branch_link_id, errors);
      this.customers.check(workspaceId, input.customer, errors);
      const orderId = input.transaction_details.external_order_id;
      if (link && this.transactions.saleExists(workspaceId, link.id, orderId)) {
        errors.add('transaction_details.external_order_id', RULE.taken);
      }
      if (!errors.empty || !link) throw invalidData(errors.toJSON());
      const amountCents = toCents(input.amount);
      const plan: TransactionPlan = {
        intent: 'reward',
        type: TRANSACTION_TYPES.reward,
        amountCents,
        points: pointsForAmount(amountCents, this.context(workspaceId, now).pointsPerCurrencyUnit),
        direction: 1,
        clampToBalance: false,
        visits: null,
        comments: null,
        balanceField: 'amount',
      };
      const items = (input.items ?? []).map((item) => ({ sku: item.sku ?? null, name: item.name, quantity: item.quantity, price: item.price }));
      const extras = { receiptNumber: input.receipt?.number ?? null, externalOrderId: orderId, isSale: true, items };
      return { data: this.commit(workspaceId, now, link, input.customer, plan, extras) };
    });
  }

  /** POST /transactions with one of the modelled intents. */
  createTransaction(workspaceId: string, input: TransactionInput): { data: Transaction } {
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const errors = new FieldErrorList();
      const link = this.desk.checkBranchLink(workspaceId, input.branch_link_id, errors);
      this.customers.check(workspaceId, input.customer, errors);
      const plan = planTransaction(input, this.context(workspaceId, now), errors);
      if (!errors.empty || !link || !plan) throw invalidData(errors.toJSON());
      const extras = {
        receiptNumber: input.receipt?.number ?? null,
        externalOrderId: input.transaction_details?.external_order_id ?? null,
        isSale: false,
      };
      return { data: this.commit(workspaceId, now, link, input.customer, plan, extras) };
    });
  }

  /** POST /redemptions: catalog items or a redeemable offer, paid for in points. */
  redeem(workspaceId: string, input: RedemptionInput): { data: Transaction } {
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const errors = new FieldErrorList();
      const link = this.desk.checkBranchLink(workspaceId, input.branch_link_id, errors);
      this.customers.check(workspaceId, input.customer, errors);
      const plan = planRedemption(input, this.context(workspaceId, now), errors);
      if (!errors.empty || !link || !plan) throw invalidData(errors.toJSON());
      return { data: this.commit(workspaceId, now, link, input.customer, plan, { receiptNumber: null, externalOrderId: null, isSale: false }) };
    });
  }

  /**
   * A body that failed the schema still has its references checked, as Laravel's validator runs
   * every rule at once: a well-formed `branch_link_id` or `customer` that names nothing is added to
   * the shape's field errors, so a 422 lists every failing field together.
   */
  withReferenceErrors(workspaceId: string, raw: unknown, shapeErrors: FieldErrors): FieldErrors {
    const errors = new FieldErrorList();
    for (const [field, messages] of Object.entries(shapeErrors)) for (const message of messages) errors.addMessage(field, message);
    const body = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const failed = Object.keys(shapeErrors);
    const linkId = body.branch_link_id;
    if (!failed.includes('branch_link_id') && typeof linkId === 'number' && Number.isSafeInteger(linkId) && linkId > 0) {
      this.desk.checkBranchLink(workspaceId, linkId, errors);
    }
    const customer = body.customer;
    if (!failed.some((field) => field === 'customer' || field.startsWith('customer.')) && typeof customer === 'object' && customer !== null) {
      this.customers.check(workspaceId, customer as CustomerRef, errors);
    }
    return errors.toJSON();
  }

  private context(workspaceId: string, now: Date): PlanContext {
    const business = this.businesses.find(workspaceId);
    // Tokens exist only in seeded workspaces, and seeding inserts the business first.
    if (!business) throw new Error(`workspace ${workspaceId} has no Kangaroo business`);
    return {
      pointsPerCurrencyUnit: business.pointsPerCurrencyUnit,
      catalogItem: (id) => this.catalog.findActive(workspaceId, id, now),
      offer: (id) => this.offers.findActive(workspaceId, id, now),
    };
  }

  private commit(workspaceId: string, now: Date, link: BranchLinkRecord, ref: CustomerRef, plan: TransactionPlan, extras: Extras): Transaction {
    const customer = this.customers.resolve(workspaceId, ref, now);
    const moved = plan.clampToBalance ? Math.min(plan.points, customer.points) : plan.points;
    const details: Record<string, unknown> = {};
    if (extras.items) details.items = extras.items;
    if (plan.catalogLines) details.catalog_items = plan.catalogLines;
    if (plan.offer) details.offer = plan.offer;
    const entry: NewTransaction = {
      branchLinkId: link.id,
      customerId: customer.id,
      intent: plan.intent,
      typeId: plan.type.typeId,
      name: plan.type.name,
      amountCents: plan.amountCents,
      points: moved,
      visits: plan.visits,
      receiptNumber: extras.receiptNumber,
      externalOrderId: extras.externalOrderId,
      details,
      comments: plan.comments,
      isSale: extras.isSale,
    };
    const delta = plan.direction * moved;
    return this.record(workspaceId, now, entry, customer, delta, (balance) =>
      invalidData({ [plan.balanceField]: [balance + delta < 0 ? TRANSACTION_RULES.insufficient(balance, moved) : TRANSACTION_RULES.overLimit] }),
    );
  }

  /**
   * DELETE /transactions/{id}: as Kangaroo documents, only a Reward (4) or an Offer Claimed (2)
   * can be cancelled, and the customer must still have the points a reward earned. Recorded as a
   * `Transaction Canceled - Clerk` (44) that moves the points back. Racing cancellations: one wins.
   */
  cancel(workspaceId: string, transactionId: number): void {
    writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const original = this.transactions.find(workspaceId, transactionId);
      if (!original) throw kangarooError('transaction_not_found');
      if (!CANCELLABLE_TYPE_IDS.has(original.typeId)) {
        throw kangarooError('bad_request', TRANSACTION_RULES.notCancellable(original.name));
      }
      if (original.cancelledAt !== null || !this.transactions.markCancelled(workspaceId, transactionId, now)) {
        throw kangarooError('bad_request', TRANSACTION_RULES.alreadyCancelled);
      }
      const customer = this.customerRows.find(workspaceId, original.customerId);
      if (!customer) throw new Error(`transaction ${transactionId} names a customer the workspace does not have`);
      const delta = original.typeId === TRANSACTION_TYPES.reward.typeId ? -original.points : original.points;
      const entry: NewTransaction = {
        branchLinkId: original.branchLinkId,
        customerId: original.customerId,
        intent: 'cancel',
        typeId: TRANSACTION_TYPES.cancellation.typeId,
        name: TRANSACTION_TYPES.cancellation.name,
        amountCents: original.amountCents,
        points: original.points,
        visits: null,
        receiptNumber: original.receiptNumber,
        externalOrderId: original.externalOrderId,
        details: {},
        comments: null,
        isSale: false,
        cancelsId: original.id,
      };
      this.record(workspaceId, now, entry, customer, delta, (balance) =>
        kangarooError('bad_request', TRANSACTION_RULES.cannotTakeBack(balance, original.points)),
      );
    });
  }

  /**
   * Inserts the transaction and moves the balance by `delta` with a conditional UPDATE that keeps
   * it within [0, max]; when it would not, `refused` says why (its throw rolls everything back).
   */
  private record(
    workspaceId: string,
    now: Date,
    entry: NewTransaction,
    customer: CustomerRecord,
    delta: number,
    refused: (balance: number) => ApiError,
  ): Transaction {
    const id = this.transactions.insert(workspaceId, entry, now);
    let balance = customer.points;
    if (delta !== 0) {
      const after = this.customerRows.addPoints(workspaceId, customer.id, delta, MAX_POINTS_BALANCE, now);
      if (after === undefined) throw refused(customer.points);
      this.ledger.append(workspaceId, { customerId: customer.id, transactionId: id, delta, balanceAfter: after }, now);
      balance = after;
    }
    const record: TransactionRecord = { ...entry, id, cancelsId: entry.cancelsId ?? null, createdAt: now.toISOString(), cancelledAt: null };
    const transaction = transactionView(record, customerView({ ...customer, points: balance }));
    this.events.recorded(workspaceId, entry.typeId, transaction, now);
    return transaction;
  }
}
