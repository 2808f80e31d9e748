/**
 * The checkout's points switch (积分抵扣, docs/wallet.md section 4), from the quote's `points`:
 * what the order would spend and take off with the switch on. Absent when the shop has points off.
 */
import type { QuoteOutput } from '@shared/contracts/quote';
import { formatFen } from '@shared/money';

export interface PointsSwitchView {
  /** 使用 640 积分抵 ¥6.40 (formatFen), or why nothing can be taken off. */
  label: string;
  /** Whether the switch can be turned on (the order would spend some points). */
  usable: boolean;
}

export function pointsSwitch(q: QuoteOutput): PointsSwitchView | null {
  if (!q.points) return null;
  const { availablePoints, usedPoints, offFen } = q.points;
  if (usedPoints === 0)
    return { label: availablePoints > 0 ? `积分 ${availablePoints}，本单不可抵扣` : '暂无可用积分', usable: false };
  return { label: `使用 ${usedPoints} 积分抵 ${formatFen(offFen)}`, usable: true };
}
