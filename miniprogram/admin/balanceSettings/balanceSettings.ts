/**
 * 余额设置 (merchant): whether shoppers may top up (充值), the amounts offered with their bonus
 * (充 500 送 80, at most 8) and whether another amount may be typed, between two bounds. It is
 * the rules' `balance` section: loaded with `admin.getRules` and saved as a new rules version
 * with `admin.updateRules` (the other sections as loaded), compare-and-set on the version.
 */
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { balanceOf, formOf, MAX_TIERS, type BalanceForm } from './form';

type Field = 'amountText' | 'bonusText';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    version: 0,
    base: null as Rules | null,
    form: null as BalanceForm | null,
    maxTiers: MAX_TIERS,
    saving: false,
  },

  onLoad() {
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const rules = await admin('getRules', {});
    if (!rules.ok) {
      this.setData({ status: 'error', message: adminFailureMessage(rules.error) });
      return;
    }
    const { version, rules: base } = rules.data;
    this.setData({ status: 'ready', version, base, form: formOf(base.balance) });
  },

  onSwitch(event: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { field: string }>) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
  },

  onTextInput(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
  },

  onTierInput(
    event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number; field: Field }>,
  ) {
    const { index, field } = event.currentTarget.dataset;
    this.setData({ [`form.tiers[${index}].${field}`]: event.detail.value });
  },

  onAddTier() {
    const { form } = this.data;
    if (!form || form.tiers.length >= MAX_TIERS) return;
    this.setData({ 'form.tiers': [...form.tiers, { amountText: '', bonusText: '' }] });
  },

  onRemoveTier(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const { form } = this.data;
    if (!form) return;
    this.setData({
      'form.tiers': form.tiers.filter((_, index) => index !== Number(event.currentTarget.dataset.index)),
    });
  },

  async onSaveTap() {
    const { form, base, saving, version } = this.data;
    if (!form || !base || saving) return;
    const checked = balanceOf(form);
    if (!checked.ok) {
      void wx.showToast({ title: checked.message, icon: 'none' });
      return;
    }
    this.setData({ saving: true });
    const result = await admin('updateRules', {
      expectedVersion: version,
      rules: { ...base, balance: checked.balance },
    });
    this.setData({ saving: false });
    if (result.ok) {
      const { current } = result.data;
      this.setData({ version: current.version, base: current.rules, form: formOf(current.rules.balance) });
      void wx.showToast({ title: result.data.status === 'unchanged' ? '设置没有变化' : '已保存', icon: 'success' });
      return;
    }
    const conflict = result.error.code === 'VERSION_CONFLICT';
    await wx.showModal({
      title: conflict ? '规则已被修改' : '保存未完成',
      content: conflict ? '其他管理员刚刚保存了新的规则，将重新加载后再编辑。' : adminFailureMessage(result.error),
      showCancel: false,
    });
    if (conflict) await this.load();
  },

  onRetry() {
    void this.load();
  },
});
