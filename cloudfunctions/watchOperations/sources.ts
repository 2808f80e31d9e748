/**
 * Where each kind of alert comes from (docs/alerts.md, "Kinds and thresholds"). Each source finds
 * its subjects with bounded queries on declared indexes (shared/collections.ts), and re-checks by
 * id the subject of an open alert its page did not return, so that an alert is resolved only when
 * its condition really cleared. The thresholds are constants with the reason for each value.
 */
import { alertId, type AlertCondition, type AlertKind } from '@shared/alerts';
import { reconciliationId, type ReconciliationDocument } from '@shared/reconciliation';
import type { AfterSaleDocument } from '@shared/afterSales';
import { chinaDateTime, chinaDay, chinaMidnight } from '@shared/chinaTime';
import type { MessageFailureDocument } from '@shared/messageFailures';
import type { OrderDocument } from '@shared/orders';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { _, findWhere, getDoc } from '../_lib/db';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A paid order still unsettled this long after its payment: sweepSettlements retries every 5
 * minutes once a payment is a minute old, so 30 minutes is five or more failed sweeps.
 */
export const SETTLEMENT_STUCK_MS = 30 * MINUTE_MS;
/**
 * An approved refund WeChat Pay has not accepted, without an error, this long after its last
 * submission: the approval submits at once, so the submission was lost (the function stopped).
 */
export const REFUND_UNSUBMITTED_MS = 30 * MINUTE_MS;
/**
 * An accepted refund not confirmed this long after WeChat Pay accepted it: refunds to a bank card
 * take up to 3 working days, and a weekend may fall in between.
 */
export const REFUND_STUCK_MS = 5 * DAY_MS;
/**
 * An approved withdrawal still paying this long after its approval: a transfer waits 24 hours for
 * the distributor's confirmation before WeChat Pay cancels it, and syncWithdrawals then closes it
 * within 30 minutes; a manual payout should be marked paid within a day too.
 */
export const TRANSFER_STUCK_MS = 25 * HOUR_MS;
/** A failed transfer is final (the amount went back): it is shown this long unless marked handled. */
export const TRANSFER_FAILED_SHOWN_MS = 3 * DAY_MS;
/** The reconciliations read: the last two weeks of days (older open ones are re-checked by id). */
export const RECONCILIATION_DAYS = 14;
/** Refused messages are an alert while one was refused this recently. */
export const MESSAGE_FAILURE_SHOWN_MS = DAY_MS;
/** Documents per query: a page that comes back full leaves the run not done. */
export const PAGE_SIZE = 100;
const DETAIL_MAX = 500;

/** A condition found on one subject. */
export interface Detection {
  id: string;
  kind: AlertKind;
  ref: string;
  condition: AlertCondition;
  amountFen: number | null;
  detail: string;
  /** When the condition began. */
  since: Date;
  /**
   * True for a state that lasts until someone acts (re-raised after being marked handled while it
   * lasts); false for an event that happened (re-raised only by a newer one).
   */
  lasting: boolean;
}

export interface Source {
  kind: AlertKind;
  /** The subjects with a condition now; `full` when a page came back full (more may be waiting). */
  scan(now: Date): Promise<{ found: Detection[]; full: boolean }>;
  /** The condition of one subject, by its ref; null when it has none. */
  recheck(ref: string, now: Date): Promise<Detection | null>;
}

const ms = (at: Date | string | number): number => new Date(at).getTime();
export const china = (at: Date): string => `${chinaDateTime(at)} China time`;

export function detection(kind: AlertKind, ref: string, fields: Omit<Detection, 'id' | 'kind' | 'ref'>): Detection {
  return { id: alertId(kind, ref), kind, ref, ...fields, detail: fields.detail.slice(0, DETAIL_MAX) };
}

export async function page<T>(query: Promise<T[]>): Promise<{ found: T[]; full: boolean }> {
  const found = await query;
  return { found, full: found.length >= PAGE_SIZE };
}

function settlementOf(order: OrderDocument, now: Date): Detection | null {
  const paidAt = order.payment.paidAt;
  if (order.settlement.state !== 'pending' || !paidAt || ms(now) - ms(paidAt) < SETTLEMENT_STUCK_MS) return null;
  const minutes = Math.floor((ms(now) - ms(paidAt)) / MINUTE_MS);
  return detection('settlement', order._id, {
    condition: 'stuck',
    amountFen: order.payment.paidFen ?? order.payableFen,
    since: new Date(paidAt),
    lasting: true,
    detail: `order ${order._id}, paid ${china(new Date(paidAt))}, is still unsettled after ${minutes} minutes; sweepSettlements retries it every 5 minutes`,
  });
}

