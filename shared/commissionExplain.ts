/**
 * Every commission explains itself: from the stored commission, its order line
 * and whether an after-sale holds the line, a pure function builds what the distributor sees —
 * the product, the level, the base and the discounts that reduced it, the rate or fixed amount, the exact product before rounding
 * and the floored amount, the cap, the status with its history, and the release date or why the
 * commission is still frozen or held. Structured fields for code, Chinese lines for the screen.
 *
 * Pure (no clock, no I/O): the caller passes `now`. Used by the distributor function. The exact
 * arithmetic (products beyond 2^53) is shared/exactMath.ts, without BigInt, so the same code can
 * run in the mini-program on engines that lack BigInt.
 */
import type { CommissionView, CommissionViewStatus } from './contracts/distributorLedger';
import { chinaDateTime } from './earnings';
import type { CommissionDocument } from './ledger';
import { decimalText, fractionText, mulDiv } from './exactMath';
import { BASIS_POINTS_PER_WHOLE, formatExactFen, formatFen } from './money';
import { ORDER_STATUS_LABELS, type OrderStatus } from './orderStates';

export const LEVEL_LABELS: Readonly<Record<number, string>> = { 1: '一级', 2: '二级', 3: '三级' };

export const COMMISSION_STATUS_LABELS: Readonly<Record<CommissionViewStatus, string>> = {
  frozen: '冻结中',
  held: '售后冻结',
  releasing: '结算中',
  released: '已结算',
  reversed: '已失效',
};

/** The order line as far as the explanation needs it (shared/orders.ts OrderLine). */
export interface ExplainLine {
  name: string;
  spec: string;
  skuId: string;
  quantity: number;
  attribution: { capFen: number; levels: ReadonlyArray<{ level: number; uncappedFen: number }> };
  /** The line at its original price, fen (unit price × quantity); absent in older callers. */
  lineTotalFen?: number;
  /** The discounts that reduced the line's base, each with its share in fen; absent on older orders. */
  discounts?: ReadonlyArray<{
    source: 'activity' | 'distributorPrice' | 'fullReduction' | 'coupon';
    name: string;
    amountFen: number;
  }>;
}

const DISCOUNT_LABELS = {
  activity: '限时折扣',
  distributorPrice: '分销专属价',
  fullReduction: '满减',
  coupon: '优惠券',
} as const;

/**
 * How the base came to be: the original price less each discount, by name (实付 = 原价 − 限时折扣
 * 「…」 − 满减「…」 − 优惠券「…」). Null when no discount reduced the line.
 */
function baseText(line: ExplainLine | null, baseFen: number): string | null {
  const discounts = (line?.discounts ?? []).filter((discount) => discount.amountFen > 0);
  if (!line || discounts.length === 0 || line.lineTotalFen === undefined) return null;
  const parts = discounts.map(
    // The distributor price's name is its label, so it is shown once.
    (discount) => {
      const label = DISCOUNT_LABELS[discount.source];
      return ` − ${discount.name === label ? label : `${label}「${discount.name}」`}${formatFen(discount.amountFen)}`;
    },
  );
  return `实付 ${formatFen(baseFen)} = 原价 ${formatFen(line.lineTotalFen)}${parts.join('')}`;
}

export interface ExplainInput {
  commission: Pick<
    CommissionDocument,
    | '_id'
    | 'orderId'
    | 'lineIndex'
    | 'level'
    | 'amountFen'
    | 'baseFen'
    | 'basis'
    | 'capApplied'
    | 'status'
    | 'reversedFen'
    | 'clawedBackFen'
    | 'releaseAt'
    | 'releasedAt'
    | 'history'
    | 'createdAt'
    | 'riskHold'
  >;
  /** The commission's order line and the order's status; null when the order could not be read. */
  line: ExplainLine | null;
  orderStatus: OrderStatus | null;
  /** An open after-sale request names the commission's order line (cloudfunctions/_lib/afterSaleHolds.ts). */
  held: boolean;
  now: Date;
}

/** The status shown: a frozen commission on a line with an open after-sale is held. */
export function viewStatus(status: CommissionDocument['status'], held: boolean): CommissionViewStatus {
  return status === 'frozen' && held ? 'held' : status;
}

/** A rate in basis points as a percentage: 1000 → 10%, 1250 → 12.5%, 5 → 0.05%. */
export function rateText(rateBp: number): string {
  return `${fractionText(rateBp, 1, 100, 2)}%`;
}

