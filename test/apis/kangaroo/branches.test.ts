import { beforeEach, describe, expect, it } from 'vitest';
import { kangarooWorld, ORDINARY_BRANCH_ID, VIRTUAL_BRANCH_ID, type KangarooWorld } from './world.js';

let world: KangarooWorld;
beforeEach(() => {
  world = kangarooWorld();
});

describe('GET /branches', () => {
  it('lists the demo business\'s virtual and ordinary branch, with virtual_branch_flag', () => {
    const list = world.services.branches.list('demo', {});
    expect(list.data.map((b) => [b.id, b.virtual_branch_flag])).toEqual([
      [VIRTUAL_BRANCH_ID, true],
      [ORDINARY_BRANCH_ID, false],
    ]);
    expect(list.data[1]).toEqual({
      id: ORDINARY_BRANCH_ID,
      name: 'Demo Business — Downtown',
      web_site: null,
      virtual_branch_flag: false,
      is_ecom: false,
      address: {
        formatted: '1060 Boulevard Robert-Bourassa, Montreal, Quebec, Canada',
        street: '1060 Boulevard Robert-Bourassa',
        city: 'Montreal',
        region: 'Quebec',
        country: 'Canada',
        lat: 45.485169,
        long: -73.580989,
      },
    });
    expect(list.cursor).toEqual({ count: 2, next: null, next_uri: null });
    expect(list.meta).toEqual({ total: 2 });
  });

  it('pages with page and per_page', () => {
    const first = world.services.branches.list('demo', { per_page: 1 });
    expect(first.data.map((b) => b.id)).toEqual([VIRTUAL_BRANCH_ID]);
    expect(first.cursor).toEqual({ count: 1, next: 2, next_uri: '/branches?page=2&per_page=1' });
    const second = world.services.branches.list('demo', { page: 2, per_page: 1 });
    expect(second.data.map((b) => b.id)).toEqual([ORDINARY_BRANCH_ID]);
    expect(second.cursor.next).toBeNull();
    expect(world.services.branches.list('demo', { page: 3, per_page: 1 })).toMatchObject({ data: [], cursor: { count: 0, next: null }, meta: { total: 2 } });
  });
});
