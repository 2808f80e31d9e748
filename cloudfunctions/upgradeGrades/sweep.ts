/**
 * The nightly grade sweep: refreshes the grade of every distributor, page by page in `_id`
 * order. The position is kept in the `system` document `upgradeGrades` after every page, so a
 * run that stops (its time budget, a crash, the platform's timeout) is continued by the next
 * run from where it was; the pass then starts again from the beginning. refreshGradeOf is
 * idempotent, so a page done twice changes nothing.
 */
import type { UpgradeGradesOutput } from '@shared/contracts/timers';
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { _, aggregateList, findWhere, getDoc, setDoc } from '../_lib/db';
import { refreshGradeOf } from '../_lib/grades';
import { loadRules } from '../_lib/rules';

/** `_id` of the sweep's position (GradeSweepState in shared/system.ts) in collection `system`. */
export const SWEEP_STATE_ID = 'upgradeGrades';

export interface SweepLimits {
  /** Users per page. */
  pageSize: number;
  /** Pages per run at most. */
  maxPages: number;
  /** No new page starts after this many milliseconds of the run. */
  budgetMs: number;
}

/** `done` is true when this run reached the last distributor (the next run starts a new pass). */
export type SweepReport = UpgradeGradesOutput;

/** Distributors whose grade may move automatically: approved (and `none` under everyone), not set by hand. */
function sweepable(rules: Rules, cursor: string | null): object {
  const statuses = rules.recruitment === 'everyone' ? ['approved', 'none'] : ['approved'];
  const where: Record<string, unknown> = { 'distributor.status': _.in(statuses), 'distributor.gradeSetByAdmin': false };
  if (cursor !== null) where._id = _.gt(cursor);
  return where;
}

/** Direct invitees of a whole page in one aggregation (instead of one count per user). */
async function directInviteesOf(ids: string[]): Promise<Map<string, number>> {
  const rows = await aggregateList<{ _id: string; n: number }>('users', (pipeline) =>
    pipeline
      .match({ 'ancestors.0': _.in(ids) })
      .group({ _id: { $arrayElemAt: ['$ancestors', 0] }, n: { $sum: 1 } })
      .limit(ids.length),
  );
  return new Map(rows.map((row) => [row._id, row.n]));
}

async function sweepPage(users: UserDocument[], rules: Rules, now: Date, report: SweepReport): Promise<void> {
  const invitees = await directInviteesOf(users.map((user) => user._id));
  for (const user of users) {
    const outcome = await refreshGradeOf(user, rules, invitees.get(user._id) ?? 0, now);
    report.scanned += 1;
    if (outcome.status === 'upgraded') report.upgraded += 1;
    if (outcome.status === 'conflict') report.conflicts += 1;
  }
}

export async function sweep(limits: SweepLimits, now: Date, elapsedMs: () => number): Promise<SweepReport> {
  const [rules, state] = await Promise.all([loadRules(), getDoc('system', SWEEP_STATE_ID)]);
  const report: SweepReport = {
    scanned: 0,
    upgraded: 0,
    conflicts: 0,
    done: false,
    failed: 0,
    cursor: state?.cursor ?? null,
  };
  let passesCompleted = state?.passesCompleted ?? 0;
  for (let page = 0; page < limits.maxPages && elapsedMs() < limits.budgetMs; page += 1) {
    const users = await findWhere('users', sweepable(rules, report.cursor), {
      orderBy: [['_id', 'asc']],
      limit: limits.pageSize,
    });
    if (users.length > 0) await sweepPage(users, rules, now, report);
    report.done = users.length < limits.pageSize;
    report.cursor = report.done ? null : (users[users.length - 1] as UserDocument)._id;
    if (report.done) passesCompleted += 1;
    await setDoc('system', SWEEP_STATE_ID, { cursor: report.cursor, passesCompleted, updatedAt: now });
    if (report.done) break;
  }
  return report;
}
