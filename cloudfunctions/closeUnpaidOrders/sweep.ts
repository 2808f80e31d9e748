/**
 * The unpaid closer's run. Two passes:
 *
 * - repair: closed orders whose stock give-back was interrupted (reservation not yet
 *   `released`; at most one page per run, recent ones only: such a crash is repaired within
 *   minutes, and 7 days bounds the index range the query scans). It runs on an instance's first
 *   run and then on every tenth (REPAIR_EVERY_RUNS): an instance killed mid-run is replaced by a
 *   fresh one, whose first run repairs at once, and a give-back that failed without a crash
 *   waits at most ten runs (minutes). The other nine runs of this every-minute timer make one
 *   query instead of two, which is most of its cost when nothing is overdue;
 * - close: orders still pending_payment whose payDeadline has passed, oldest deadline first, in
 *   pages (index idx_status_deadline). Each is closed with the shared steps of _lib/orders/close.ts.
 *   When the platform already has the money (the notification has not got through), the
 *   payment is applied here instead, exactly as the callback would (a stray payment is refunded
 *   and the order then closed).
 *
 * Resumable without a stored cursor: a closed order leaves the query, so the next run starts at
 * what is left. Within a run a keyset (payDeadline, _id) moves past orders left open (the shopper
 * paying right now, a failure), so they are tried again next run, not again and again in this one.
 */
import type { CloseUnpaidOrdersOutput } from '@shared/contracts/timers';
import type { OrderDocument } from '@shared/orders';
import { _, findWhere } from '../_lib/db';
import { applyConfirmedPayment } from '../_lib/orders/applyPayment';
import { closeUnpaidOrder, releaseStock } from '../_lib/orders/close';
import { addDays, getOrder, ORDERS } from '../_lib/orders/store';

export interface SweepLimits {
  pageSize: number;
  /** No new order is started after this many milliseconds of the run. */
  budgetMs: number;
}

/** How far back the repair pass looks (by payDeadline). */
const REPAIR_WINDOW_DAYS = 7;

/** The repair pass runs on the first run of an instance and then once every this many runs. */
const REPAIR_EVERY_RUNS = 10;

/** Runs of this instance so far (module state lives as long as the warm instance). */
let runsOfInstance = 0;

type Report = CloseUnpaidOrdersOutput;
type Position = { payDeadline: Date; _id: string };

function overdue(now: Date, after: Position | null): object {
  const due = { status: 'pending_payment', payDeadline: _.lte(now) };
  if (!after) return due;
  return _.and([
    due,
    _.or([{ payDeadline: _.gt(after.payDeadline) }, { payDeadline: after.payDeadline, _id: _.gt(after._id) }]),
  ]);
}

async function repair(limits: SweepLimits, now: Date, report: Report): Promise<void> {
  const where = {
    status: 'closed',
    payDeadline: _.gte(addDays(now, -REPAIR_WINDOW_DAYS)),
    reservation: _.in(['reserving', 'reserved']),
  };
  for (const order of await findWhere(ORDERS, where, { limit: limits.pageSize })) {
    try {
      await releaseStock(order, now);
      report.repaired += 1;
    } catch (error) {
      console.error(`closeUnpaidOrders: giving back the stock of ${order._id} failed`, error);
      report.failed += 1;
    }
  }
}

/** One overdue order: closed, or its payment applied. */
async function closeOne(order: OrderDocument, now: Date, report: Report): Promise<void> {
  const outcome = await closeUnpaidOrder(order, 'UNPAID_TIMEOUT', now);
  if (outcome.kind === 'closed') report.closed += 1;
  if (outcome.kind === 'notPending' || outcome.kind === 'paymentPending') report.skipped += 1;
  if (outcome.kind !== 'paymentReceived') return;
  const applied = await applyConfirmedPayment(order, outcome.state.payment, now);
  if (applied === 'paid' || applied === 'alreadyPaid' || applied === 'revived') report.paid += 1;
  else if (applied === 'retry') report.skipped += 1;
  else {
    // A stray payment (another amount) is being refunded: the order is still unpaid, close it.
    const fresh = (await getOrder(order._id)) as OrderDocument;
    const again = await closeUnpaidOrder(fresh, 'UNPAID_TIMEOUT', now);
    report[again.kind === 'closed' ? 'closed' : 'skipped'] += 1;
  }
}

export async function closeOverdueOrders(limits: SweepLimits, now: Date, elapsedMs: () => number): Promise<Report> {
  const report: Report = { scanned: 0, closed: 0, paid: 0, skipped: 0, failed: 0, repaired: 0, done: false };
  if (runsOfInstance++ % REPAIR_EVERY_RUNS === 0) await repair(limits, now, report);
  let after: Position | null = null;
  for (;;) {
    const page: OrderDocument[] = await findWhere(ORDERS, overdue(now, after), {
      orderBy: [
        ['payDeadline', 'asc'],
        ['_id', 'asc'],
      ],
      limit: limits.pageSize,
    });
    for (const order of page) {
      if (elapsedMs() >= limits.budgetMs) return report;
      report.scanned += 1;
      try {
        await closeOne(order, now, report);
      } catch (error) {
        // One order's failure (a platform hiccup) must not stop the others; the next run retries it.
        console.error(`closeUnpaidOrders: order ${order._id} failed`, error);
        report.failed += 1;
      }
      after = { payDeadline: order.payDeadline, _id: order._id };
    }
    if (page.length < limits.pageSize) return { ...report, done: true };
  }
}
