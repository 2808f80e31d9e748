/**
 * The merchant's view of reconciliation with WeChat Pay (docs/reconciliation.md):
 * `reconciliationDay` reads a day's document; `runReconciliation` reconciles a day again now,
 * with the use case the reconcilePayments timer runs (not by calling the timer, which only its
 * trigger may start). Contracts: ADMIN_RECONCILIATION_CONTRACTS, part of ADMIN_CONTRACTS.
 */
import type { AdminError } from '@shared/contracts/admin';
import type { ADMIN_RECONCILIATION_CONTRACTS } from '@shared/contracts/reconciliation';
import { chinaDay } from '@shared/chinaTime';
import { dayIsOver, reconciliationId, type ReconciliationDocument } from '@shared/reconciliation';
import { fail, ok } from '@shared/result';
import { getDoc } from '../_lib/db';
import { PaymentSettingsMissing, reconcileDay } from '../_lib/reconciliation/run';
import type { Handlers } from '../_lib/router';
import { startBudget } from '../_lib/timer';

/** The admin function runs for 20 s at most (its config.json); single queries stop after 8, leaving time to write. */
const RUN_BUDGET_MS = 8_000;

function view({ _id: _ignored, ranAt, ...rest }: ReconciliationDocument) {
  return { ...rest, ranAt: ranAt.toISOString() };
}

/** The reconciliation routes of the admin function's route table (cloudfunctions/admin/index.ts). */
export const RECONCILIATION_HANDLERS: Handlers<typeof ADMIN_RECONCILIATION_CONTRACTS, AdminError> = {
  reconciliationDay: async ({ day }) => {
    const doc = await getDoc('reconciliations', reconciliationId(day));
    return ok({ reconciliation: doc ? view(doc) : null });
  },
  runReconciliation: async ({ day }, { now }) => {
    if (!dayIsOver(day, chinaDay(now)))
      return fail('DAY_NOT_OVER', `${day} is not over yet: WeChat Pay makes its bill the next morning`);
    try {
      return ok({ reconciliation: view(await reconcileDay(day, startBudget(RUN_BUDGET_MS), now)) });
    } catch (error) {
      if (error instanceof PaymentSettingsMissing) return fail('PAYMENT_UNAVAILABLE', error.message);
      throw error;
    }
  },
};
