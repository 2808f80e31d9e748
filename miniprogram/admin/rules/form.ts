/**
 * The rules form (分销规则) as plain data: from stored rules to editable text fields and back,
 * checked against the legal limits the admin function answers (`rulesLimits`, derived from the
 * zod schema in shared/rules.ts). The schema itself is not bundled: zod alone would add about
 * 470 KB to the mini-program. Anything these checks miss (none known) is still refused by the
 * function with INVALID_INPUT, whose message the page shows.
 *
 * Merchants type rates as percentages and amounts in yuan; the rules hold basis points and fen.
 * Both conversions are exact string arithmetic, never floating point.
 */
import type { RulesLimits } from '@shared/contracts/admin';
import type { Rules } from '@shared/rules';
import { exitFormOf, exitOf, type ExitForm } from './exitForm';

type Range = { min: number; max: number };

export interface GradeForm {
  id: string;
  name: string;
  /** One percentage per commission level, e.g. "10" or "12.5". */
  rates: string[];
}

/** A subscribe-message template as typed: an empty template id turns the message off. */
export interface TemplateForm {
  templateId: string;
  /** The template's keywords carrying the amount, the time and the note, e.g. amount1, time2, thing3. */
  amount: string;
  time: string;
  note: string;
}

/** The distributors' messages and the admins' alert message (docs/alerts.md). */
export type NotificationKind = 'commission' | 'withdrawal' | 'alert';

export interface RulesForm extends ExitForm {
  levels: number;
  recruitment: string;
  bindingScope: string;
  bindingKind: string;
  bindingDays: string;
  selfPurchase: boolean;
  capPercent: string;
  returnWindowDays: string;
  autoConfirmDays: string;
  unpaidTimeoutMinutes: string;
  withdrawMinYuan: string;
  withdrawMaxYuan: string;
  withdrawFeePercent: string;
  /** The fee of withdrawing to the balance (到余额), percent; the rules keep it apart from the transfers' fee. */
  withdrawBalanceFeePercent: string;
  withdrawMaxPerDay: string;
  /** The payout channels offered to distributors (wechatTransfer, manual): at least one. */
  withdrawChannels: string[];
  /** Review mode: manual, or autoBelow (approved without the merchant below withdrawAutoBelowYuan). */
  withdrawReview: string;
  withdrawAutoBelowYuan: string;
  grades: GradeForm[];
  /** The alert template may be absent (a form built before it existed): that is off, as an empty id is. */
  notifications: Record<Exclude<NotificationKind, 'alert'>, TemplateForm> & { alert?: TemplateForm };
}

/** Field name (or `grades.<i>.rates.<level>`) -> what is wrong with it. */
export type FormErrors = Record<string, string>;

