/**
 * A distributor leaves on their own (docs/rules.md section 2: approved → exited by self). Under
 * `everyone` every user with status `none` is a distributor, so they may exit too. One
 * conditional update on the from-state; a replay finds the user exited and answers the same.
 */
import type { ExitOutput } from '@shared/contracts/distributor';
import { ok, type Result } from '@shared/result';
import type { DistributorStatus } from '@shared/users';
import { updateWhere } from '../_lib/db';
import { loadContext } from './context';
import { refuse } from './views';
import type { DistributorError } from '@shared/contracts/distributor';

export async function exitDistribution(openid: string, now: Date): Promise<Result<ExitOutput, DistributorError>> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { user, rules } = await loadContext(openid, now);
    const status = user.distributor.status;
    if (status === 'exited') return ok({ distributorStatus: 'exited' });
    if (status === 'disabled') return refuse('DISABLED');
    const from: DistributorStatus | null =
      status === 'approved' || (status === 'none' && rules.recruitment === 'everyone') ? status : null;
    if (!from) return refuse('NOT_DISTRIBUTOR');
    const updated = await updateWhere(
      'users',
      { _id: openid, 'distributor.status': from },
      { 'distributor.status': 'exited' },
    );
    if (updated === 1) return ok({ distributorStatus: 'exited' });
  }
  return refuse('CONFLICT');
}
