/**
 * 团队奖励设置: the merchant turns the team bonus on and sets its tiers, the monthly cap and the
 * frozen days (the rules' `teamBonus` section, docs/team.md section 1). Loads the current rules
 * (`admin.getRules`) and saves the whole document with the new section (`admin.updateRules`, a new
 * rules version, refused when someone saved another version meanwhile).
 */
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { canAddTier, emptyTier, formOf, KIND_LABELS, teamBonusOf, type TeamBonusForm } from './form';

type FieldEvent = WechatMiniprogram.CustomEvent<
  { value: string | boolean | number },
  Record<string, never>,
  { field: string; index?: number }
>;

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    version: 0,
    form: null as TeamBonusForm | null,
    base: null as Rules | null,
    kindLabels: KIND_LABELS,
    canAdd: true,
    error: '',
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
    this.show(rules.data.version, rules.data.rules);
  },

  show(version: number, rules: Rules) {
    const form = formOf(rules);
    this.setData({ status: 'ready', version, form, base: rules, canAdd: canAddTier(form), error: '' });
  },

  onRetry() {
    void this.load();
  },

  onField(event: FieldEvent) {
    const { field, index } = event.currentTarget.dataset;
    const path = index === undefined ? `form.${field}` : `form.tiers[${index}].${field}`;
    const value = field === 'kindIndex' ? Number(event.detail.value) : event.detail.value;
    this.setData({ [path]: value, error: '' });
  },

  onAddTier() {
    const { form } = this.data;
    if (!form || !canAddTier(form)) return;
    const tiers = [...form.tiers, emptyTier()];
    this.setData({ 'form.tiers': tiers, canAdd: canAddTier({ ...form, tiers }) });
  },

  onRemoveTier(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const { form } = this.data;
    if (!form) return;
    const tiers = form.tiers.filter((_tier, index) => index !== Number(event.currentTarget.dataset.index));
    this.setData({ 'form.tiers': tiers, canAdd: true, error: '' });
  },

  async onSaveTap() {
    const { form, base } = this.data;
    if (!form || !base || this.data.saving) return;
    const checked = teamBonusOf(form);
    if (!checked.ok) {
      this.setData({ error: checked.message });
      return;
    }
    this.setData({ saving: true });
    const result = await admin('updateRules', {
      expectedVersion: this.data.version,
      rules: { ...base, teamBonus: checked.value },
    });
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ error: adminFailureMessage(result.error) });
      return;
    }
    this.show(result.data.current.version, result.data.current.rules);
    void wx.showToast({ title: result.data.status === 'unchanged' ? '设置没有变化' : '已保存', icon: 'success' });
  },
});
