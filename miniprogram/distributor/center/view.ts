/** The distributor center's view of a `distributor.center` answer: labels and formatted figures. */
import type { CenterOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { DISTRIBUTOR_STATUS_LABELS, formatRateBp, GRADE_METRIC_LABELS } from '../../utils/format';
import { earningsChart, type ChartView } from './chart';
import { exitConfirmText, exitStateView, type ExitStateView } from './exit';

const LEVEL_NAMES = ['一级', '二级', '三级'];

export interface CenterView {
  statusLabel: string;
  isDistributor: boolean;
  canApply: boolean;
  gradeName: string;
  rates: string;
  shareCode: string;
  team: { direct: number; level2: number; level3: number; showLevel2: boolean; showLevel3: boolean };
  nextGrade: {
    name: string;
    /** What is still missing, any one condition being enough: 再邀请 17 人 或 团队业绩还差 ¥8,750.00. */
    hint: string;
    conditions: Array<{ label: string; progress: string; met: boolean }>;
  } | null;
  applicationNote: string;
  ledger: LedgerView;
  /** What the 退出推广 confirmation says under the shop's rules. */
  exitConfirm: string;
  /** After an exit: the final state; null before. */
  exited: ExitStateView | null;
  /** This month's team bonus progress (团队奖励); null while the shop pays none. */
  teamBonus: { sales: string; reached: string; next: string } | null;
}

/** The money part: balances (我的佣金), earnings, the chart and the notes of the ledger links. */
export interface LedgerView {
  /** Distributors, and former ones who still have money or earned some (it stays theirs). */
  show: boolean;
  balances: { frozen: string; available: string; withdrawing: string; withdrawn: string };
  /** The available balance is below zero: a refund after release took back commission. */
  negative: boolean;
  earnings: { today: string; month: string; total: string };
  chart: ChartView;
  notes: { commissions: string; promotion: string; withdrawals: string };
}

function joinNotes(parts: Array<[count: number, label: string]>): string {
  return parts
    .filter(([count]) => count > 0)
    .map(([count, label]) => `${label} ${count}`)
    .join(' · ');
}

export function ledgerView(center: CenterOutput): LedgerView {
  const { balances, earnings, counts } = center;
  const hasMoney = Object.values(balances).some((fen) => fen !== 0) || earnings.totalFen !== 0;
  return {
    show: center.isDistributor || hasMoney,
    balances: {
      frozen: formatFen(balances.frozenFen),
      available: formatFen(balances.availableFen),
      withdrawing: formatFen(balances.withdrawingFen),
      withdrawn: formatFen(balances.withdrawnFen),
    },
    negative: balances.availableFen < 0,
    earnings: {
      today: formatFen(earnings.todayFen),
      month: formatFen(earnings.monthFen),
      total: formatFen(earnings.totalFen),
    },
    chart: earningsChart(center.earningsChart),
    notes: {
      commissions: joinNotes([
        [counts.commissions.frozen + counts.commissions.releasing, '冻结中'],
        [counts.commissions.held, '售后冻结'],
      ]),
      promotion: counts.promotionOrders > 0 ? `${counts.promotionOrders} 单` : '',
      withdrawals: joinNotes([
        [counts.withdrawalsReviewing, '审核中'],
        [counts.withdrawalsPaying, '打款中'],
      ]),
    },
  };
}

/** A condition's figures: people are counted, amounts are fen. */
function figure(metric: string, value: number): string {
  return metric.endsWith('Fen') ? formatFen(value) : `${value} 人`;
}

/** What one condition still lacks, in the words of the page. */
const REMAINING: Record<string, (remaining: string) => string> = {
  directInvitees: (remaining) => `再邀请 ${remaining}`,
  ownPaidSpendFen: (remaining) => `自购金额还差 ${remaining}`,
  teamPaidSalesFen: (remaining) => `团队业绩还差 ${remaining}`,
  releasedCommissionFen: (remaining) => `已结算佣金还差 ${remaining}`,
};

/** The server counts what is missing (distributor.center), from the figures the upgrade sweep uses. */
function nextGradeHint(nextGrade: NonNullable<CenterOutput['nextGrade']>): string {
  const missing = nextGrade.conditions
    .filter((condition) => !condition.met)
    .map((condition) => {
      const shown = figure(condition.metric, condition.remaining);
      return (REMAINING[condition.metric] ?? ((remaining: string) => `还差 ${remaining}`))(shown);
    });
  if (missing.length < nextGrade.conditions.length) return `已满足升级条件，即将升级为${nextGrade.name}`;
  return `${missing.join(' 或 ')}，即可升级为${nextGrade.name}`;
}

/** A leaver whom the rules' exit.rejoin keeps out (for good, or until `rejoinFrom`) is not offered 申请. */
function barredFromRejoining(center: CenterOutput): boolean {
  const exit = center.exit;
  if (center.status !== 'exited' || !exit?.record) return false;
  return exit.rejoin === 'never' || exit.record.rejoinFrom !== null;
}

function applicationNote(center: CenterOutput): string {
  const application = center.application;
  if (!application || center.isDistributor) return '';
  if (application.status === 'pending') return '申请已提交，等待商家审核';
  if (application.status === 'rejected') return `申请未通过：${application.reviewReason ?? '未说明原因'}`;
  return '';
}

export function centerView(center: CenterOutput): CenterView {
  const { status, isDistributor, recruitment, grade, team, nextGrade } = center;
  return {
    statusLabel: DISTRIBUTOR_STATUS_LABELS[status] ?? status,
    isDistributor,
    canApply:
      !isDistributor &&
      recruitment === 'apply' &&
      ['none', 'rejected', 'exited'].includes(status) &&
      !barredFromRejoining(center),
    gradeName: grade.name,
    rates: grade.ratesBp
      .map((rate, level) => `${LEVEL_NAMES[level] ?? `${level + 1}级`} ${formatRateBp(rate)}`)
      .join(' · '),
    shareCode: center.shareCode,
    team: {
      direct: team.directMembers,
      level2: team.level2Members,
      level3: team.level3Members,
      showLevel2: center.levels >= 2,
      showLevel3: center.levels >= 3,
    },
    nextGrade: nextGrade
      ? {
          name: nextGrade.name,
          hint: nextGradeHint(nextGrade),
          conditions: nextGrade.conditions.map((condition) => ({
            label: GRADE_METRIC_LABELS[condition.metric] ?? condition.metric,
            progress: `${figure(condition.metric, condition.current)} / ${figure(condition.metric, condition.target)}`,
            met: condition.met,
          })),
        }
      : null,
    applicationNote: applicationNote(center),
    ledger: ledgerView(center),
    exitConfirm: exitConfirmText(center.exit),
    exited: center.status === 'exited' ? exitStateView(center.exit) : null,
    teamBonus: teamBonusView(center.teamBonus),
  };
}

/** The center's 团队奖励 card: the team sales so far, the tier reached and what the next one lacks. */
function teamBonusView(progress: CenterOutput['teamBonus']): CenterView['teamBonus'] {
  if (!progress) return null;
  return {
    sales: formatFen(progress.teamSalesFen),
    reached: progress.reached
      ? `已达：${progress.reached.text}，本月预计 ${formatFen(progress.reached.bonusFen)}`
      : '还未达到任何档位',
    next: progress.next ? `下一档：${progress.next.text}，还差 ${formatFen(progress.next.missingFen)}` : '已达最高档位',
  };
}
