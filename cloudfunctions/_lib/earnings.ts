/**
 * The ledger figures that more than one function reads inside its own aggregation (the 我的
 * page's profile and the distributor center), written once so the two pages cannot drift apart.
 */
import type { Lookup } from './db';

/** A commission's net earnings as an aggregation expression: shared/earnings.ts netEarnedFen in the database. */
export const NET_FEN = { $subtract: ['$amountFen', { $add: ['$reversedFen', '$clawedBackFen'] }] };

/** A `$lookup` of the caller's account (at most one row) into `as`. */
export function accountLookup(openid: string, as: string): Lookup {
  return { from: 'accounts', pipeline: [{ $match: { _id: openid } }, { $limit: 1 }], as };
}
