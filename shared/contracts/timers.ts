/**
 * The contracts of the timer functions, which all start through cloudfunctions/_lib/timer.ts
 * (`timerMain`). See docs/api.md (Timers).
 *
 * Input: the timer trigger's event (`{ Type, TriggerName, Time, Message }`) carries none of these
 * fields, so the defaults apply; tests add a budget or a page size to the event. `budgetMs` can
 * only lower the run's budget, which is half the function's timeout.
 *
 * Output: every report is a TimerReport, `done` and `failed`, plus the timer's own counts, all
 * integers. It is the `data` of the usual Result: `{ ok: true, data: report }`, or
 * `{ ok: false, error: { code: 'FORBIDDEN' | 'INVALID_INPUT', message } }`.
 */
import { z } from 'zod';

/** A timer's input and output schemas. */
export interface TimerContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

/** No new item (order, page, batch) starts after this many milliseconds of real time in the run. */
const budgetMs = z.number().int().min(0).max(60_000).optional();
/** Items (orders, users) per page. */
const pageSize = z.number().int().min(1).max(100).default(50);
const count = z.number().int();

/** What every timer reports. */
export const TimerReport = z.object({
  /**
   * True when the run left no due work behind. False when it stopped at its time budget (or its
   * page limit) with work left: the next run continues.
   */
  done: z.boolean(),
  /**
   * Items that failed with an error (logged) and are left for the next run. Timers whose steps
   * throw instead (the whole run then fails, and the next run repairs it) report 0.
   */
  failed: count,
});
export type TimerReport = z.infer<typeof TimerReport>;

// ---------------------------------------------------------------------------------------------
// closeUnpaidOrders (every minute) and autoConfirmOrders (hourly)
// ---------------------------------------------------------------------------------------------

export const CloseUnpaidOrdersInput = z.object({ pageSize, budgetMs });
export type CloseUnpaidOrdersInput = z.input<typeof CloseUnpaidOrdersInput>;

export const CloseUnpaidOrdersOutput = TimerReport.extend({
  /** Overdue unpaid orders looked at. */
  scanned: count,
  /** Closed, their stock given back and their payment closed on the platform. */
  closed: count,
  /** Found paid on the platform (a notification that had not got through) and made paid, or revived. */
  paid: count,
  /** Left for the next run: the shopper is paying right now, or the order changed meanwhile. */
  skipped: count,
  /** Closed orders whose interrupted stock give-back was finished. */
  repaired: count,
});
export type CloseUnpaidOrdersOutput = z.infer<typeof CloseUnpaidOrdersOutput>;

export const AutoConfirmOrdersInput = z.object({ pageSize, budgetMs });
export type AutoConfirmOrdersInput = z.input<typeof AutoConfirmOrdersInput>;

export const AutoConfirmOrdersOutput = TimerReport.extend({
  /** Shipped orders past their autoConfirmAt looked at. */
  scanned: count,
  /** Completed by this run (completedBy `auto`, completedAt = their autoConfirmAt). */
  completed: count,
  /** Completed meanwhile by the shopper; the next run looks again at the failed ones. */
  skipped: count,
});
export type AutoConfirmOrdersOutput = z.infer<typeof AutoConfirmOrdersOutput>;

// ---------------------------------------------------------------------------------------------
// upgradeGrades (daily at 03:00 UTC+8)
// ---------------------------------------------------------------------------------------------

export const UpgradeGradesInput = z.object({
  pageSize,
  /** Pages per run at most. */
  maxPages: z.number().int().min(1).max(10_000).default(10_000),
  budgetMs,
});
export type UpgradeGradesInput = z.input<typeof UpgradeGradesInput>;

/** `done`: this run reached the last distributor, and the next run starts a new pass. */
export const UpgradeGradesOutput = TimerReport.extend({
  /** Distributors refreshed in this run. */
  scanned: count,
  upgraded: count,
  /** Refreshes that found the grade changed by an admin meanwhile (nothing written). */
  conflicts: count,
  /** Where the next run continues (the last `_id` done); null at the start of a pass. */
  cursor: z.string().nullable(),
});
export type UpgradeGradesOutput = z.infer<typeof UpgradeGradesOutput>;

