/**
 * Display helpers for pages. Amounts are formatted only by formatFen (shared/money.ts); this
 * module adds dates and the Chinese names of statuses (the glossary of docs/rules.md). Dates
 * are China time, through shared/chinaTime.ts (dayjs with a fixed +08:00 offset).
 */
import { chinaDateTime, chinaDay, chinaMonth } from '@shared/chinaTime';

/** "2026-03-05" for an ISO time (the China calendar date); "" for null or an unreadable value. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : chinaDay(time);
}

/** "2026-03-05 14:30" for an ISO time (China time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : chinaDateTime(time);
}

/** The current month in China time, "YYYY-MM", as the ranking function expects. */
export function currentMonth(now: number = Date.now()): string {
  return chinaMonth(now);
}

/** A rate in basis points as a percentage: 1000 -> "10%", 1050 -> "10.5%". */
export function formatRateBp(rateBp: number): string {
  return `${Number((rateBp / 100).toFixed(2))}%`;
}

export const DISTRIBUTOR_STATUS_LABELS: Record<string, string> = {
  none: '未加入',
  pending: '审核中',
  approved: '分销员',
  rejected: '未通过',
  disabled: '已停用',
  exited: '已退出',
};

export const APPLICATION_STATUS_LABELS: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已拒绝',
  retracted: '已撤回',
};

/** The names of the grade upgrade conditions (shared/grades.ts metrics). */
export const GRADE_METRIC_LABELS: Record<string, string> = {
  directInvitees: '直属成员',
  ownPaidSpendFen: '自购金额',
  teamPaidSalesFen: '团队业绩',
  releasedCommissionFen: '已结算佣金',
};

/** The nickname to show: WeChat's default when the user has not set one. */
export function displayName(nickname: string): string {
  return nickname.trim() === '' ? '微信用户' : nickname;
}
