/**
 * Reading one user's points for the 积分 page (profile › points) and the merchant (admin ›
 * userPoints): the account and a page of entries, newest first, in two reads at once.
 */
import type { PointsPage } from '@shared/contracts/points';
import { pointsAccountView, pointsEntryView } from '@shared/contracts/points';
import { pointsRulesOf } from '@shared/rules';
import { db, getDoc } from './db';
import { loadRules } from './rules';

export async function pointsPage(userId: string, paging: { limit: number; offset: number }): Promise<PointsPage> {
  const [account, page, rules] = await Promise.all([
    getDoc('pointsAccounts', userId),
    db
      .collection('pointsEntries')
      .where({ userId })
      .orderBy('seq', 'desc')
      .skip(paging.offset)
      .limit(paging.limit + 1)
      .get() as unknown as Promise<{ data: import('@shared/points').PointsEntryDocument[] }>,
    loadRules(),
  ]);
  const points = pointsRulesOf(rules);
  const entries = page.data.slice(0, paging.limit);
  return {
    account: pointsAccountView(account, points.validityMonths),
    entries: entries.map(pointsEntryView),
    nextOffset: page.data.length > paging.limit ? paging.offset + paging.limit : null,
    rules: {
      enabled: points.enabled,
      pointsPerYuan: points.pointsPerYuan,
      earnPerYuan: points.earnPerYuan,
      validityMonths: points.validityMonths,
    },
  };
}
