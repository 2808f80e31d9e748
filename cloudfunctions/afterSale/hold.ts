/**
 * The request's side of the release hold (docs/rules.md section 6, Held). A commission whose line
 * gets an after-sale request must not be released while the request is open, and a request and
 * a release batch claiming the same commission at the same moment must not both win. So the
 * request's transaction writes `heldBy` on every frozen commission of the requested lines: the
 * release claims only commissions without a live `heldBy`, and of the two writes to the same
 * document one waits for or conflicts with the other (CloudBase transactions lock what they
 * write). A commission already claimed by a batch (`releasing`) refuses the request for a moment
 * (BUSY): the batch finishes within seconds, after which the request is taken and its refund
 * claws the released amount back, as for any refund after release.
 */
import type { CommissionDocument } from '@shared/ledger';
import { findWhere } from '../_lib/db';
import type { Tx } from '../_lib/tx';

/** An order has at most 50 lines of 3 levels each. */
const MAX_ORDER_COMMISSIONS = 1_000;

export async function holdCommissions(
  tx: Tx,
  orderId: string,
  lineIndexes: readonly number[],
  afterSaleId: string,
  now: Date,
): Promise<'held' | 'releasing'> {
  const lines = new Set(lineIndexes);
  // Read after the transaction's snapshot began (its first read is the order): a claim that
  // committed before this read shows as releasing, and one after it makes the writes below conflict.
  const commissions: CommissionDocument[] = (
    await findWhere('commissions', { orderId }, { limit: MAX_ORDER_COMMISSIONS })
  ).filter((commission) => lines.has(commission.lineIndex));
  if (commissions.some((commission) => commission.status === 'releasing')) return 'releasing';
  for (const commission of commissions)
    if (commission.status === 'frozen')
      await tx.update('commissions', commission._id, { heldBy: afterSaleId, updatedAt: now });
  return 'held';
}
