/**
 * 佣金详情: one commission explained in full, from the CommissionView the function built
 * (shared/commissionExplain.ts): the order line and level; the base, the rate or fixed amount,
 * the exact value before rounding and the floored amount; the cap when it applied; refunds; the
 * release date or why it is still frozen or held; and the status history as a timeline.
 */
import type { CommissionView } from '@shared/contracts/distributorLedger';
import { formatExactFen, formatFen } from '@shared/money';
import { formatDateTime } from '../../utils/format';
import { COMMISSION_THEMES, productText, reasonOf, type StatusTheme } from '../commissions/rows';

export interface DetailLine {
  key: string;
  label: string;
  value: string;
  /** Shown emphasised (the amounts that count). */
  strong: boolean;
}

export interface CommissionDetail {
  amount: string;
  statusLabel: string;
  theme: StatusTheme;
  reason: string;
  order: DetailLine[];
  computation: DetailLine[];
  settlement: DetailLine[];
  timeline: Array<{ key: string; text: string; time: string }>;
  explanation: string[];
}

function line(label: string, value: string, strong = false): DetailLine {
  return { key: label, label, value, strong };
}

function computationLines(view: CommissionView): DetailLine[] {
  const c = view.computation;
  const lines = [line('佣金基数（实付金额）', formatFen(view.baseFen))];
  if (view.basis.kind === 'rate') {
    lines.push(line('佣金比例', view.basisText), line('计算值（取整前）', formatExactFen(c.exactFen)));
  } else {
    lines.push(line('固定佣金', view.product ? `${view.basisText} × ${view.product.quantity} 件` : view.basisText));
  }
  lines.push(
    line(
      '向下取整',
      c.roundedOffFen === '0' ? formatFen(c.uncappedFen) : `${formatFen(c.uncappedFen)}（舍去 ${c.roundedOffFen} 分）`,
    ),
  );
  if (c.capApplied) {
    if (c.capFen !== null && c.lineUncappedFen !== null) {
      lines.push(line('本商品各级佣金合计', formatFen(c.lineUncappedFen)), line('佣金封顶', formatFen(c.capFen)));
    }
    if (c.cappedExactFen !== null) lines.push(line('按比例缩减（取整前）', formatExactFen(c.cappedExactFen)));
    lines.push(line('封顶后佣金', formatFen(view.amountFen)));
  }
  lines.push(line('获得佣金', formatFen(view.amountFen), true));
  if (view.reversedFen > 0) lines.push(line('退款失效', `-${formatFen(view.reversedFen)}`));
  if (view.clawedBackFen > 0) lines.push(line('结算后扣回', `-${formatFen(view.clawedBackFen)}`));
  if (view.reversedFen > 0 || view.clawedBackFen > 0) lines.push(line('实得佣金', formatFen(view.netFen), true));
  return lines;
}

function settlementLines(view: CommissionView): DetailLine[] {
  const lines = [line('佣金产生', formatDateTime(view.createdAt))];
  if (view.releasedAt) lines.push(line('结算时间', formatDateTime(view.releasedAt)));
  else if (view.releaseAt && view.status !== 'reversed') lines.push(line('预计结算', formatDateTime(view.releaseAt)));
  if (view.pending) lines.push(line(view.status === 'held' ? '售后冻结原因' : '冻结原因', view.pending.text));
  return lines;
}

export function commissionDetail(view: CommissionView): CommissionDetail {
  return {
    amount: formatFen(view.netFen),
    statusLabel: view.statusLabel,
    theme: COMMISSION_THEMES[view.status],
    reason: reasonOf(view),
    order: [line('订单号', view.orderId), line('商品', productText(view)), line('佣金级别', `${view.levelLabel}佣金`)],
    computation: computationLines(view),
    settlement: settlementLines(view),
    timeline: view.history.map((event, index) => ({
      key: `${index}`,
      text: event.text,
      time: formatDateTime(event.at),
    })),
    explanation: view.explanation,
  };
}