/** A buyer's nickname as other people see it: the first and last characters kept (张**三, 小*). */
export function maskNickname(nickname: string): string {
  const chars = Array.from(nickname.trim());
  if (chars.length === 0) return '微信用户';
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}**${chars[chars.length - 1]}`;
}

function iso(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}

type Computation = CommissionView['computation'];

/** The level's amount before the cap, exactly, and the cap's proportional scaling when it applied. */
function computationOf(input: ExplainInput): Computation {
  const { commission, line } = input;
  const { basis, baseFen } = commission;
  const quantity = line?.quantity ?? null;
  // The level's exact amount is a × b / c: base × rate / 10000, or fixed × quantity / 1.
  const [a, b, c] =
    basis.kind === 'rate' ? [baseFen, basis.rateBp, BASIS_POINTS_PER_WHOLE] : [basis.fixedFenPerUnit, quantity ?? 0, 1];
  const exact = mulDiv(a, b, c);
  const stored = line?.attribution.levels.find((level) => level.level === commission.level)?.uncappedFen;
  // Without the order line a fixed amount's quantity is unknown; the amount itself is the best figure then.
  const uncappedFen = stored ?? (basis.kind === 'rate' || quantity !== null ? exact.quotient : commission.amountFen);
  const exactFen =
    basis.kind === 'fixed' && quantity === null ? String(uncappedFen) : decimalText(exact.quotient, exact.remainder, c);
  // What flooring took off: a × b / c − uncappedFen, shown only when positive.
  const roundedOff =
    exact.quotient > uncappedFen || (exact.quotient === uncappedFen && exact.remainder > 0)
      ? decimalText(exact.quotient - uncappedFen, exact.remainder, c)
      : '0';
  const lineUncappedFen =
    commission.capApplied && line ? line.attribution.levels.reduce((sum, level) => sum + level.uncappedFen, 0) : null;
  const capFen = commission.capApplied && line ? line.attribution.capFen : null;
  const cappedExactFen = capFen !== null && lineUncappedFen ? fractionText(uncappedFen, capFen, lineUncappedFen) : null;
  return {
    exactFen,
    roundedOffFen: roundedOff,
    uncappedFen,
    capApplied: commission.capApplied,
    capFen,
    lineUncappedFen,
    cappedExactFen,
  };
}

function pendingOf(input: ExplainInput, status: CommissionViewStatus): CommissionView['pending'] {
  const { commission, now, orderStatus } = input;
  const releaseAt = commission.releaseAt;
  if (status === 'held') {
    return { reason: 'AFTER_SALE_OPEN', until: iso(releaseAt), text: '该商品有售后申请正在处理，处理完成前暂不结算' };
  }
  if (status === 'releasing') return { reason: 'RELEASING', until: iso(releaseAt), text: '正在结算到可提现余额' };
  if (status !== 'frozen') return null;
  // A risk hold waits for the merchant, whatever the date; the signals are the merchant's to see.
  if (commission.riskHold) return { reason: 'RISK_REVIEW', until: null, text: '订单待商家审核，审核通过后结算' };
  if (!releaseAt) {
    const where = orderStatus && orderStatus !== 'completed' ? `订单${ORDER_STATUS_LABELS[orderStatus]}，` : '';
    const text = orderStatus === 'completed' ? '订单已完成，正在安排结算日期' : `${where}确认收货并过了售后期后结算`;
    return { reason: 'ORDER_NOT_COMPLETED', until: null, text };
  }
  if (releaseAt.getTime() > now.getTime()) {
    return {
      reason: 'RETURN_WINDOW',
      until: releaseAt.toISOString(),
      text: `售后期内，预计 ${chinaDateTime(releaseAt)} 结算`,
    };
  }
  return { reason: 'RELEASE_DUE', until: releaseAt.toISOString(), text: '已过售后期，等待系统结算' };
}

function historyOf(input: ExplainInput): CommissionView['history'] {
  const { commission } = input;
  return commission.history.map((event) => {
    const amountFen = event.amountFen ?? null;
    const refund = event.refundId ? `（退款单 ${event.refundId}）` : '';
    const text = {
      settled: `订单已支付，获得佣金 ${formatFen(commission.amountFen)}，冻结中`,
      scheduled: event.releaseAt ? `订单已完成，预计 ${chinaDateTime(event.releaseAt)} 结算` : '订单已完成',
      released: `已结算 ${formatFen(commission.amountFen - commission.reversedFen)} 到可提现余额`,
      reversed: `退款使佣金失效 ${formatFen(amountFen ?? 0)}${refund}`,
      clawedBack: `结算后退款，扣回佣金 ${formatFen(amountFen ?? 0)}${refund}`,
      forfeited: `退出推广，冻结佣金 ${formatFen(amountFen ?? 0)} 作废`,
    }[event.event];
    return {
      event: event.event,
      at: event.at.toISOString(),
      amountFen,
      refundId: event.refundId ?? null,
      releaseAt: iso(event.releaseAt),
      text,
    };
  });
}

/** The Chinese lines: product, how the amount was computed (rounding, cap), refunds, standing. */
function explanationOf(input: ExplainInput, view: Omit<CommissionView, 'explanation'>): string[] {
  const { commission, line } = input;
  const c = view.computation;
  const lines = [
    `订单 ${commission.orderId}${line ? ` · ${line.name}${line.spec ? `（${line.spec}）` : ''} × ${line.quantity}` : ''}`,
  ];
  const base = baseText(line, commission.baseFen);
  if (base) lines.push(base);
  const rounding = c.roundedOffFen === '0' ? '' : `，向下取整为 ${formatFen(c.uncappedFen)}`;
  lines.push(
    commission.basis.kind === 'rate'
      ? `${view.levelLabel}佣金：实付 ${formatFen(commission.baseFen)} × ${view.basisText} = ${formatExactFen(c.exactFen)}${rounding}`
      : `${view.levelLabel}佣金：${view.basisText}${line ? ` × ${line.quantity} 件` : ''} = ${formatFen(c.uncappedFen)}`,
  );
  if (c.capApplied) {
    lines.push(
      c.capFen !== null && c.lineUncappedFen !== null && c.cappedExactFen !== null
        ? `本商品各级佣金合计 ${formatFen(c.lineUncappedFen)} 超过封顶 ${formatFen(c.capFen)}，按比例缩减：${formatExactFen(c.cappedExactFen)}，向下取整为 ${formatFen(commission.amountFen)}`
        : `本商品佣金超过封顶，按比例缩减为 ${formatFen(commission.amountFen)}`,
    );
  }
  if (commission.reversedFen > 0) lines.push(`退款使佣金失效 ${formatFen(commission.reversedFen)}`);
  if (commission.clawedBackFen > 0) lines.push(`结算后退款，扣回 ${formatFen(commission.clawedBackFen)}`);
  if (commission.reversedFen > 0 || commission.clawedBackFen > 0) lines.push(`实得佣金 ${formatFen(view.netFen)}`);
  if (view.pending) lines.push(view.pending.text);
  else if (view.status === 'released')
    lines.push(
      commission.releasedAt ? `已于 ${chinaDateTime(commission.releasedAt)} 结算到可提现余额` : '已结算到可提现余额',
    );
  else lines.push('订单已全额退款，佣金已失效');
  return lines;
}

export function explainCommission(input: ExplainInput): CommissionView {
  const { commission, line } = input;
  const status = viewStatus(commission.status, input.held);
  const basis =
    commission.basis.kind === 'rate'
      ? { kind: 'rate' as const, rateBp: commission.basis.rateBp }
      : { kind: 'fixed' as const, fixedFenPerUnit: commission.basis.fixedFenPerUnit };
  const view: Omit<CommissionView, 'explanation'> = {
    id: commission._id,
    orderId: commission.orderId,
    lineIndex: commission.lineIndex,
    level: commission.level,
    levelLabel: LEVEL_LABELS[commission.level] ?? `${commission.level}级`,
    product: line ? { name: line.name, spec: line.spec, skuId: line.skuId, quantity: line.quantity } : null,
    baseFen: commission.baseFen,
    basis,
    basisText: basis.kind === 'rate' ? rateText(basis.rateBp) : `每件 ${formatFen(basis.fixedFenPerUnit)}`,
    computation: computationOf(input),
    amountFen: commission.amountFen,
    reversedFen: commission.reversedFen,
    clawedBackFen: commission.clawedBackFen,
    netFen: commission.amountFen - commission.reversedFen - commission.clawedBackFen,
    status,
    statusLabel: COMMISSION_STATUS_LABELS[status],
    pending: pendingOf(input, status),
    releaseAt: iso(commission.releaseAt),
    releasedAt: iso(commission.releasedAt),
    createdAt: commission.createdAt.toISOString(),
    history: historyOf(input),
  };
  return { ...view, explanation: explanationOf(input, view) };
}
