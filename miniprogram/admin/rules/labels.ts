/** Chinese names of the rules' options (the glossary of docs/rules.md) and the limit hints shown under fields. */
import type { RulesLimits } from '@shared/contracts/admin';
import { formatFen } from '@shared/money';

export interface Option {
  value: string;
  label: string;
}

const OPTION_LABELS: Record<string, Record<string, string>> = {
  recruitment: { everyone: '人人分销', apply: '申请审核', designated: '指定分销' },
  bindingScope: { all: '所有用户', newCustomersOnly: '仅未下单的新客户' },
  bindingDuration: { permanent: '永久绑定（首次点击）', days: '限期绑定', lastClick: '最后点击（每次分享重新绑定）' },
  withdrawChannels: { wechatTransfer: '微信转账', manual: '人工打款', balance: '到余额' },
  withdrawReview: { manual: '人工审核', autoBelow: '低于某金额自动通过' },
};

/** The allowed values of an option, with their names (the value itself when it has none). */
export function optionsOf(kind: string, values: string[]): Option[] {
  return values.map((value) => ({ value, label: OPTION_LABELS[kind]?.[value] ?? value }));
}

export type LimitHints = Record<
  | 'levels'
  | 'rate'
  | 'amount'
  | 'bindingDays'
  | 'returnWindowDays'
  | 'autoConfirmDays'
  | 'unpaidTimeoutMinutes'
  | 'withdrawMaxPerDay',
  string
>;

/** One line per field: the legal range, as the admin function answers it. */
export function limitHints(limits: RulesLimits): LimitHints {
  const range = (r: { min: number; max: number }, unit: string) => `${r.min}-${r.max}${unit}`;
  return {
    levels: `${range(limits.levels, ' 级')}，依法最多 ${limits.maxLevels} 级`,
    rate: `每项 ${limits.rateBp.min / 100}%-${limits.rateBp.max / 100}%，最多两位小数`,
    amount: `${formatFen(limits.amountFen.min)} 至 ${formatFen(limits.amountFen.max)}`,
    bindingDays: range(limits.bindingDays, ' 天'),
    returnWindowDays: range(limits.returnWindowDays, ' 天'),
    autoConfirmDays: range(limits.autoConfirmDays, ' 天'),
    unpaidTimeoutMinutes: range(limits.unpaidTimeoutMinutes, ' 分钟'),
    withdrawMaxPerDay: range(limits.withdrawMaxPerDay, ' 次'),
  };
}
