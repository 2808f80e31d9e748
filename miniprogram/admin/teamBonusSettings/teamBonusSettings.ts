/**
 * 团队奖励设置: the merchant turns the team bonus on and sets its tiers, the monthly cap and the
 * frozen days (the rules' `teamBonus` section, docs/team.md section 1), loaded and saved as every
 * single-section settings page is (../rulesSection.ts); the tiers are edited here.
 */
import { rulesSectionPage } from '../rulesSection';
import { canAddTier, emptyTier, formOf, KIND_LABELS, teamBonusOf, type TeamBonusForm } from './form';

type FieldEvent = WechatMiniprogram.CustomEvent<
  { value: string | boolean | number },
  Record<string, never>,
  { field: string; index?: number }
>;

Page({
  ...rulesSectionPage({
    key: 'teamBonus',
    formOf: (rules): TeamBonusForm => formOf(rules),
    sectionOf: (form) => {
      const checked = teamBonusOf(form);
      return checked.ok ? { ok: true, section: checked.value } : checked;
    },
    extraOf: (form) => ({ canAdd: canAddTier(form) }),
    data: { kindLabels: KIND_LABELS, canAdd: true },
  }),

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
});