const settlements: Source = {
  kind: 'settlement',
  scan: async (now) => {
    const { found, full } = await page(
      findWhere(
        'orders',
        { 'settlement.state': 'pending', 'payment.paidAt': _.lt(new Date(ms(now) - SETTLEMENT_STUCK_MS)) },
        { orderBy: [['payment.paidAt', 'asc']], limit: PAGE_SIZE },
      ),
    );
    return { found: found.flatMap((order) => settlementOf(order, now) ?? []), full };
  },
  recheck: async (ref, now) => {
    const order = await getDoc('orders', ref);
    return order ? settlementOf(order, now) : null;
  },
};

function refundOf(doc: AfterSaleDocument, now: Date): Detection | null {
  const refund = doc.refund;
  if (!refund) return null;
  const base = { amountFen: doc.amountFen, lasting: true };
  const of = `after-sale ${doc._id} of order ${doc.orderId}`;
  if (doc.status === 'approved') {
    if (refund.lastError)
      return detection('refund', doc._id, {
        ...base,
        condition: 'refused',
        since: new Date(refund.lastAttemptAt),
        detail: `${of}: WeChat Pay did not accept the refund (attempt ${refund.attempts}, ${china(new Date(refund.lastAttemptAt))}): ${refund.lastError}`,
      });
    if (ms(now) - ms(refund.lastAttemptAt) < REFUND_UNSUBMITTED_MS) return null;
    return detection('refund', doc._id, {
      ...base,
      condition: 'unsubmitted',
      since: new Date(refund.lastAttemptAt),
      detail: `${of}: approved ${china(new Date(refund.lastAttemptAt))} but WeChat Pay never accepted the refund`,
    });
  }
  if (doc.status !== 'refunding') return null;
  if (refund.lastError)
    return detection('refund', doc._id, {
      ...base,
      condition: 'failed',
      since: new Date(doc.updatedAt),
      detail: `${of}: the refund failed after WeChat Pay accepted it: ${refund.lastError}`,
    });
  const acceptedAt = refund.acceptedAt ?? refund.lastAttemptAt;
  if (ms(now) - ms(acceptedAt) < REFUND_STUCK_MS) return null;
  return detection('refund', doc._id, {
    ...base,
    condition: 'stuck',
    since: new Date(acceptedAt),
    detail: `${of}: accepted by WeChat Pay ${china(new Date(acceptedAt))}, not confirmed since`,
  });
}

const refunds: Source = {
  kind: 'refund',
  scan: async (now) => {
    // Approved and refunding are passing states: the shop's refunds in progress, not its history.
    const pages = await Promise.all(
      (['approved', 'refunding'] as const).map((status) =>
        page(findWhere('afterSales', { status }, { orderBy: [['createdAt', 'asc']], limit: PAGE_SIZE })),
      ),
    );
    return {
      found: pages.flatMap(({ found }) => found.flatMap((doc) => refundOf(doc, now) ?? [])),
      full: pages.some(({ full }) => full),
    };
  },
  recheck: async (ref, now) => {
    const doc = await getDoc('afterSales', ref);
    return doc ? refundOf(doc, now) : null;
  },
};

function transferOf(doc: WithdrawalDocument, now: Date): Detection | null {
  const base = { amountFen: doc.amountFen };
  const of = `withdrawal ${doc._id} (${doc.channel})`;
  if (doc.status === 'paying') {
    if (doc.transfer?.failReason)
      return detection('transfer', doc._id, {
        ...base,
        condition: 'refused',
        since: new Date(doc.updatedAt),
        lasting: true,
        detail: `${of}: WeChat Pay did not accept the transfer: ${doc.transfer.failReason}`,
      });
    const approvedAt = [...doc.history].reverse().find((event) => event.status === 'paying')?.at ?? doc.updatedAt;
    if (ms(now) - ms(approvedAt) < TRANSFER_STUCK_MS) return null;
    return detection('transfer', doc._id, {
      ...base,
      condition: 'stuck',
      since: new Date(approvedAt),
      lasting: true,
      detail: `${of}: approved ${china(new Date(approvedAt))}, still paying (transfer state ${doc.transfer?.state ?? 'none'})`,
    });
  }
  // A transfer the distributor declined or let expire (CANCELLED) is theirs to retry, not a failure.
  if (doc.status !== 'failed' || doc.transfer?.state !== 'FAIL') return null;
  if (ms(now) - ms(doc.updatedAt) >= TRANSFER_FAILED_SHOWN_MS) return null;
  return detection('transfer', doc._id, {
    ...base,
    condition: 'failed',
    since: new Date(doc.updatedAt),
    lasting: false,
    detail: `${of}: the transfer failed ${china(new Date(doc.updatedAt))}: ${doc.transfer.failReason ?? 'FAIL'}; the amount went back to available`,
  });
}

