/**
 * 风险设置: the merchant turns risk holds on, chooses the signals and sets their thresholds and
 * the binding limit per IP (the rules' `risk` section, docs/rules.md section 9). Loads the current
 * rules (`admin.getRules`) and saves the whole document with the new section (`admin.updateRules`,
 * a new rules version, refused when someone saved another version meanwhile).
 */
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { formOf, riskOf, SIGNAL_SWITCHES, type RiskForm } from './form';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    version: 0,
    switches: SIGNAL_SWITCHES,
    form: null as RiskForm | null,
    base: null as Rules | null,
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
    this.setData({
      status: 'ready',
      version: rules.data.version,
      form: formOf(rules.data.rules),
      base: rules.data.rules,
      error: '',
    });
  },

  onRetry() {
    void this.load();
  },

  onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value, error: '' });
  },

  async onSaveTap() {
    const { form, base } = this.data;
    if (!form || !base || this.data.saving) return;
    const checked = riskOf(form);
    if (!checked.ok) {
      this.setData({ error: checked.message });
      return;
    }
    this.setData({ saving: true });
    const result = await admin('updateRules', {
      expectedVersion: this.data.version,
      rules: { ...base, risk: checked.risk },
    });
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ error: adminFailureMessage(result.error) });
      return;
    }
    const current = result.data.current;
    this.setData({ version: current.version, base: current.rules, form: formOf(current.rules) });
    void wx.showToast({ title: result.data.status === 'unchanged' ? '设置没有变化' : '已保存', icon: 'success' });
  },
});
