import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { BranchLinkRecord, BranchLinkRepository } from './db/branch-link-repository.js';
import type { BranchRepository } from './db/branch-repository.js';
import type { IntegrationRecord, IntegrationRepository } from './db/integration-repository.js';
import { invalidData, kangarooError } from './errors.js';
import { FieldErrorList, RULE } from './field-errors.js';
import type { BranchLink, CreateBranchLinkInput, CreateIntegrationInput, Integration } from './schemas/integrations.js';
import { integrationsTime } from './time-format.js';

/** The sandbox's wording for the branch-link rules Kangaroo states but whose errors it does not show. */
export const BRANCH_LINK_RULES = {
  notVirtual: 'The selected :attribute is not a virtual branch; an integration can only be linked to a virtual branch.',
  storeDomainRequired: 'The :attribute field is required when the integration is an e-commerce integration.',
  disabled: 'The selected :attribute is disabled.',
} as const;

export function integrationView(integration: IntegrationRecord): Integration {
  return {
    integration_id: integration.id,
    id: integration.id,
    name: integration.name,
    type: integration.type,
    is_ecom: integration.isEcom,
    active: true,
    created_at: integrationsTime(integration.createdAt),
  };
}

export function branchLinkView(link: BranchLinkRecord): BranchLink {
  return {
    id: link.id,
    account_id: link.accountId,
    shop_id: link.shopId,
    store_name: link.storeName,
    store_domain: link.storeDomain,
    integration_id: link.integrationId,
    branch_id: link.branchId,
    created_at: integrationsTime(link.createdAt),
    enabled: link.enabled,
  };
}

/**
 * Integrations and their branch links (the seed tutorial), and the check every call keyed by
 * branch_link_id starts with. Rules that need the database answer 422 like Laravel's `exists`
 * and `unique`, every failing field at once.
 */
export class IntegrationDesk {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly integrations: IntegrationRepository,
    private readonly branchLinks: BranchLinkRepository,
    private readonly branches: BranchRepository,
  ) {}

  /** POST /integrations. */
  createIntegration(workspaceId: string, input: CreateIntegrationInput): Integration {
    return writeTransaction(this.db, () => {
      const record = this.integrations.insert(
        workspaceId,
        { name: input.name, type: input.type, isEcom: input.is_ecom ?? false },
        this.clock.now(workspaceId),
      );
      return integrationView(record);
    });
  }

  /**
   * POST /branch-links. A shop is linked once per integration, to a virtual branch; an e-commerce
   * integration (sandbox: one created with is_ecom true) needs the store's domain.
   */
  linkBranch(workspaceId: string, input: CreateBranchLinkInput): BranchLink {
    return writeTransaction(this.db, () => {
      const errors = new FieldErrorList();
      const integration = this.integrations.find(workspaceId, input.integration_id);
      if (!integration) errors.add('integration_id', RULE.selected);
      const branch = this.branches.find(workspaceId, input.branch_id);
      if (!branch) errors.add('branch_id', RULE.selected);
      else if (!branch.virtual) errors.add('branch_id', BRANCH_LINK_RULES.notVirtual);
      const storeDomain = input.store_domain ?? null;
      if (integration?.isEcom && storeDomain === null) errors.add('store_domain', BRANCH_LINK_RULES.storeDomainRequired);
      if (integration && this.branchLinks.findByShop(workspaceId, integration.id, input.shop_id)) errors.add('shop_id', RULE.taken);
      if (!errors.empty || !integration || !branch) throw invalidData(errors.toJSON());
      const link = this.branchLinks.insert(
        workspaceId,
        {
          integrationId: integration.id,
          branchId: branch.id,
          accountId: input.account_id,
          shopId: input.shop_id,
          storeName: input.store_name ?? null,
          storeDomain,
        },
        this.clock.now(workspaceId),
      );
      return branchLinkView(link);
    });
  }

  /** GET /integrations/{id}/branch-links; 404 for an integration the workspace does not have. */
  branchLinksOf(workspaceId: string, integrationId: number): { data: BranchLink[] } {
    if (!this.integrations.find(workspaceId, integrationId)) throw kangarooError('integration_not_found');
    return { data: this.branchLinks.ofIntegration(workspaceId, integrationId).map(branchLinkView) };
  }

  /** Every branch link of the workspace, as the API shows them (the dashboard). */
  allBranchLinks(workspaceId: string, limit: number): BranchLink[] {
    return this.branchLinks.list(workspaceId, limit).map(branchLinkView);
  }

  /** For the admin API (Kangaroo has no documented call for it); undefined for an unknown link. */
  setBranchLinkEnabled(workspaceId: string, branchLinkId: number, enabled: boolean): BranchLink | undefined {
    const link = writeTransaction(this.db, () => this.branchLinks.setEnabled(workspaceId, branchLinkId, enabled));
    return link && branchLinkView(link);
  }

  /** The enabled link a keyed call names, or its field error added to `errors`. */
  checkBranchLink(workspaceId: string, branchLinkId: number, errors: FieldErrorList): BranchLinkRecord | undefined {
    const link = this.branchLinks.find(workspaceId, branchLinkId);
    if (!link) errors.add('branch_link_id', RULE.selected);
    else if (!link.enabled) errors.add('branch_link_id', BRANCH_LINK_RULES.disabled);
    return link?.enabled ? link : undefined;
  }

  /** The enabled link a keyed read names; 422 otherwise. */
  requireBranchLink(workspaceId: string, branchLinkId: number): BranchLinkRecord {
    const errors = new FieldErrorList();
    const link = this.checkBranchLink(workspaceId, branchLinkId, errors);
    if (!link) throw invalidData(errors.toJSON());
    return link;
  }
}
