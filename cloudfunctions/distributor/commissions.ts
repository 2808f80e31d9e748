/**
 * The caller's commissions (佣金明细): a page, newest first, optionally of one status, and one
 * commission by id. Every record explains itself (shared/commissionExplain.ts). Only ever the
 * caller's own: the query is on `beneficiaryId` = the caller, and someone else's id answers
 * NOT_FOUND exactly like an id that does not exist, so ids cannot be probed.
 *
 * Round trips: the page (1), then its orders and its holds in parallel (2).
 */
import type { CommissionOutput, CommissionsOutput, CommissionViewStatus } from '@shared/contracts/distributorLedger';
import type { CommissionDocument } from '@shared/ledger';
import { fail, ok, type Result } from '@shared/result';
import { _, aggregateList, findWhere, getDoc } from '../_lib/db';
import { explainPage, withHolds } from './ledgerReads';
import type { DistributorError } from '@shared/contracts/distributor';

/** Frozen and held differ only by an open after-sale, which the database tells by a join before paging. */
async function frozenPage(openid: string, held: boolean, skip: number, limit: number): Promise<CommissionDocument[]> {
  return aggregateList<CommissionDocument>('commissions', (pipeline) => {
    const joined = withHolds(pipeline.match({ beneficiaryId: openid, status: 'frozen' }));
    const filtered = joined.match(held ? { 'holds.0': _.exists(true) } : { holds: _.size(0) });
    const sorted = filtered.sort({ createdAt: -1, _id: -1 });
    return (skip > 0 ? sorted.skip(skip) : sorted).limit(limit).project({ holds: 0 });
  });
}

function commissionPage(
  openid: string,
  status: CommissionViewStatus | undefined,
  skip: number,
  limit: number,
): Promise<CommissionDocument[]> {
  if (status === 'frozen' || status === 'held') return frozenPage(openid, status === 'held', skip, limit);
  const where = status ? { beneficiaryId: openid, status } : { beneficiaryId: openid };
  return findWhere('commissions', where, {
    orderBy: [
      ['createdAt', 'desc'],
      ['_id', 'desc'],
    ],
    skip,
    limit,
  });
}

export async function commissions(
  openid: string,
  page: number,
  pageSize: number,
  status: CommissionViewStatus | undefined,
  now: Date,
): Promise<Result<CommissionsOutput, DistributorError>> {
  // One more than a page tells whether another page follows, without a count.
  const docs = await commissionPage(openid, status, (page - 1) * pageSize, pageSize + 1);
  const views = await explainPage(docs.slice(0, pageSize), now);
  return ok({ commissions: views, page, pageSize, hasMore: docs.length > pageSize });
}

export async function commission(
  openid: string,
  id: string,
  now: Date,
): Promise<Result<CommissionOutput, DistributorError>> {
  const doc = await getDoc('commissions', id);
  if (!doc || doc.beneficiaryId !== openid) return fail('NOT_FOUND', '没有找到这笔佣金');
  const [view] = await explainPage([doc], now);
  return ok({ commission: view as CommissionOutput['commission'] });
}