/** "12.5" -> 1250 basis points; undefined for anything but a number with at most 2 decimals. */
export function percentToBp(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function bpToPercent(rateBp: number): string {
  const cents = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return cents === '' ? String(Math.floor(rateBp / 100)) : `${Math.floor(rateBp / 100)}.${cents}`;
}

/** "12.34" yuan -> 1234 fen; undefined for anything but a number with at most 2 decimals. */
export function yuanToFen(text: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function fenToYuan(amountFen: number): string {
  return bpToPercent(amountFen);
}

/**
 * A template keyword as the platform names it (TemplateKeyword of shared/rules.ts, written out
 * because the schema is not bundled; tests/miniprogram/rules-form.test.ts compares verdicts).
 */
export const TEMPLATE_KEYWORD =
  /^(thing|amount|time|date|phrase|character_string|number|letter|symbol|name|phone_number|car_number)\d{1,2}$/;
const TEMPLATE_ID_MAX_LENGTH = 128;
const NOTIFICATION_KINDS: NotificationKind[] = ['commission', 'withdrawal', 'alert'];

function templateForm(template: Rules['notifications']['commission'] | undefined): TemplateForm {
  return template
    ? { templateId: template.templateId, ...template.keywords }
    : { templateId: '', amount: '', time: '', note: '' };
}

function integerOf(text: string): number | undefined {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

export function formFromRules(rules: Rules): RulesForm {
  const duration = rules.binding.duration;
  return {
    levels: rules.levels,
    recruitment: rules.recruitment,
    bindingScope: rules.binding.scope,
    bindingKind: duration.kind,
    bindingDays: duration.kind === 'days' ? String(duration.days) : '',
    selfPurchase: rules.selfPurchase,
    capPercent: bpToPercent(rules.capBp),
    returnWindowDays: String(rules.returnWindowDays),
    autoConfirmDays: String(rules.autoConfirmDays),
    unpaidTimeoutMinutes: String(rules.unpaidTimeoutMinutes),
    withdrawMinYuan: fenToYuan(rules.withdraw.minAmountFen),
    withdrawMaxYuan: fenToYuan(rules.withdraw.maxAmountFen),
    withdrawFeePercent: bpToPercent(rules.withdraw.feeBp),
    withdrawBalanceFeePercent: bpToPercent(rules.withdraw.balanceFeeBp ?? 0),
    withdrawMaxPerDay: String(rules.withdraw.maxPerDay),
    withdrawChannels: [...rules.withdraw.channels],
    withdrawReview: rules.withdraw.review.mode,
    withdrawAutoBelowYuan: rules.withdraw.review.mode === 'autoBelow' ? fenToYuan(rules.withdraw.review.amountFen) : '',
    grades: rules.grades.map((grade) => ({ id: grade.id, name: grade.name, rates: grade.ratesBp.map(bpToPercent) })),
    notifications: {
      commission: templateForm(rules.notifications.commission),
      withdrawal: templateForm(rules.notifications.withdrawal),
      alert: templateForm(rules.notifications.alert),
    },
    ...exitFormOf(rules),
  };
}

/** Every grade gets exactly one rate per level: new levels start empty, removed ones go. */
export function withLevels(form: RulesForm, levels: number): RulesForm {
  const grades = form.grades.map((grade) => ({
    ...grade,
    rates: Array.from({ length: levels }, (_, level) => grade.rates[level] ?? ''),
  }));
  return { ...form, levels, grades };
}

/** Checks one number against its range; records the problem under `field`. */
class Checker {
  readonly errors: FormErrors = {};

  number(
    field: string,
    value: number | undefined,
    range: Range,
    unit: string,
    show: (n: number) => string = String,
  ): number {
    if (value === undefined) this.errors[field] = '请输入数字';
    else if (value < range.min || value > range.max)
      this.errors[field] = `应在 ${show(range.min)}-${show(range.max)}${unit} 之间`;
    return value ?? 0;
  }

  /** A template keyword; the problem is recorded under `field`. */
  keyword(field: string, value: string): string {
    if (!TEMPLATE_KEYWORD.test(value.trim())) this.errors[field] = '应为模板中的关键词，如 amount1、time2、thing3';
    return value.trim();
  }

  option(field: string, value: string, options: string[]): string {
    if (!options.includes(value)) this.errors[field] = '请选择一项';
    return value;
  }

  /** Several of `options`, at least one (the schema's `.min(1)`), each once. */
  someOf(field: string, values: string[], options: string[]): string[] {
    const chosen = options.filter((option) => values.includes(option));
    if (chosen.length === 0 || values.some((value) => !options.includes(value))) this.errors[field] = '请至少选择一项';
    return chosen;
  }
}

/** The channels and the review mode, checked as WithdrawRules of shared/rules.ts checks them. */
function payoutOf(
  form: RulesForm,
  limits: RulesLimits,
  check: Checker,
): Pick<Rules['withdraw'], 'channels' | 'review'> {
  const channels = check.someOf(
    'withdrawChannels',
    form.withdrawChannels,
    limits.options.withdrawChannels,
  ) as Rules['withdraw']['channels'];
  const mode = check.option('withdrawReview', form.withdrawReview, limits.options.withdrawReview);
  if (mode !== 'autoBelow') return { channels, review: { mode: 'manual' } };
  const amountFen = check.number(
    'withdrawAutoBelowYuan',
    yuanToFen(form.withdrawAutoBelowYuan),
    limits.amountFen,
    ' 元',
    fenToYuan,
  );
  return { channels, review: { mode: 'autoBelow', amountFen } };
}

function durationOf(form: RulesForm, limits: RulesLimits, check: Checker): Rules['binding']['duration'] {
  check.option('bindingKind', form.bindingKind, limits.options.bindingDuration);
  if (form.bindingKind === 'days')
    return { kind: 'days', days: check.number('bindingDays', integerOf(form.bindingDays), limits.bindingDays, ' 天') };
  return form.bindingKind === 'lastClick' ? { kind: 'lastClick' } : { kind: 'permanent' };
}

function gradesOf(form: RulesForm, base: Rules, limits: RulesLimits, check: Checker): Rules['grades'] {
  return form.grades.map((grade, index) => {
    const stored = base.grades.find((candidate) => candidate.id === grade.id);
    const ratesBp = grade.rates.map((rate, level) =>
      check.number(`grades.${index}.rates.${level}`, percentToBp(rate), limits.rateBp, '%', bpToPercent),
    );
    return {
      id: grade.id,
      name: grade.name,
      rank: stored?.rank ?? index,
      ratesBp,
      upgradeWhen: stored?.upgradeWhen ?? {},
    };
  });
}

/**
 * Each message's template, or null (off) when its template id is left empty. The alert message
 * left off is left out (absent is off), so that rules saved before it existed stay the same.
 */
function notificationsOf(form: RulesForm, check: Checker): Rules['notifications'] {
  type Entry = [NotificationKind, Rules['notifications']['commission']];
  const entries = NOTIFICATION_KINDS.flatMap((kind): Entry[] => {
    const template = form.notifications[kind];
    const templateId = template?.templateId.trim() ?? '';
    if (templateId === '' || !template) return kind === 'alert' ? [] : [[kind, null]];
    if (templateId.length > TEMPLATE_ID_MAX_LENGTH)
      check.errors[`notifications.${kind}.templateId`] = `模板 ID 最多 ${TEMPLATE_ID_MAX_LENGTH} 个字符`;
    const keywords = {
      amount: check.keyword(`notifications.${kind}.amount`, template.amount),
      time: check.keyword(`notifications.${kind}.time`, template.time),
      note: check.keyword(`notifications.${kind}.note`, template.note),
    };
    return [[kind, { templateId, keywords }]];
  });
  return Object.fromEntries(entries) as Rules['notifications'];
}

/**
 * The 到余额 fee: absent in rules saved before the channel existed, and sent back absent while it
 * stays 0 there, so saving an untouched form changes nothing.
 */
function balanceFeeOf(form: RulesForm, base: Rules, limits: RulesLimits, check: Checker): { balanceFeeBp?: number } {
  const feeBp = check.number(
    'withdrawBalanceFeePercent',
    percentToBp(form.withdrawBalanceFeePercent),
    limits.rateBp,
    '%',
    bpToPercent,
  );
  return feeBp === 0 && base.withdraw.balanceFeeBp === undefined ? {} : { balanceFeeBp: feeBp };
}

/**
 * The rules the form describes, or the problems found. Fields the form does not edit (grade
 * names, ranks and upgrade conditions, shipping, ...) are kept
 * from `base`, the version the form was loaded from.
 */
export function rulesFromForm(
  form: RulesForm,
  base: Rules,
  limits: RulesLimits,
): { ok: true; rules: Rules } | { ok: false; errors: FormErrors } {
  const check = new Checker();
  const levels = check.number('levels', form.levels, limits.levels, ' 级');
  const withdrawMin = check.number(
    'withdrawMinYuan',
    yuanToFen(form.withdrawMinYuan),
    limits.amountFen,
    ' 元',
    fenToYuan,
  );
  const withdrawMax = check.number(
    'withdrawMaxYuan',
    yuanToFen(form.withdrawMaxYuan),
    limits.amountFen,
    ' 元',
    fenToYuan,
  );
  if (withdrawMin > withdrawMax && !check.errors.withdrawMaxYuan) check.errors.withdrawMaxYuan = '不能低于最低提现金额';
  const rules: Rules = {
    ...base,
    levels,
    recruitment: check.option('recruitment', form.recruitment, limits.options.recruitment) as Rules['recruitment'],
    binding: {
      scope: check.option('bindingScope', form.bindingScope, limits.options.bindingScope) as Rules['binding']['scope'],
      duration: durationOf(form, limits, check),
    },
    grades: gradesOf(form, base, limits, check),
    selfPurchase: form.selfPurchase,
    capBp: check.number('capPercent', percentToBp(form.capPercent), limits.rateBp, '%', bpToPercent),
    returnWindowDays: check.number(
      'returnWindowDays',
      integerOf(form.returnWindowDays),
      limits.returnWindowDays,
      ' 天',
    ),
    autoConfirmDays: check.number('autoConfirmDays', integerOf(form.autoConfirmDays), limits.autoConfirmDays, ' 天'),
    unpaidTimeoutMinutes: check.number(
      'unpaidTimeoutMinutes',
      integerOf(form.unpaidTimeoutMinutes),
      limits.unpaidTimeoutMinutes,
      ' 分钟',
    ),
    withdraw: {
      ...base.withdraw,
      minAmountFen: withdrawMin,
      maxAmountFen: withdrawMax,
      feeBp: check.number('withdrawFeePercent', percentToBp(form.withdrawFeePercent), limits.rateBp, '%', bpToPercent),
      ...balanceFeeOf(form, base, limits, check),
      maxPerDay: check.number('withdrawMaxPerDay', integerOf(form.withdrawMaxPerDay), limits.withdrawMaxPerDay, ' 次'),
      ...payoutOf(form, limits, check),
    },
    notifications: notificationsOf(form, check),
    ...exitOf(form, base, check.errors),
  };
  return Object.keys(check.errors).length === 0 ? { ok: true, rules } : { ok: false, errors: check.errors };
}
