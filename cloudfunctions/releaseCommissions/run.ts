/**
 * One run of the scheduled release, in four phases:
 *
 *   0. re-drive orders whose completion asked for scheduling (`commissionSchedule: 'pending'`)
 *      and crashed before it was done, so their commissions get a releaseAt;
 *   1. finish the batches an earlier run claimed but did not finish (status `releasing`);
 *   2. while the time budget lasts: read a page of due frozen commissions in beneficiary order
 *      (so one beneficiary's commissions share one ledger entry and one account change), skip the
 *      lines an open after-sale holds, claim the rest with ONE conditional update
 *      `frozen → releasing` under a new batch id, and finish that batch (_lib/release.ts);
 *   3. give order-tied rewards (拉新奖励) whose order has completed their release date (the order's
 *      return-window end: _lib/inviteReward.ts scheduleOrderRewards), then
 *      release the due rewards (团队奖励, 拉新奖励: _lib/rewards.ts releaseDueRewards), each in its
 *      own transaction conditional on the reward still being frozen; it runs even when phase 2
 *      spent the budget (one bounded read and a few transactions), so commissions can never
 *      starve rewards.
 *
 * Every step is idempotent, so a crash anywhere is finished by the next run (phase 1), and two
 * concurrent runs are harmless: a claim is conditional on `frozen`, so a commission belongs to
 * one batch only, and finishing a batch twice credits once.
 *
 * Only commissions whose settlement share is applied are claimed (_lib/rollup.ts
 * withAppliedShares): until then their amount is not in the frozen balance a release takes it
 * from. One query per page finds the pending ones (usually none), which are rolled up first; a
 * share that stays pending keeps its commission for a later run.
 *
 * The hold is decided per commission document, so a request and a claim never both win: the
 * request's transaction writes `heldBy` on the frozen commissions of its lines
 * (afterSale/hold.ts), and the claim takes only commissions whose `heldBy` is empty. A `heldBy`
 * left by a request that has ended is cleared (conditional on that same request) before the
 * claim; one whose request is still open, or was made after the hold read, holds the commission.
 * A request made while its commission is `releasing` is refused for a moment instead.
 *
 * A risk hold (docs/rules.md section 9) works the same way without the clearing: settlement
 * writes `riskHold` with the commission, the page query and the claim take only commissions whose
 * `riskHold` is empty, and only the merchant's decision clears it (approve) or reverses the
 * commission (void), each conditional on the case, so a void and a claim never both win.
 *
 * Paging is a keyset (beneficiaryId, _id) rather than "the first page again": claimed commissions
 * leave the query anyway, and held ones are stepped over, so a few thousand held commissions
 * can never starve the due ones behind them.
 */
import { randomUUID } from 'node:crypto';
import type { ReleaseCommissionsOutput } from '@shared/contracts/timers';
import { MAX_HOLD_QUERY_ORDERS, openAfterSaleLines } from '../_lib/afterSaleHolds';
import { isOpenAfterSale } from '@shared/afterSales';
import { _, aggregateList, findWhere, updateWhere } from '../_lib/db';
import { scheduleOrderRewards } from '../_lib/inviteReward';
import { releaseDueRewards } from '../_lib/rewards';
import { withAppliedShares } from '../_lib/rollup';
import {
  findForRelease,
  finishReleaseBatch,
  MAX_BATCH_COMMISSIONS,
  scheduleCommissions,
  type BatchOutcome,
  type ReleaseFields,
} from '../_lib/release';

const COMMISSIONS = 'commissions';
/** Orders re-driven per run at most (2 round trips each). */
const MAX_RESCHEDULE = 100;
/** Left-behind batches finished per run at most. */
const MAX_RECOVER = 20;
/**
 * A batch credits at most this many beneficiaries (20 transactions of 10, run at once), so a
 * page whose 1000 commissions belong to 1000 people still finishes in about 32 sequential round
 * trips. The rest of such a page is read again by the next page.
 */
const MAX_BENEFICIARIES_PER_BATCH = 200;
/** How long a page may spend rolling up pending settlement shares of its commissions. */
const ROLLUP_BUDGET_MS = 5_000;

