import { writeTransaction, type Database } from '../../db/database.js';
import { tenantAuthentication } from './auth/token-format.js';
import type { Tenant, TenantRepository } from './db/tenant-repository.js';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from './review/automated-review.js';

export interface TenantChanges {
  name?: string | undefined;
  timeZone?: string | undefined;
  maxReceiptAgeDays?: number | undefined;
}

/**
 * A workspace's WLL tenant: the settings the automated reviewer reads (timezone, maximum
 * receipt age), changed through the admin API since the docs give tenants no settings call.
 */
export class Tenants {
  constructor(
    private readonly db: Database,
    private readonly repository: TenantRepository,
  ) {}

  /** The reviewer's settings; the defaults for a workspace deleted while its request was in flight. */
  settings(workspaceId: string): TenantSettings {
    const tenant = this.repository.find(workspaceId);
    return tenant ? { timeZone: tenant.timeZone, maxReceiptAgeDays: tenant.maxReceiptAgeDays } : DEFAULT_TENANT_SETTINGS;
  }

  find(workspaceId: string): Tenant | undefined {
    return this.repository.find(workspaceId);
  }

  /** The tenant after the change; undefined when the workspace has none. */
  update(workspaceId: string, changes: TenantChanges): Tenant | undefined {
    return writeTransaction(this.db, () => {
      const tenant = this.repository.find(workspaceId);
      if (!tenant) return undefined;
      const changed = {
        ...tenant,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.timeZone !== undefined && { timeZone: changes.timeZone }),
        ...(changes.maxReceiptAgeDays !== undefined && { maxReceiptAgeDays: changes.maxReceiptAgeDays }),
      };
      this.repository.update(workspaceId, changed);
      return changed;
    });
  }

  /**
   * `tenant` as the rule-set creation response shows it. Sandbox-defined where the docs show a
   * real tenant: `id` is the workspace, `authentication` the sandbox's token issuer, and `key`
   * (the API key) is left out — the sandbox keeps only its hash.
   */
  view(workspaceId: string, wllBaseUrl: string) {
    const tenant = this.repository.find(workspaceId);
    return {
      id: workspaceId,
      name: tenant?.name ?? workspaceId,
      slug: tenant?.slug ?? workspaceId,
      authentication: tenantAuthentication(workspaceId, wllBaseUrl),
      eventSecrets: {},
      configuration: {
        timezone: tenant?.timeZone ?? DEFAULT_TENANT_SETTINGS.timeZone,
        maxReceiptAgeDays: tenant?.maxReceiptAgeDays ?? DEFAULT_TENANT_SETTINGS.maxReceiptAgeDays,
      },
    };
  }
}
