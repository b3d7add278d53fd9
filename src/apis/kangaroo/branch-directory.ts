import type { BranchRecord, BranchRepository } from './db/branch-repository.js';
import { pageBlocks, pageWindow } from './pagination.js';
import type { Branch, BranchList } from './schemas/branches.js';
import type { PaginationQuery } from './schemas/common.js';

export function branchView(branch: BranchRecord): Branch {
  return {
    id: branch.id,
    name: branch.name,
    web_site: branch.webSite,
    virtual_branch_flag: branch.virtual,
    is_ecom: branch.isEcom,
    address: branch.address,
  };
}

/** GET /branches: the business's branches, virtual and physical, paged. */
export class BranchDirectory {
  constructor(private readonly branches: BranchRepository) {}

  list(workspaceId: string, query: PaginationQuery): BranchList {
    const window = pageWindow(query);
    const data = this.branches.page(workspaceId, window.perPage, window.offset).map(branchView);
    return { data, ...pageBlocks('/branches', {}, window, data.length, this.branches.count(workspaceId)) };
  }
}