type Position = { beneficiaryId: string; _id: string };
type Due = ReleaseFields;

function emptyReport(): ReleaseCommissionsOutput {
  return {
    rescheduledOrders: 0,
    recoveredBatches: 0,
    releasedCommissions: 0,
    batches: 0,
    busyBatches: 0,
    pages: 0,
    held: 0,
    releasedRewards: 0,
    heldRewards: 0,
    done: true,
    failed: 0,
  };
}

function count(report: ReleaseCommissionsOutput, outcome: BatchOutcome): void {
  if (outcome.status === 'finished') {
    report.batches += 1;
    report.releasedCommissions += outcome.commissions;
  } else if (outcome.status === 'busy') report.busyBatches += 1;
}

/** Phase 0: completed orders whose scheduling step did not finish. */
async function reschedule(report: ReleaseCommissionsOutput, now: Date): Promise<void> {
  const orders = await findWhere('orders', { commissionSchedule: 'pending' }, { limit: MAX_RESCHEDULE });
  for (const order of orders) {
    if (!order.returnWindowEndsAt)
      throw new Error(`order ${order._id} asks for scheduling without a returnWindowEndsAt`);
    await scheduleCommissions(order._id, order.returnWindowEndsAt, now);
    report.rescheduledOrders += 1;
  }
}

/** Phase 1: batches left `releasing` by a run that crashed or found its transactions busy. */
async function recover(report: ReleaseCommissionsOutput, now: Date, budgetLeft: () => boolean): Promise<void> {
  const batches = await aggregateList<{ _id: string }>(COMMISSIONS, (pipeline) =>
    pipeline.match({ status: 'releasing' }).group({ _id: '$releaseBatch' }).limit(MAX_RECOVER),
  );
  for (const [index, batch] of batches.entries()) {
    if (index > 0 && !budgetLeft()) return;
    const outcome = await finishReleaseBatch(batch._id, now);
    count(report, outcome);
    if (outcome.status === 'finished') report.recoveredBatches += 1;
  }
}

function dueAfter(now: Date, after: Position | null): object {
  // riskHold empty: a commission on risk hold waits for the merchant's decision, not for a run.
  const base = { status: 'frozen', releaseAt: _.lte(now), riskHold: null };
  if (!after) return base;
  return _.and([
    base,
    _.or([{ beneficiaryId: _.gt(after.beneficiaryId) }, { beneficiaryId: after.beneficiaryId, _id: _.gt(after._id) }]),
  ]);
}

/** The page's first MAX_BENEFICIARIES_PER_BATCH beneficiaries (all of a page of one beneficiary). */
function firstBeneficiaries(page: readonly Due[]): Due[] {
  const seen = new Set<string>();
  const taken: Due[] = [];
  for (const commission of page) {
    if (!seen.has(commission.beneficiaryId) && seen.size === MAX_BENEFICIARIES_PER_BATCH) break;
    seen.add(commission.beneficiaryId);
    taken.push(commission);
  }
  return taken;
}

/** The (order, line) pairs open after-sales hold, read 100 orders per call, all at once. */
async function heldLines(commissions: readonly Due[]): Promise<(commission: Due) => boolean> {
  const orderIds = [...new Set(commissions.map((commission) => commission.orderId))];
  const chunks: string[][] = [];
  for (let i = 0; i < orderIds.length; i += MAX_HOLD_QUERY_ORDERS)
    chunks.push(orderIds.slice(i, i + MAX_HOLD_QUERY_ORDERS));
  const holds = new Map<string, Set<number>>();
  for (const map of await Promise.all(chunks.map((chunk) => openAfterSaleLines(chunk))))
    for (const [orderId, lines] of map) holds.set(orderId, lines);
  return (commission) => holds.get(commission.orderId)?.has(commission.lineIndex) ?? false;
}

/**
 * Of commissions whose line no open request holds but which carry a `heldBy`, the ones whose
 * request has ended, with the marker cleared (conditional on the same request, so a newer
 * request's marker is never cleared). A request still open was made after the hold read: its
 * commissions stay held.
 */
