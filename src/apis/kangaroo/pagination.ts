import { DEFAULT_PER_PAGE, type PaginationQuery } from './schemas/common.js';

export interface PageWindow {
  page: number;
  perPage: number;
  offset: number;
}

export function pageWindow(query: PaginationQuery): PageWindow {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { page, perPage, offset: (page - 1) * perPage };
}

/**
 * The `cursor` and `meta` blocks of Kangaroo's core collections, for a list at `path` (relative to
 * the API root, as Kangaroo's `next_uri` is) with the query parameters it was asked with.
 */
export function pageBlocks(path: string, params: Record<string, string | number>, window: PageWindow, count: number, total: number) {
  const hasNext = window.offset + count < total;
  const next = hasNext ? window.page + 1 : null;
  const query = new URLSearchParams(
    Object.entries({ ...params, page: next ?? window.page, per_page: window.perPage }).map(([key, value]): [string, string] => [key, String(value)]),
  );
  return {
    cursor: { count, next, next_uri: next === null ? null : `${path}?${query.toString()}` },
    meta: { total },
  };
}
