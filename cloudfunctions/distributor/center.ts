/**
 * The distributor center (分销中心): the caller's own summary for the profile page. Team sizes
 * are counted, not stored, and the grade is refreshed on the way, so a distributor who just
 * reached an upgrade condition sees the new grade at once rather than after the nightly sweep.
 *
 * Balances (frozen, available, withdrawing, withdrawn) belong to the ledger issue; there is
 * deliberately no `balances` field until they exist, rather than zeros that look real.
 */
import type { CenterOutput } from '../../shared/contracts/distributor';
import { heldGrade, nextGrade } from '../../shared/grades';
import { ok, type Result } from '../../shared/result';
import { isDistributor } from '../../shared/users';
import { progressOf, refreshGradeOf } from '../_lib/grades';
import { loadContext } from './context';
import { applicationView, teamCounts } from './views';

export async function center(openid: string, now: Date): Promise<Result<CenterOutput>> {
  const [{ user, rules, latestApplication }, team] = await Promise.all([loadContext(openid, now), teamCounts(openid)]);
  const refresh = await refreshGradeOf(user, rules, team.directMembers, now);
  // After an upgrade, or when the grade changed under the refresh, the refresh knows the grade now held.
  const moved = refresh.status === 'upgraded' || refresh.status === 'conflict';
  const current = { ...user.distributor, gradeId: moved ? refresh.gradeId : user.distributor.gradeId };
  const grade = heldGrade(rules, current.gradeId);
  const progress = progressOf(user, team.directMembers);
  const next = nextGrade(rules, current, progress);
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
    nextGrade: next ? { id: next.grade.id, name: next.grade.name, conditions: next.conditions } : null,
    application: latestApplication ? applicationView(latestApplication) : null,
  });
}