// ---------------------------------------------------------------------------------------------
// releaseCommissions (every 10 minutes)
// ---------------------------------------------------------------------------------------------

export const ReleaseCommissionsInput = z.object({ budgetMs });
export type ReleaseCommissionsInput = z.input<typeof ReleaseCommissionsInput>;

/** `done` is false when the budget ran out while due commissions may remain. */
export const ReleaseCommissionsOutput = TimerReport.extend({
  /** Completed orders whose scheduling was re-driven (phase 0). */
  rescheduledOrders: count,
  /** Batches a crashed or busy run had left releasing, finished now (phase 1). */
  recoveredBatches: count,
  /** Commissions moved to released by this run, recovered batches included. */
  releasedCommissions: count,
  /** Batches this run finished (recovered ones included). */
  batches: count,
  /** Batches left releasing because their transactions kept conflicting (the next run finishes them). */
  busyBatches: count,
  /** Pages of due commissions read (phase 2). */
  pages: count,
  /** Due commissions skipped because an open after-sale holds their line. */
  held: count,
  /** Rewards (团队奖励, 拉新奖励) moved from frozen to available by this run (phase 3). */
  releasedRewards: count,
  /** Due rewards left frozen: an open after-sale on their order, or their transaction stayed busy. */
  heldRewards: count,
});
export type ReleaseCommissionsOutput = z.infer<typeof ReleaseCommissionsOutput>;

// ---------------------------------------------------------------------------------------------
// sweepSettlements (every 5 minutes) and syncWithdrawals (every 30 minutes)
// ---------------------------------------------------------------------------------------------

export const SweepSettlementsInput = z.object({ budgetMs });
export type SweepSettlementsInput = z.input<typeof SweepSettlementsInput>;

/** `done` is false when the budget ran out, or a full page was due (more may be waiting). */
export const SweepSettlementsOutput = TimerReport.extend({
  /** Paid orders with a pending settlement that this run settled. */
  settled: count,
  /** Settlement shares left pending (their settlement's roll-up crashed or ran out of time) that this run applied. */
  rolledUp: count,
  /** Invite reward decisions a crash left pending after their order's settlement, finished by this run. */
  invites: count,
});
export type SweepSettlementsOutput = z.infer<typeof SweepSettlementsOutput>;

export const SyncWithdrawalsInput = z.object({ budgetMs });
export type SyncWithdrawalsInput = z.input<typeof SyncWithdrawalsInput>;

/** `done` is false when the budget ran out, or a full page was due (more may be waiting). */
export const SyncWithdrawalsOutput = TimerReport.extend({
  /** Paying WeChat transfers brought up to date with WeChat Pay (asked without an error). */
  synced: count,
  /** Of those, the ones whose status moved (withdrawn, or failed with the amount returned). */
  changed: count,
});
export type SyncWithdrawalsOutput = z.infer<typeof SyncWithdrawalsOutput>;

// ---------------------------------------------------------------------------------------------
// computeShopTotals (every 10 minutes)
// ---------------------------------------------------------------------------------------------

export const ComputeShopTotalsInput = z.object({ budgetMs });
export type ComputeShopTotalsInput = z.input<typeof ComputeShopTotalsInput>;

/**
 * `done` is always true: a run is one piece of work (two aggregations and one write), and a run
 * that fails leaves the previous totals in place for the next run to replace.
 */
export const ComputeShopTotalsOutput = TimerReport.extend({
  /** Orders completed, as written to the `system` document `shopTotals`. */
  completedOrders: count,
  /** Orders closed, as written. */
  closedOrders: count,
  /** Accounts the commission sums went over. */
  accounts: count,
});
export type ComputeShopTotalsOutput = z.infer<typeof ComputeShopTotalsOutput>;

// ---------------------------------------------------------------------------------------------
// sweepRefunds (every 30 minutes)
// ---------------------------------------------------------------------------------------------

