/**
 * Offset paging of the functions' lists (`{ items, nextOffset }`, shared/contracts/order.ts Paging):
 * a list reads `limit + 1` rows from `offset`, and the extra row only says whether a next page exists.
 */

/** A page of `limit` items from a read of `limit + 1`: the extra one only says there is more. */
export function pageOf<T>(rows: T[], offset: number, limit: number): { items: T[]; nextOffset: number | null } {
  return { items: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : null };
}
