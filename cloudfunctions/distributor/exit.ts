/**
 * A distributor leaves on their own (退出推广, docs/rules.md section 2: approved → exited by self;
 * docs/team.md section 4). Under `everyone` every user with status `none` is a distributor, so
 * they may exit too. The status change, the exit record and (under the rule `forfeit`) the
 * forfeit of the frozen commission are one transaction (_lib/exit.ts); then the first page of the
 * team is handed to the upline (_lib/handover.ts). A replay finds the user exited, continues a
 * hand-over a crash left pending, and answers the same.
 */
import type { DistributorError, ExitOutput } from '@shared/contracts/distributor';
import { ok, type Result } from '@shared/result';
import { endDistributorship } from '../_lib/exit';
import { runHandover } from '../_lib/handover';
import { BUSY } from '../_lib/tx';
import { loadContext } from './context';
import { refuse } from './views';

export async function exitDistribution(openid: string, now: Date): Promise<Result<ExitOutput, DistributorError>> {
  const { rules } = await loadContext(openid, now);
  const outcome = await endDistributorship({
    userId: openid,
    by: 'self',
    adminId: null,
    reason: null,
    allowedFrom: (status) => status === 'approved' || (status === 'none' && rules.recruitment === 'everyone'),
    now,
  });
  if (outcome === BUSY) return refuse('CONFLICT');
  if (outcome.kind === 'refused') return refuse(outcome.from === 'disabled' ? 'DISABLED' : 'NOT_DISTRIBUTOR');
  if (outcome.kind === 'missing') return refuse('NOT_DISTRIBUTOR');
  if (outcome.exit && outcome.exit.handover.status === 'pending') await runHandover(outcome.exit._id, now);
  return ok({ distributorStatus: 'exited' });
}
