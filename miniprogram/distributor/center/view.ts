/** The distributor center's view of a `distributor.center` answer: labels and formatted figures. */
import type { CenterOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { DISTRIBUTOR_STATUS_LABELS, formatRateBp, GRADE_METRIC_LABELS } from '../../utils/format';

const LEVEL_NAMES = ['一级', '二级', '三级'];

export interface CenterView {
  statusLabel: string;
  isDistributor: boolean;
  canApply: boolean;
  gradeName: string;
  rates: string;
  shareCode: string;
  team: { direct: number; level2: number; level3: number; showLevel2: boolean; showLevel3: boolean };
  nextGrade: { name: string; conditions: Array<{ label: string; progress: string; met: boolean }> } | null;
  applicationNote: string;
}

/** A condition's figures: people are counted, amounts are fen. */
function figure(metric: string, value: number): string {
  return metric.endsWith('Fen') ? formatFen(value) : `${value} 人`;
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
    canApply: !isDistributor && recruitment === 'apply' && ['none', 'rejected', 'exited'].includes(status),
    gradeName: grade.name,
    rates: grade.ratesBp.map((rate, level) => `${LEVEL_NAMES[level] ?? `${level + 1}级`} ${formatRateBp(rate)}`).join(' · '),
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
          conditions: nextGrade.conditions.map((condition) => ({
            label: GRADE_METRIC_LABELS[condition.metric] ?? condition.metric,
            progress: `${figure(condition.metric, condition.current)} / ${figure(condition.metric, condition.target)}`,
            met: condition.met,
          })),
        }
      : null,
    applicationNote: applicationNote(center),
  };
}