export const SweepRefundsInput = z.object({ pageSize, budgetMs });
export type SweepRefundsInput = z.infer<typeof SweepRefundsInput>;

/** `done` is false when the budget ran out with requests left to look at. */
export const SweepRefundsOutput = TimerReport.extend({
  /** Open after-sales (approved or refunding) whose refund was submitted over half an hour ago, looked at. */
  scanned: count,
  /** Of those, the ones finished now: refund applied, commissions reversed or clawed back, request refunded. */
  refunded: count,
  /** Left open: WeChat Pay has not refunded them (yet), the bank refused, or their commissions are being released. */
  waiting: count,
});
export type SweepRefundsOutput = z.infer<typeof SweepRefundsOutput>;
// reconcilePayments (daily at 10:00 UTC+8)
// ---------------------------------------------------------------------------------------------

/** A China calendar day, YYYY-MM-DD. */
export const ChinaDayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const ReconcilePaymentsInput = z.object({
  /** The China day to reconcile; the trigger sends none, and the day before the run is taken. */
  day: ChinaDayText.optional(),
  budgetMs,
});
export type ReconcilePaymentsInput = z.input<typeof ReconcilePaymentsInput>;

/** `done` is false when the budget ran out before every record was compared (the document says `complete: false`). */
export const ReconcilePaymentsOutput = TimerReport.extend({
  /** Mismatches recorded in the day's `reconciliations` document. */
  mismatches: count,
  /** Shop records left without WeChat Pay's answer. */
  unchecked: count,
});
export type ReconcilePaymentsOutput = z.infer<typeof ReconcilePaymentsOutput>;

// ---------------------------------------------------------------------------------------------
// watchOperations (every 30 minutes), docs/alerts.md
// ---------------------------------------------------------------------------------------------

export const WatchOperationsInput = z.object({ budgetMs });
export type WatchOperationsInput = z.input<typeof WatchOperationsInput>;

/**
 * `done` is false when the budget ran out, or a page of findings or of open alerts came back full
 * (more may be waiting). `failed` counts scans and alerts whose reads or writes threw.
 */
export const WatchOperationsOutput = TimerReport.extend({
  /** Alerts raised by this run: new ones, and resolved ones whose condition is back. */
  raised: count,
  /** Open alerts whose condition still holds, brought up to date. */
  refreshed: count,
  /** Open alerts whose condition cleared, resolved by this run. */
  resolved: count,
  /** Alerts open after the run. */
  open: count,
  /** Subscribe messages delivered to admins by this run. */
  messages: count,
});
export type WatchOperationsOutput = z.infer<typeof WatchOperationsOutput>;

// ---------------------------------------------------------------------------------------------
// uploadShipping (every 30 minutes)
// ---------------------------------------------------------------------------------------------

export const UploadShippingInput = z.object({ pageSize, budgetMs });
export type UploadShippingInput = z.infer<typeof UploadShippingInput>;

/** `done` is false when the budget ran out, or a page came back full, with reports left to retry. */
export const UploadShippingOutput = TimerReport.extend({
  /** Shipped orders whose report to WeChat was due for another attempt, looked at. */
  scanned: count,
  /** Of those, the ones WeChat accepted now. */
  accepted: count,
  /** Refused or failed again: each waits for its next attempt (or for the merchant, see the alert). */
  refused: count,
});
export type UploadShippingOutput = z.infer<typeof UploadShippingOutput>;

// ---------------------------------------------------------------------------------------------
// closeGroups (every minute): 拼团 groups not filled in time
// ---------------------------------------------------------------------------------------------

export const CloseGroupsInput = z.object({ pageSize, budgetMs });
export type CloseGroupsInput = z.input<typeof CloseGroupsInput>;

export const CloseGroupsOutput = TimerReport.extend({
  /** Groups still forming past their expiresAt that this run failed. */
  expired: count,
  /** Failed groups whose every member is now refunded or closed. */
  settled: count,
  /** Refunds of paid members submitted to WeChat Pay and accepted by this run. */
  refunds: count,
  /** Unpaid members' orders closed (GROUP_FAILED). */
  closed: count,
});
export type CloseGroupsOutput = z.infer<typeof CloseGroupsOutput>;

