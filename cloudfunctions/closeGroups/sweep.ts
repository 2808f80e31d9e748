/**
 * closeGroups' run, two passes over the groups collection (index idx_status_expires):
 *
 * - fail: groups still `forming` past their expiresAt → `failed` (the `fail` transition,
 *   conditional on forming and on expiresAt having passed, so a member's payment that fills the
 *   group at the same moment and this run cannot both win);
 * - settle: failed groups not yet `settled`: each member's order is settled on its own. A paid
 *   order is refunded in full (_lib/orders/groupRefund.ts, exactly once per order whatever runs
 *   at the same time); an unpaid one is closed GROUP_FAILED with the unpaid closer's steps (when
 *   the platform already has its money, the payment is applied and the order is refunded on the
 *   next run). The group is marked settled, conditional on the version it was read with, only
 *   once every member's order is closed or its refund accepted; a payment arriving later moves
 *   the version and unsettles it, so that member is refunded too.
 *
 * Two runs at once (or a run after a crash) repeat nothing: every step is conditional or keyed.
 */
import type { CloseGroupsOutput } from '@shared/contracts/timers';
import { GROUP_MACHINE, type GroupDocument } from '@shared/groupBuy';
import type { OrderDocument } from '@shared/orders';
import { _, findWhere, updateWhere } from '../_lib/db';
import { applyConfirmedPayment } from '../_lib/orders/applyPayment';
import { closeUnpaidOrder } from '../_lib/orders/close';
import { refundGroupOrder } from '../_lib/orders/groupRefund';
import { getOrder } from '../_lib/orders/store';
import { subMerchantId } from '../_lib/refunds';
import type { TimerBudget } from '../_lib/timer';
import { transition } from '../_lib/transitions';

type Report = CloseGroupsOutput;

async function failExpired(pageSize: number, budget: TimerBudget, now: Date, report: Report): Promise<boolean> {
  const due = await findWhere('groups', { status: 'forming', expiresAt: _.lte(now) }, { limit: pageSize });
  for (const group of due) {
    if (!budget.left()) return false;
    const failed = await transition(
      GROUP_MACHINE,
      'fail',
      { _id: group._id, expiresAt: _.lte(now) },
      { failedAt: now, settled: false, version: _.inc(1), updatedAt: now },
    );
    report.expired += failed;
  }
  return due.length < pageSize;
}

/** One member's order of a failed group: true once it is closed or its refund accepted. */
async function settleMember(
  subMchId: string | null,
  order: OrderDocument,
  now: Date,
  report: Report,
): Promise<boolean> {
  if (order.status === 'closed') return true;
  if (order.status === 'pending_payment') {
    const outcome = await closeUnpaidOrder(order, 'GROUP_FAILED', now);
    if (outcome.kind === 'closed') report.closed += 1;
    if (outcome.kind === 'paymentReceived') await applyConfirmedPayment(order, outcome.state.payment, now);
    return outcome.kind === 'closed';
  }
  // Without the sub-merchant id nothing can be refunded: the group waits (counted as failed, logged).
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not set on closeGroups: paid members cannot be refunded');
  const refund = await refundGroupOrder(subMchId, order._id, now);
  if (refund === 'submitted') report.refunds += 1;
  return true;
}

async function settleGroup(subMchId: string | null, group: GroupDocument, now: Date, report: Report): Promise<void> {
  let settled = true;
  for (const member of group.members) {
    const order = await getOrder(member.orderId);
    if (order && !(await settleMember(subMchId, order, now, report))) settled = false;
  }
  if (!settled) return;
  report.settled += await updateWhere(
    'groups',
    { _id: group._id, status: 'failed', settled: false, version: group.version },
    { settled: true, updatedAt: now },
  );
}

export async function closeExpiredGroups(pageSize: number, budget: TimerBudget, now: Date): Promise<Report> {
  const report: Report = { expired: 0, settled: 0, refunds: 0, closed: 0, failed: 0, done: false };
  const subMchId = subMerchantId();
  const failedAll = await failExpired(pageSize, budget, now, report);
  const unsettled = await findWhere('groups', { status: 'failed', settled: false }, { limit: pageSize });
  for (const group of unsettled) {
    if (!budget.left()) return report;
    try {
      await settleGroup(subMchId, group, now, report);
    } catch (error) {
      console.error(`closeGroups: settling group ${group._id} failed; the next run retries`, error);
      report.failed += 1;
    }
  }
  report.done = failedAll && unsettled.length < pageSize && report.failed === 0;
  return report;
}