const transfers: Source = {
  kind: 'transfer',
  scan: async (now) => {
    const pages = await Promise.all([
      page(findWhere('withdrawals', { status: 'paying' }, { orderBy: [['updatedAt', 'asc']], limit: PAGE_SIZE })),
      page(
        findWhere(
          'withdrawals',
          { status: 'failed', updatedAt: _.gte(new Date(ms(now) - TRANSFER_FAILED_SHOWN_MS)) },
          { orderBy: [['updatedAt', 'desc']], limit: PAGE_SIZE },
        ),
      ),
    ]);
    return {
      found: pages.flatMap(({ found }) => found.flatMap((doc) => transferOf(doc, now) ?? [])),
      full: pages.some(({ full }) => full),
    };
  },
  recheck: async (ref, now) => {
    const doc = await getDoc('withdrawals', ref);
    return doc ? transferOf(doc, now) : null;
  },
};

function reconciliationOf(doc: ReconciliationDocument): Detection | null {
  const open = doc.mismatches.filter((mismatch) => !mismatch.resolved);
  if (open.length === 0) return null;
  const differenceFen = open.reduce((sum, m) => sum + Math.abs((m.shopFen ?? 0) - (m.wechatFen ?? 0)), 0);
  const listed = open.slice(0, 3).map((m) => `${m.kind} ${m.ref}: ${m.detail}`);
  return detection('reconciliation', doc.day, {
    condition: 'mismatch',
    amountFen: differenceFen,
    // An event, not a lasting state: nothing in the shop marks a mismatch resolved, so a merchant
    // who checked the day marks the alert handled, and only a later run of the day (`ranAt`)
    // that still finds differences raises it again.
    since: doc.ranAt ? new Date(doc.ranAt) : chinaMidnight(doc.day),
    lasting: false,
    detail: `${open.length} of ${doc.mismatchCount} mismatches with WeChat Pay unresolved on ${doc.day}: ${listed.join('; ')}`,
  });
}

const reconciliations: Source = {
  kind: 'reconciliation',
  scan: async (now) => {
    const ids = Array.from({ length: RECONCILIATION_DAYS }, (_unused, i) =>
      reconciliationId(chinaDay(ms(now) - i * DAY_MS)),
    );
    const docs = await findWhere('reconciliations', { _id: _.in(ids) }, { limit: RECONCILIATION_DAYS });
    return { found: docs.flatMap((doc) => reconciliationOf(doc) ?? []), full: false };
  },
  recheck: async (ref) => {
    const doc = await getDoc('reconciliations', reconciliationId(ref));
    return doc ? reconciliationOf(doc) : null;
  },
};

/** One alert per template: how many of its sends were refused lately, and the latest refusal. */
function messagesOf(templateId: string, failures: MessageFailureDocument[]): Detection | null {
  const latest = failures[0];
  if (!latest) return null;
  const code = latest.errCode === null ? 'no error code' : `error ${latest.errCode}`;
  return detection('message', templateId, {
    condition: 'refused',
    amountFen: null,
    since: new Date(latest.at),
    lasting: false,
    detail: `${failures.length} ${latest.purpose} message(s) with template ${templateId} refused in the last 24 hours; latest ${china(new Date(latest.at))} to ${latest.touser}: ${code} ${latest.errMsg}; data ${JSON.stringify(latest.data)}`,
  });
}

const messages: Source = {
  kind: 'message',
  scan: async (now) => {
    const since = new Date(ms(now) - MESSAGE_FAILURE_SHOWN_MS);
    const { found, full } = await page(
      findWhere('messageFailures', { at: _.gte(since) }, { orderBy: [['at', 'desc']], limit: PAGE_SIZE }),
    );
    const byTemplate = new Map<string, MessageFailureDocument[]>();
    for (const failure of found)
      byTemplate.set(failure.templateId, [...(byTemplate.get(failure.templateId) ?? []), failure]);
    return { found: [...byTemplate].flatMap(([id, failures]) => messagesOf(id, failures) ?? []), full };
  },
  recheck: async (ref, now) => {
    const since = new Date(ms(now) - MESSAGE_FAILURE_SHOWN_MS);
    const failures = await findWhere(
      'messageFailures',
      { templateId: ref, at: _.gte(since) },
      { orderBy: [['at', 'desc']], limit: PAGE_SIZE },
    );
    return messagesOf(ref, failures);
  },
};

/** The money and message sources; watch.ts adds the shipping reports' (./shippingSource.ts). */
export const SOURCES: readonly Source[] = [settlements, refunds, transfers, reconciliations, messages];