// ---------------------------------------------------------------------------------------------
// expirePoints (every 10 minutes): points released after the return window, and expired
// ---------------------------------------------------------------------------------------------

export const ExpirePointsInput = z.object({ pageSize, budgetMs });
export type ExpirePointsInput = z.input<typeof ExpirePointsInput>;

export const ExpirePointsOutput = TimerReport.extend({
  /** Orders whose earned points moved frozen → available (phase 1). */
  releasedOrders: count,
  /** Due orders left frozen because an after-sale request on them is open. */
  held: count,
  /** Accounts whose expired months were expired (phase 2). */
  expiredAccounts: count,
  /** Points expired by this run. */
  expiredPoints: count,
});
export type ExpirePointsOutput = z.infer<typeof ExpirePointsOutput>;

// ---------------------------------------------------------------------------------------------
// computeTeamBonus (daily 02:30; computes the previous month on the first days of a month)
// ---------------------------------------------------------------------------------------------

export const ComputeTeamBonusInput = z.object({ pageSize, budgetMs });
export type ComputeTeamBonusInput = z.input<typeof ComputeTeamBonusInput>;

/** `done` is false when the budget ran out with distributors of the period left (the next run continues). */
export const ComputeTeamBonusOutput = TimerReport.extend({
  /** The month computed, `yyyymm` (China time): the one before the run's month. */
  period: z.string(),
  /**
   * Why the run computed nothing: `notYet` (past the first days of the month, or the period is
   * finished already), `off` (the team bonus is off in the rules), `waiting` (an order of the
   * period has an after-sale request still open and the last computing day has not come: its
   * refund may still change the team sales); null when it computed.
   */
  skipped: z.enum(['notYet', 'off', 'waiting']).nullable(),
  /** Orders of the period left out because an after-sale request on them was still open on the last computing day. */
  heldOrders: count.optional(),
  /** Distributors with team sales in the period that this run looked at. */
  distributors: count,
  /** Bonuses this run granted. */
  granted: count,
  /** Bonuses that existed already (an earlier or concurrent run granted them). */
  existing: count,
  /** Team sales below the first tier, or users who are not distributors: no bonus. */
  noBonus: count,
  /** Grants whose transactions stayed busy; the next run retries them. */
  busy: count,
});
export type ComputeTeamBonusOutput = z.infer<typeof ComputeTeamBonusOutput>;

/** Every timer function's contract, by function name (a test checks each timer has one). */
export const TIMER_CONTRACTS = {
  closeUnpaidOrders: { input: CloseUnpaidOrdersInput, output: CloseUnpaidOrdersOutput },
  autoConfirmOrders: { input: AutoConfirmOrdersInput, output: AutoConfirmOrdersOutput },
  upgradeGrades: { input: UpgradeGradesInput, output: UpgradeGradesOutput },
  releaseCommissions: { input: ReleaseCommissionsInput, output: ReleaseCommissionsOutput },
  sweepSettlements: { input: SweepSettlementsInput, output: SweepSettlementsOutput },
  syncWithdrawals: { input: SyncWithdrawalsInput, output: SyncWithdrawalsOutput },
  computeShopTotals: { input: ComputeShopTotalsInput, output: ComputeShopTotalsOutput },
  sweepRefunds: { input: SweepRefundsInput, output: SweepRefundsOutput },
  reconcilePayments: { input: ReconcilePaymentsInput, output: ReconcilePaymentsOutput },
  watchOperations: { input: WatchOperationsInput, output: WatchOperationsOutput },
  uploadShipping: { input: UploadShippingInput, output: UploadShippingOutput },
  closeGroups: { input: CloseGroupsInput, output: CloseGroupsOutput },
  expirePoints: { input: ExpirePointsInput, output: ExpirePointsOutput },
  computeTeamBonus: { input: ComputeTeamBonusInput, output: ComputeTeamBonusOutput },
} satisfies Record<string, TimerContract>;
