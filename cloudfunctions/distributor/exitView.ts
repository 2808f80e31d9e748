/**
 * What the distributor center shows about exit (docs/team.md section 4): before leaving, what the
 * rules make of it (the confirmation states it); after, the latest exit record. One document
 * read, and only for a user who has exited.
 */
import type { CenterExitView } from '@shared/contracts/distributorTeam';
import { exitId, exitRulesOf, rejoinRefusal } from '@shared/exit';
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { getDoc } from '../_lib/db';

export async function centerExitView(user: UserDocument, rules: Rules, now: Date): Promise<CenterExitView> {
  const exitRules = exitRulesOf(rules);
  const count = user.distributor.exitCount ?? 0;
  const record =
    user.distributor.status === 'exited' && count > 0
      ? await getDoc('distributorExits', exitId(user._id, count))
      : null;
  const refusal = record ? rejoinRefusal(exitRules, record.exitedAt, now) : null;
  return {
    frozenOnExit: exitRules.frozenOnExit,
    rejoin: exitRules.rejoin.kind,
    rejoinDays: exitRules.rejoin.kind === 'afterDays' ? exitRules.rejoin.days : null,
    record: record
      ? {
          exitedAt: record.exitedAt.toISOString(),
          by: record.by,
          reason: record.reason,
          frozenOnExit: record.frozenOnExit,
          forfeitedFen: record.forfeitedFen,
          handoverStatus: record.handover.status,
          rejoinFrom: refusal?.notBefore ? refusal.notBefore.toISOString() : null,
        }
      : null,
  };
}
