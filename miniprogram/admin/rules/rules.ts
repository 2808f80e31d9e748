/**
 * 分销规则: the merchant edits the distribution rules. The page loads the current version
 * (`admin.getRules`) and the legal limits (`admin.rulesLimits`), shows each field's limits,
 * refuses values outside them before sending (form.ts), and saves with `admin.updateRules`
 * against the version it loaded, so a concurrent change by another admin is never overwritten.
 * Besides rates, binding and windows it edits the withdraw limits, payout channels (at least
 * one) and review mode (人工审核, or automatic approval below an amount), and the subscribe-message
 * templates of the commission and withdrawal notices (optional: an empty template id is off).
 */
import type { RulesLimits } from '@shared/contracts/admin';
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import type { FormErrors, RulesForm } from './form';
import { formFromRules, rulesFromForm, withLevels } from './form';
import type { LimitHints, Option } from './labels';
import { EXIT_FROZEN_OPTIONS, EXIT_REJOIN_OPTIONS, REJOIN_DAYS_HINT } from './exitForm';
import { limitHints, optionsOf } from './labels';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    version: 0,
    form: null as RulesForm | null,
    errors: {} as FormErrors,
    serverError: '',
    hints: null as LimitHints | null,
    levelOptions: [] as number[],
    levelNames: ['一级', '二级', '三级'],
    notificationKinds: [
      { kind: 'commission', label: '佣金到账通知' },
      { kind: 'withdrawal', label: '提现结果通知' },
      { kind: 'alert', label: '异常提醒（发给管理员）' },
    ],
    recruitmentOptions: [] as Option[],
    scopeOptions: [] as Option[],
    durationOptions: [] as Option[],
    /** The payout channels with whether each is chosen (WXML cannot search the chosen list). */
    channelOptions: [] as Array<Option & { checked: boolean }>,
    reviewOptions: [] as Option[],
    exitFrozenOptions: EXIT_FROZEN_OPTIONS,
    exitRejoinOptions: EXIT_REJOIN_OPTIONS,
    rejoinDaysHint: REJOIN_DAYS_HINT,
    saving: false,
    /** The version the form was loaded from (for the fields it does not edit) and the limits. */
    base: null as Rules | null,
    limits: null as RulesLimits | null,
  },

  onLoad() {
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const [rules, limits] = await Promise.all([admin('getRules', {}), admin('rulesLimits', {})]);
    if (!rules.ok || !limits.ok) {
      const failure = !rules.ok ? rules.error : !limits.ok ? limits.error : { code: '', message: '' };
      this.setData({ status: 'error', message: adminFailureMessage(failure) });
      return;
    }
    const { levels, options } = limits.data;
    this.setData({
      status: 'ready',
      version: rules.data.version,
      form: formFromRules(rules.data.rules),
      errors: {},
      serverError: '',
      hints: limitHints(limits.data),
      levelOptions: Array.from({ length: levels.max - levels.min + 1 }, (_, index) => levels.min + index),
      recruitmentOptions: optionsOf('recruitment', options.recruitment),
      scopeOptions: optionsOf('bindingScope', options.bindingScope),
      durationOptions: optionsOf('bindingDuration', options.bindingDuration),
      channelOptions: this.channelChoices(options.withdrawChannels, rules.data.rules.withdraw.channels),
      reviewOptions: optionsOf('withdrawReview', options.withdrawReview),
      base: rules.data.rules,
      limits: limits.data,
    });
  },

  onField(
    event: WechatMiniprogram.CustomEvent<
      { value: string | boolean | string[] },
      Record<string, never>,
      { field: string }
    >,
  ) {
    const { field } = event.currentTarget.dataset;
    const value = event.detail.value;
    this.setData({ [`form.${field}`]: value, errors: this.errorsWithout(field) });
    if (field === 'withdrawChannels' && Array.isArray(value) && this.data.limits)
      this.setData({ channelOptions: this.channelChoices(this.data.limits.options.withdrawChannels, value) });
  },

  channelChoices(values: string[], chosen: readonly string[]): Array<Option & { checked: boolean }> {
    return optionsOf('withdrawChannels', values).map((option) => ({
      ...option,
      checked: chosen.includes(option.value),
    }));
  },

  /** Error keys contain dots (`grades.0.rates.1`), so the map is replaced, never set by path. */
  errorsWithout(key: string): FormErrors {
    const errors = { ...this.data.errors };
    delete errors[key];
    return errors;
  },

  onLevelsChange(event: WechatMiniprogram.PickerChange) {
    const form = this.data.form;
    const levels = this.data.levelOptions[Number(event.detail.value)];
    if (form && levels !== undefined) this.setData({ form: withLevels(form, levels), errors: {} });
  },

  onRate(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { grade: number; level: number }>,
  ) {
    const { grade, level } = event.currentTarget.dataset;
    this.setData({
      [`form.grades[${grade}].rates[${level}]`]: event.detail.value,
      errors: this.errorsWithout(`grades.${grade}.rates.${level}`),
    });
  },

  async onSaveTap() {
    const { form, base, limits } = this.data;
    if (!form || !base || !limits || this.data.saving) return;
    const checked = rulesFromForm(form, base, limits);
    if (!checked.ok) {
      this.setData({ errors: checked.errors, serverError: '' });
      void wx.showToast({ title: '请修改标红的项目', icon: 'none' });
      return;
    }
    this.setData({ saving: true, serverError: '' });
    const result = await admin('updateRules', { expectedVersion: this.data.version, rules: checked.rules });
    this.setData({ saving: false });
    if (result.ok) {
      void wx.showToast({ title: result.data.status === 'unchanged' ? '规则没有变化' : '已保存', icon: 'success' });
      this.setData({
        version: result.data.current.version,
        form: formFromRules(result.data.current.rules),
        base: result.data.current.rules,
        channelOptions: this.channelChoices(
          limits.options.withdrawChannels,
          result.data.current.rules.withdraw.channels,
        ),
      });
      return;
    }
    if (result.error.code === 'VERSION_CONFLICT') {
      await wx.showModal({
        title: '规则已被修改',
        content: '其他管理员刚刚保存了新的规则，将重新加载后再编辑。',
        showCancel: false,
      });
      await this.load();
      return;
    }
    this.setData({ serverError: adminFailureMessage(result.error) });
  },

  onRetry() {
    void this.load();
  },
});
