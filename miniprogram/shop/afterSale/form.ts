/**
 * The after-sale form's rules, checked on the page before `afterSale.request` against what
 * `afterSale.refundable` says each line may still ask for (the function decides again under a
 * transaction). Amounts are typed in yuan and kept in fen.
 */
import type { RefundableOutput } from '@shared/contracts/afterSale';

export type RefundableLine = RefundableOutput['lines'][number];
export type AfterSaleKindChoice = 'refundOnly' | 'returnAndRefund';

/** "12.5" → 1250 fen, exactly (no floating point); null for anything that is not 0.01-style yuan. */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Fen as the yuan an input shows: 1250 → "12.50". */
export function yuanText(amountFen: number): string {
  return `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
}

/**
 * The suggested amount for `quantity` units: their share of what the line paid, and exactly
 * what is left for the line's last units, so the shares add up to what was paid. The same rule
 * as proportionalAmountFen in shared/afterSales.ts (not imported: that module brings zod with it).
 */
export function suggestedAmountFen(line: RefundableLine, quantity: number): number {
  if (quantity >= line.remainingQuantity || quantity === 0) return line.remainingFen;
  return Math.min(line.remainingFen, Math.floor((line.paidFen * quantity) / line.quantity));
}

export interface ChosenLine {
  lineIndex: number;
  quantity: number;
  amountText: string;
}

export type CheckedRequest =
  | { ok: true; lines: Array<{ lineIndex: number; quantity: number; amountFen: number }>; reason: string }
  | { ok: false; message: string };

export function checkRequest(
  kind: AfterSaleKindChoice,
  chosen: ReadonlyArray<ChosenLine>,
  lines: ReadonlyArray<RefundableLine>,
  reason: string,
): CheckedRequest {
  if (chosen.length === 0) return { ok: false, message: '请选择要售后的商品' };
  const requested = [];
  for (const entry of chosen) {
    const line = lines.find((candidate) => candidate.lineIndex === entry.lineIndex);
    if (!line) return { ok: false, message: '商品不存在' };
    const amountFen = parseYuan(entry.amountText);
    if (amountFen === null || amountFen < 1) return { ok: false, message: `请填写「${line.name}」的退款金额` };
    if (amountFen > line.remainingFen)
      return { ok: false, message: `「${line.name}」最多可退 ${yuanText(line.remainingFen)} 元` };
    if (entry.quantity > line.remainingQuantity)
      return { ok: false, message: `「${line.name}」最多可退 ${line.remainingQuantity} 件` };
    if (kind === 'returnAndRefund' && entry.quantity < 1)
      return { ok: false, message: `退货退款请填写「${line.name}」的退货数量` };
    requested.push({ lineIndex: entry.lineIndex, quantity: entry.quantity, amountFen });
  }
  const trimmed = reason.trim();
  if (trimmed.length === 0) return { ok: false, message: '请填写申请原因' };
  if (trimmed.length > 200) return { ok: false, message: '申请原因最多 200 个字' };
  return { ok: true, lines: requested, reason: trimmed };
}
