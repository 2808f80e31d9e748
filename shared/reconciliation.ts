/**
 * Reconciliation with WeChat Pay (docs/reconciliation.md), the pure half: comparing what the
 * shop recorded for one China day with what WeChat Pay recorded (its trade bill, read by
 * shared/tradeBill.ts, and its answers about single records), into the mismatches of the day's
 * `reconciliations` document. Reading the two sides is cloudfunctions/_lib/reconciliation/.
 */

/** How many and how much, fen. */
export interface Tally {
  count: number;
  fen: number;
}

/** One side's figures for the day. */
export interface SideTotals {
  payments: Tally;
  refunds: Tally;
  transfers: Tally;
}

/** What can disagree; `detail` says how in words. */
export const MISMATCH_KINDS = [
  /** WeChat Pay took a payment the shop does not hold (unknown order, or an order without that payment). */
  'payment_unknown_to_shop',
  /** The shop holds a payment WeChat Pay does not have as paid. */
  'payment_missing_at_wechat',
  'payment_amount_differs',
  /** WeChat Pay made a refund no after-sale or stray payment of the shop asked for. */
  'refund_unknown_to_shop',
  /** The shop recorded a refund as done that WeChat Pay never made. */
  'refund_missing_at_wechat',
  /** The shop recorded a refund as done that failed at WeChat Pay (REFUNDCLOSE, CHANGE). */
  'refund_failed_at_wechat',
  'refund_amount_differs',
  /** The shop paid a withdrawal by a transfer bill WeChat Pay does not have. */
  'transfer_missing_at_wechat',
  /** The withdrawal's status and the bill's state disagree (paid in one, failed or open in the other). */
  'transfer_state_differs',
  'transfer_amount_differs',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export interface ReconciliationMismatch {
  /** `<kind>:<ref>`: the same disagreement has the same id on every run. */
  id: string;
  kind: MismatchKind;
  /** The out_trade_no, out_refund_no or out_bill_no. */
  ref: string;
  /** What the shop holds, fen; null when it holds nothing. */
  shopFen: number | null;
  /** What WeChat Pay holds, fen; null when it holds nothing. */
  wechatFen: number | null;
  /** In English, for the merchant. */
  detail: string;
  /** Set when the merchant dealt with it; a re-run keeps it for a mismatch that is still there. */
  resolved: boolean;
}

/** A document of collection `reconciliations`: one China day, replaced whole by every run of that day. */
export interface ReconciliationDocument {
  /** `recon:<YYYY-MM-DD>`. */
  _id: string;
  /** The China calendar day reconciled, YYYY-MM-DD. */
  day: string;
  ranAt: Date;
  /** `found`: WeChat Pay's bill of the day was read; `none`: it answered No Bill Exist (no payment or refund that day). */
  bill: 'found' | 'none';
  /** Shop records that could not be compared (the run's time ran out, or WeChat Pay's transfer settings are missing). */
  unchecked: number;
  /** True when every record was compared (`unchecked` is 0). */
  complete: boolean;
  /** The shop's payments, refunds and paid transfers dated on the day. */
  shop: SideTotals;
  /** The bill's payments and refunds, and the transfers WeChat Pay reports paid among those asked about. */
  wechat: SideTotals;
  mismatches: ReconciliationMismatch[];
  mismatchCount: number;
}

export function reconciliationId(day: string): string {
  return `recon:${day}`;
}

// ---------------------------------------------------------------------------------------------
// Comparing the two sides of a day
// ---------------------------------------------------------------------------------------------

/** One payment, refund or transfer as the shop holds it. */
export interface ShopRecord {
  /** out_trade_no (the order id), out_refund_no or out_bill_no. */
  ref: string;
  /** What the shop holds, fen; null when it knows the reference but holds no money for it (an unpaid order). */
  fen: number | null;
  /**
   * Payments: `paid` or `stray` (a payment the order did not keep, being refunded); refunds:
   * `done` (completion recorded) or `pending`; transfers: the withdrawal's status (`withdrawn`,
   * `failed`, `paying`).
   */
  state: string;
  /** The China day the shop dates it on, as the bill does (payment time, refund acceptance); null if unknown. */
  day: string | null;
}

/** One payment, refund or transfer as WeChat Pay reports it. */
export interface WechatRecord {
  ref: string;
  /** fen; null when WeChat Pay has nothing (or nothing paid) under the reference. */
  fen: number | null;
  /**
   * Payments: SUCCESS, REFUND (paid, since refunded) or an unpaid trade state, NONE when it has
   * no such order; refunds: SUCCESS, PROCESSING, REFUNDCLOSE, CHANGE or NONE; transfers: the
   * bill's state or NONE.
   */
  state: string;
  /** Listed on the day's bill (the others were asked about one by one). */
  onBill: boolean;
}

/**
 * Everything known about one day. A shop record without a WeChat record was not asked about
 * (it is `unchecked`); a WeChat record without a shop record is one the shop does not know,
 * because the shop's records of every reference the bill lists are always read.
 */
export interface DaySides {
  day: string;
  shop: { payments: ShopRecord[]; refunds: ShopRecord[]; transfers: ShopRecord[] };
  wechat: { payments: WechatRecord[]; refunds: WechatRecord[]; transfers: WechatRecord[] };
}

export interface DayComparison {
  shop: SideTotals;
  wechat: SideTotals;
  mismatches: ReconciliationMismatch[];
  unchecked: number;
}

type Found = Omit<ReconciliationMismatch, 'id' | 'resolved'>;
type Rule = (shop: ShopRecord | undefined, wechat: WechatRecord) => Found | null;

const fenText = (fen: number | null): string => (fen === null ? 'nothing' : `${fen} fen`);
const PAID_AT_WECHAT = ['SUCCESS', 'REFUND'];
const REFUND_FAILED = ['REFUNDCLOSE', 'CHANGE'];

/** Payments: paid on one side only, or for another amount. */
const paymentRule: Rule = (shop, wechat) => {
  const [shopFen, wechatFen] = [shop?.fen ?? null, PAID_AT_WECHAT.includes(wechat.state) ? wechat.fen : null];
  const base = { ref: wechat.ref, shopFen, wechatFen };
  if (wechatFen !== null && shopFen === null)
    return {
      ...base,
      kind: 'payment_unknown_to_shop',
      detail: `WeChat Pay took ${fenText(wechatFen)} for ${wechat.ref}, which the shop does not hold as paid`,
    };
  if (shopFen !== null && wechatFen === null)
    return {
      ...base,
      kind: 'payment_missing_at_wechat',
      detail: `the shop holds ${fenText(shopFen)} paid for ${wechat.ref}; WeChat Pay reports ${wechat.state}`,
    };
  if (shopFen !== wechatFen)
    return {
      ...base,
      kind: 'payment_amount_differs',
      detail: `the shop holds ${fenText(shopFen)} for ${wechat.ref}, WeChat Pay ${fenText(wechatFen)}`,
    };
  return null;
};

/** Refunds: made on one side only, failed at WeChat Pay while done in the shop, or another amount. */
const refundRule: Rule = (shop, wechat) => {
  const made = wechat.state !== 'NONE';
  const base = { ref: wechat.ref, shopFen: shop?.fen ?? null, wechatFen: made ? wechat.fen : null };
  if (!shop)
    return made && !REFUND_FAILED.includes(wechat.state)
      ? {
          ...base,
          kind: 'refund_unknown_to_shop',
          detail: `WeChat Pay refunded ${fenText(wechat.fen)} as ${wechat.ref} (${wechat.state}), which the shop never asked for`,
        }
      : null;
  if (!made)
    return shop.state === 'done'
      ? {
          ...base,
          kind: 'refund_missing_at_wechat',
          detail: `the shop recorded refund ${wechat.ref} of ${fenText(shop.fen)} as done; WeChat Pay never made it`,
        }
      : null;
  if (shop.state === 'done' && REFUND_FAILED.includes(wechat.state))
    return {
      ...base,
      kind: 'refund_failed_at_wechat',
      detail: `the shop recorded refund ${wechat.ref} as done; WeChat Pay reports ${wechat.state}`,
    };
  if (shop.fen !== wechat.fen)
    return {
      ...base,
      kind: 'refund_amount_differs',
      detail: `refund ${wechat.ref} is ${fenText(shop.fen)} in the shop, ${fenText(wechat.fen)} at WeChat Pay`,
    };
  return null;
};

/** What a withdrawal's status says the bill must be: paid, finally not paid, or still open. */
const TRANSFER_EXPECTED: Record<string, string[]> = {
  withdrawn: ['SUCCESS'],
  failed: ['FAIL', 'CANCELLED'],
  paying: ['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM', 'TRANSFERING', 'CANCELING'],
};

/** Transfers: the bill missing, its state not the withdrawal's, or another amount. */
const transferRule: Rule = (shop, wechat) => {
  if (!shop) return null;
  const base = { ref: wechat.ref, shopFen: shop.fen, wechatFen: wechat.state === 'NONE' ? null : wechat.fen };
  if (wechat.state === 'NONE')
    return shop.state === 'paying'
      ? null
      : {
          ...base,
          kind: 'transfer_missing_at_wechat',
          detail: `withdrawal bill ${wechat.ref} is ${shop.state} in the shop; WeChat Pay has no such bill`,
        };
  if (!(TRANSFER_EXPECTED[shop.state] ?? []).includes(wechat.state))
    return {
      ...base,
      kind: 'transfer_state_differs',
      detail: `withdrawal bill ${wechat.ref} is ${shop.state} in the shop, ${wechat.state} at WeChat Pay`,
    };
  if (shop.fen !== wechat.fen)
    return {
      ...base,
      kind: 'transfer_amount_differs',
      detail: `withdrawal bill ${wechat.ref} pays ${fenText(shop.fen)} in the shop, ${fenText(wechat.fen)} at WeChat Pay`,
    };
  return null;
};

function tally(records: Array<{ fen: number | null }>): Tally {
  return records.reduce<Tally>((sum, record) => ({ count: sum.count + 1, fen: sum.fen + (record.fen ?? 0) }), {
    count: 0,
    fen: 0,
  });
}

/** The mismatches of one kind of record, and how many shop records were not asked about. */
function compareRecords(shop: ShopRecord[], wechat: WechatRecord[], rule: Rule): { found: Found[]; unchecked: number } {
  const shopByRef = new Map(shop.map((record) => [record.ref, record]));
  const wechatRefs = new Set(wechat.map((record) => record.ref));
  const found = wechat.map((record) => rule(shopByRef.get(record.ref), record)).filter((entry) => entry !== null);
  return { found, unchecked: shop.filter((record) => !wechatRefs.has(record.ref)).length };
}

/**
 * Compares the day's two sides. `previous` is the day's earlier document, if any: a mismatch
 * still there keeps its `resolved`. The result depends on nothing else, so a re-run with the
 * same records gives the same mismatches in the same order (by id).
 */
export function compareDay(sides: DaySides, previous: ReconciliationMismatch[] = []): DayComparison {
  const { shop, wechat, day } = sides;
  const parts = [
    compareRecords(shop.payments, wechat.payments, paymentRule),
    compareRecords(shop.refunds, wechat.refunds, refundRule),
    compareRecords(shop.transfers, wechat.transfers, transferRule),
  ];
  const resolved = new Set(previous.filter((entry) => entry.resolved).map((entry) => entry.id));
  const mismatches = parts
    .flatMap((part) => part.found)
    .map((entry) => ({ id: `${entry.kind}:${entry.ref}`, ...entry, resolved: false }))
    .map((entry) => ({ ...entry, resolved: resolved.has(entry.id) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const onDay = (records: ShopRecord[]): ShopRecord[] =>
    records.filter((record) => record.day === day && record.fen !== null);
  const onBill = (records: WechatRecord[]): WechatRecord[] => records.filter((record) => record.onBill);
  return {
    shop: {
      payments: tally(onDay(shop.payments)),
      refunds: tally(onDay(shop.refunds)),
      transfers: tally(onDay(shop.transfers).filter((record) => record.state === 'withdrawn')),
    },
    wechat: {
      payments: tally(onBill(wechat.payments)),
      refunds: tally(onBill(wechat.refunds)),
      transfers: tally(wechat.transfers.filter((record) => record.state === 'SUCCESS')),
    },
    mismatches,
    unchecked: parts.reduce((sum, part) => sum + part.unchecked, 0),
  };
}

/** The references on one side only: which records must be looked up on the other. */
export function onlyIn(refs: Iterable<string>, others: Iterable<string>): string[] {
  const known = new Set(others);
  return [...new Set(refs)].filter((ref) => !known.has(ref)).sort();
}

/** True when the China day `day` (YYYY-MM-DD) ended before `today` (YYYY-MM-DD): only then can it have a bill. */
export function dayIsOver(day: string, today: string): boolean {
  return day < today;
}
