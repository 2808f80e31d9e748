/**
 * Reading one user's points for the 积分 page (profile › points) and the merchant (admin ›
 * userPoints): the account and a page of entries, newest first, in two reads at once.
 */
import type { PointsPage } from '@shared/contracts/points';
import { pointsAccountView, pointsEntryView } from '@shared/contracts/points';
import type { PointsEntryDocument } from '@shared/points';
import { DEFAULT_RULES, pointsRulesOf } from '@shared/rules';
import { db, getDoc } from './db';
import { RULES_ID } from './rules';

export async function pointsPage(userId: string, paging: { limit: number; offset: number }): Promise<PointsPage> {
  const [account, page, rules] = await Promise.all([
    getDoc('pointsAccounts', userId),
    db
      .collection('pointsEntries')
      .where({ userId })
      .orderBy('seq', 'desc')
      .skip(paging.offset)
      .limit(paging.limit + 1)
      .get() as unknown as Promise<{ data: PointsEntryDocument[] }>,
    // A read route: without stored rules the defaults apply in memory (points off), nothing is stored.
    getDoc('rules', RULES_ID),
  ]);
  const points = pointsRulesOf(rules ?? DEFAULT_RULES);
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