async function clearEndedHolds(marked: readonly Due[], now: Date): Promise<Set<string>> {
  if (marked.length === 0) return new Set();
  const requestIds = [...new Set(marked.map((commission) => commission.heldBy as string))];
  const requests = await findWhere('afterSales', { _id: _.in(requestIds) }, { limit: requestIds.length });
  const open = new Set(requests.filter((request) => isOpenAfterSale(request.status)).map((request) => request._id));
  const ended = requestIds.filter((id) => !open.has(id));
  const cleared = marked.filter((commission) => !open.has(commission.heldBy as string));
  if (cleared.length > 0)
    await updateWhere(
      COMMISSIONS,
      { _id: _.in(cleared.map((commission) => commission._id)), heldBy: _.in(ended) },
      { heldBy: null, updatedAt: now },
    );
  return new Set(cleared.map((commission) => commission._id));
}

/** Claims the releasable commissions of a page as one batch and finishes it. */
async function releasePage(report: ReleaseCommissionsOutput, candidates: readonly Due[], now: Date): Promise<void> {
  const isHeld = await heldLines(candidates);
  const unheld = candidates.filter((commission) => !isHeld(commission));
  const cleared = await clearEndedHolds(
    unheld.filter((commission) => commission.heldBy),
    now,
  );
  const free = unheld.filter((commission) => !commission.heldBy || cleared.has(commission._id));
  report.held += candidates.length - free.length;
  // Nothing left (amountFen − reversedFen = 0) should already be `reversed`; never claim it.
  const releasable = await withAppliedShares(
    free.filter((commission) => commission.amountFen - commission.reversedFen > 0),
    now,
    performance.now() + ROLLUP_BUDGET_MS,
  );
  if (releasable.length === 0) return;
  const batchId = randomUUID();
  // The claim is exactly these ids, still frozen. The beneficiary range adds nothing to that set
  // (every id is in it) but, first in an ordered $and, narrows the search to the page before the
  // 1000-id list is consulted: an evaluator without an index on _id (the emulator) would
  // otherwise test the list against every commission.
  const first = (releasable[0] as Due).beneficiaryId;
  const last = (releasable[releasable.length - 1] as Due).beneficiaryId;
  const claimed = await updateWhere(
    COMMISSIONS,
    _.and([
      // `heldBy` empty: a request that committed since the hold read keeps its commissions.
      { status: 'frozen', beneficiaryId: _.gte(first).and(_.lte(last)), heldBy: null, riskHold: null },
      { _id: _.in(releasable.map((commission) => commission._id)) },
    ]),
    { status: 'releasing', releaseBatch: batchId, updatedAt: now },
  );
  if (claimed > 0) count(report, await finishReleaseBatch(batchId, now, { justClaimed: true }));
}

/** Phase 2: pages of due commissions until none is left or the budget is spent (at least one page). */
async function releasePages(report: ReleaseCommissionsOutput, now: Date, budgetLeft: () => boolean): Promise<void> {
  let after: Position | null = null;
  for (;;) {
    const page = await findForRelease(dueAfter(now, after));
    report.pages += 1;
    const candidates = firstBeneficiaries(page);
    if (candidates.length > 0) await releasePage(report, candidates, now);
    if (page.length < MAX_BATCH_COMMISSIONS && candidates.length === page.length) return;
    const last = candidates[candidates.length - 1] as Due;
    after = { beneficiaryId: last.beneficiaryId, _id: last._id };
    if (!budgetLeft()) {
      report.done = false;
      return;
    }
  }
}

export async function releaseDue(
  now: Date,
  budgetMs: number,
  elapsedMs: () => number,
): Promise<ReleaseCommissionsOutput> {
  const report = emptyReport();
  const budgetLeft = (): boolean => elapsedMs() < budgetMs;
  await reschedule(report, now);
  await recover(report, now, budgetLeft);
  await releasePages(report, now, budgetLeft);
  await scheduleOrderRewards(now);
  const rewards = await releaseDueRewards(now, budgetLeft);
  report.releasedRewards = rewards.released;
  report.heldRewards = rewards.held;
  if (rewards.more) report.done = false;
  return report;
}
