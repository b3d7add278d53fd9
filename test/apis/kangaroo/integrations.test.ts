import { beforeEach, describe, expect, it } from 'vitest';
import { createBranchLinkBody, type CreateBranchLinkInput } from '../../../src/apis/kangaroo/schemas/integrations.js';
import { apiErrorOf, fieldsOf, kangarooWorld, ORDINARY_BRANCH_ID, OTHER_WORKSPACE, VIRTUAL_BRANCH_ID, type KangarooWorld } from './world.js';

let world: KangarooWorld;
beforeEach(() => {
  world = kangarooWorld();
});

const createIntegration = (workspaceId = 'demo', isEcom?: boolean) =>
  world.services.integrations.createIntegration(workspaceId, { name: 'ABC E-commerce', type: 1, ...(isEcom === undefined ? {} : { is_ecom: isEcom }) });

const link = (overrides: Partial<CreateBranchLinkInput> = {}, workspaceId = 'demo') =>
  world.services.integrations.linkBranch(
    workspaceId,
    createBranchLinkBody.parse({ shop_id: '1234', branch_id: VIRTUAL_BRANCH_ID, account_id: 'c36cc9df9', integration_id: 1, ...overrides }),
  );

const linkCount = () => world.db.prepare('SELECT count(*) FROM kangaroo_branch_links').pluck().get();

describe('POST /integrations', () => {
  it('answers with integration_id and id, numbered from 1 per workspace', () => {
    expect(createIntegration()).toEqual({
      integration_id: 1,
      id: 1,
      name: 'ABC E-commerce',
      type: 1,
      is_ecom: false,
      active: true,
      created_at: '2026-03-01T12:00:00Z',
    });
    expect(createIntegration().id).toBe(2);
    expect(createIntegration(OTHER_WORKSPACE).id).toBe(1);
  });

  it('keeps is_ecom when given', () => {
    expect(createIntegration('demo', true).is_ecom).toBe(true);
  });
});

describe('POST /branch-links', () => {
  beforeEach(() => {
    createIntegration();
  });

  it('links a shop to the virtual branch, as in the tutorial', () => {
    expect(link({ store_name: 'Main street', store_domain: 'http://example.com' })).toEqual({
      id: 1,
      account_id: 'c36cc9df9',
      shop_id: '1234',
      store_name: 'Main street',
      store_domain: 'http://example.com',
      integration_id: 1,
      branch_id: VIRTUAL_BRANCH_ID,
      created_at: '2026-03-01T12:00:00Z',
      enabled: true,
    });
  });

  it('accepts the branch id in upper case', () => {
    expect(link({ branch_id: VIRTUAL_BRANCH_ID.toUpperCase() }).branch_id).toBe(VIRTUAL_BRANCH_ID);
  });

  it('answers 422 for an unknown integration', () => {
    expect(fieldsOf(() => link({ integration_id: 99 }))).toEqual({ integration_id: ['The selected integration id is invalid.'] });
  });

  it('answers 422 for an unknown branch', () => {
    expect(fieldsOf(() => link({ branch_id: '0'.repeat(32) }))).toEqual({ branch_id: ['The selected branch id is invalid.'] });
  });

  it('answers 422 for a branch that is not virtual', () => {
    expect(fieldsOf(() => link({ branch_id: ORDINARY_BRANCH_ID }))).toEqual({
      branch_id: ['The selected branch id is not a virtual branch; an integration can only be linked to a virtual branch.'],
    });
  });

  it('answers 422 for a shop already linked within the integration', () => {
    link();
    expect(fieldsOf(() => link({ account_id: 'another' }))).toEqual({ shop_id: ['The shop id has already been taken.'] });
    expect(linkCount()).toBe(1);
  });

  it('lets the same shop id link through another integration', () => {
    link();
    createIntegration();
    expect(link({ integration_id: 2 }).id).toBe(2);
  });

  it('requires store_domain for an e-commerce integration, and only then', () => {
    createIntegration('demo', true);
    expect(fieldsOf(() => link({ integration_id: 2 }))).toEqual({
      store_domain: ['The store domain field is required when the integration is an e-commerce integration.'],
    });
    expect(link({ integration_id: 2, store_domain: 'shop.example.com' }).store_domain).toBe('shop.example.com');
    expect(link({ shop_id: 'pos-1' }).store_domain).toBeNull();
  });

  it('reports every broken rule at once', () => {
    createIntegration('demo', true);
    link({ integration_id: 2, store_domain: 'shop.example.com' });
    expect(Object.keys(fieldsOf(() => link({ integration_id: 2, branch_id: ORDINARY_BRANCH_ID })))).toEqual(['branch_id', 'store_domain', 'shop_id']);
  });

  it('cannot link to another workspace\'s integration or branch ids as its own', () => {
    expect(fieldsOf(() => link({}, OTHER_WORKSPACE))).toEqual({ integration_id: ['The selected integration id is invalid.'] });
  });
});

describe('GET /integrations/{id}/branch-links', () => {
  it('lists the integration\'s links in order', () => {
    createIntegration();
    createIntegration();
    link({ shop_id: 'a' });
    link({ shop_id: 'b', integration_id: 2 });
    link({ shop_id: 'c' });
    const { data } = world.services.integrations.branchLinksOf('demo', 1);
    expect(data.map((l) => [l.id, l.shop_id])).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
  });

  it('answers an empty list for an integration without links', () => {
    createIntegration();
    expect(world.services.integrations.branchLinksOf('demo', 1)).toEqual({ data: [] });
  });

  it('answers 404 for an integration the workspace does not have', () => {
    createIntegration();
    const error = apiErrorOf(() => world.services.integrations.branchLinksOf(OTHER_WORKSPACE, 1));
    expect([error.statusCode, error.code, error.message]).toEqual([404, 'integration_not_found', 'Integration not found']);
  });
});

describe('the enabled flag', () => {
  it('turns a link off and on again', () => {
    createIntegration();
    const { id } = link();
    expect(world.services.integrations.setBranchLinkEnabled('demo', id, false)?.enabled).toBe(false);
    expect(world.services.integrations.branchLinksOf('demo', 1).data[0]?.enabled).toBe(false);
    expect(world.services.integrations.setBranchLinkEnabled('demo', id, true)?.enabled).toBe(true);
  });

  it('answers undefined for a link the workspace does not have', () => {
    createIntegration();
    const { id } = link();
    expect(world.services.integrations.setBranchLinkEnabled(OTHER_WORKSPACE, id, false)).toBeUndefined();
  });
});
