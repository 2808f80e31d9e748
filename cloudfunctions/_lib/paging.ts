/**
 * Offset paging of the functions' lists (`{ items, nextOffset }`, the `Paging` of the contracts):
 * a list reads `limit + 1` rows from `offset`, and the extra row only says whether a next page exists.
 */
import type { CollectionName, Documents } from '@shared/collections';
import { findWhere } from './db';

/** A page of `limit` items from a read of `limit + 1`: the extra one only says there is more. */
export function pageOf<T>(rows: T[], offset: number, limit: number): { items: T[]; nextOffset: number | null } {
  return { items: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null };
}

/**
 * One page of the documents matching `where`, newest first (`createdAt`, then `_id` so that equal
 * times keep one order across pages): the order every list of a shopper's, distributor's or the
 * admin's own records uses, served by the collections' `createdAt` indexes.
 */
export async function newestFirstPage<C extends CollectionName>(
  collection: C,
  where: object,
  page: { offset: number; limit: number },
): Promise<{ items: Array<Documents[C]>; nextOffset: number | null }> {
  const rows = await findWhere(collection, where, {
    orderBy: [
      ['createdAt', 'desc'],
      ['_id', 'desc'],
    ],
    skip: page.offset,
    limit: page.limit + 1,
  });
  return pageOf(rows, page.offset, page.limit);
}
