/**
 * The distributor center (分销中心): the caller's own summary for the profile page, in one call.
 * Team sizes are counted, not stored, and the grade is refreshed on the way, so a distributor who
 * just reached an upgrade condition sees the new grade at once rather than after the nightly sweep.
 *
 * Ledger figures (balances, earnings, counts, the 30-day chart) come with the same aggregation as
 * the context (centerLedger.ts), and the held count with one more run in parallel: 2 round trips,
 * whatever the caller's history, plus 2 writes when the grade moves up.
 */
import type { CenterOutput } from '@shared/contracts/distributor';
import { earningsWindow } from '@shared/earnings';
import { heldGrade, nextGrade, type ConditionProgress } from '@shared/grades';
import { ok, type Result } from '@shared/result';
import { teamBonusRulesOf, type Rules } from '@shared/rules';
import { periodOf, periodRange, teamBonusProgress } from '@shared/teamBonus';
import { isDistributor, type UserDocument } from '@shared/users';
import { aggregateList } from '../_lib/db';
import { progressOf, refreshGradeOf } from '../_lib/grades';
import { teamSalesOf } from '../_lib/teamSales';
import { heldCount, LEDGER_JOIN_FIELDS, ledgerFigures, withLedger, type LedgerJoins } from './centerLedger';
import { contextFromRow, firstContext, withContext, type ContextRow, type DistributorContext } from './context';
import { centerExitView } from './exitView';
import { applicationView, teamCounts } from './views';
import type { TeamCounts } from '@shared/contracts/distributor';
import type { DistributorError } from '@shared/contracts/distributor';

interface CenterRead {
  context: DistributorContext;
  team: TeamCounts;
  joins: LedgerJoins | null;
}

async function readCenter(openid: string, now: Date, window: ReturnType<typeof earningsWindow>): Promise<CenterRead> {
  const [row] = await aggregateList<ContextRow & LedgerJoins>('users', (pipeline) =>
    withLedger(withContext(pipeline, openid), openid, window).limit(1),
  );
  if (!row) {
    // A caller seen for the first time has no user document, hence no ledger yet: nobody could
    // have earned them commission (beneficiaries are distributors, who have user documents).
    const context = await firstContext(openid, now);
    return { context, team: await teamCounts(openid), joins: null };
  }
  const contextRow = { ...row } as Record<string, unknown>;
  for (const field of LEDGER_JOIN_FIELDS) delete contextRow[field];
  const size = (rows: Array<{ n: number }>): number => rows[0]?.n ?? 0;
  const team = { directMembers: size(row.team0), level2Members: size(row.team1), level3Members: size(row.team2) };
  return { context: await contextFromRow(openid, contextRow as unknown as ContextRow), team, joins: row };
}

/** What a condition still lacks, from the same figures the nightly upgrade sweep decides on. */
const withRemaining = (condition: ConditionProgress): ConditionProgress & { remaining: number } => ({
  ...condition,
  remaining: Math.max(0, condition.target - condition.current),
});

/**
 * This month's team bonus progress for the center's card: one aggregation, run beside the grade
 * refresh, only while the shop pays a team bonus and the caller is a distributor.
 */
async function teamBonusCard(openid: string, user: UserDocument, rules: Rules, now: Date) {
  const bonusRules = teamBonusRulesOf(rules);
  if (!bonusRules.enabled || !isDistributor(user, rules)) return null;
  const sales = await teamSalesOf(openid, periodRange(periodOf(now)));
  return teamBonusProgress(bonusRules, sales.teamSalesFen);
}

export async function center(openid: string, now: Date): Promise<Result<CenterOutput, DistributorError>> {
  const window = earningsWindow(now);
  const [{ context, team, joins }, held] = await Promise.all([readCenter(openid, now, window), heldCount(openid)]);
  const { user, rules, latestApplication } = context;
  const [refresh, teamBonus] = await Promise.all([
    refreshGradeOf(user, rules, team.directMembers, now),
    teamBonusCard(openid, user, rules, now),
  ]);
  // After an upgrade, or when the grade changed under the refresh, the refresh knows the grade now held.
  const moved = refresh.status === 'upgraded' || refresh.status === 'conflict';
  const current = { ...user.distributor, gradeId: moved ? refresh.gradeId : user.distributor.gradeId };
  const grade = heldGrade(rules, current.gradeId);
  const progress = progressOf(user, team.directMembers);
  const next = nextGrade(rules, current, progress);
  const exit = await centerExitView(user, rules, now);
  return ok({
    status: user.distributor.status,
    isDistributor: isDistributor(user, rules),
    recruitment: rules.recruitment,
    shareCode: user.shareCode,
    levels: rules.levels,
    grade: { id: grade.id, name: grade.name, rank: grade.rank, ratesBp: grade.ratesBp.slice(0, rules.levels) },
    autoUpgrade: !user.distributor.gradeSetByAdmin,
    upgraded: refresh.change ? { fromGradeId: refresh.change.fromGradeId, toGradeId: refresh.change.toGradeId } : null,
    team,
    progress,
    nextGrade: next
      ? { id: next.grade.id, name: next.grade.name, conditions: next.conditions.map(withRemaining) }
      : null,
    application: latestApplication ? applicationView(latestApplication) : null,
    ...ledgerFigures(joins, held, window, now, rules),
    exit,
    teamBonus,
  });
}
