/**
 * 拉新奖励设置: the merchant turns the invite reward on and sets its amount, the daily cap per
 * distributor and the first order's minimum (the rules' `inviteReward` section, docs/team.md
 * section 3). Loads the current rules (`admin.getRules`) and saves the whole document with the new
 * section (`admin.updateRules`, a new rules version, refused when someone saved another meanwhile).
 */
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { formOf, inviteOf, type InviteForm } from './form';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    version: 0,
    form: null as InviteForm | null,
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
    const { version, rules: base } = rules.data;
    this.setData({ status: 'ready', version, base, form: formOf(base), error: '' });
  },

  onRetry() {
    void this.load();
  },

  onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value, error: '' });
  },

  async onSaveTap() {
    const { form, base, saving, version } = this.data;
    if (!form || !base || saving) return;
    const checked = inviteOf(form);
    if (!checked.ok) {
      this.setData({ error: checked.message });
      return;
    }
    this.setData({ saving: true });
    const result = await admin('updateRules', {
      expectedVersion: version,
      rules: { ...base, inviteReward: checked.invite },
    });
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ error: adminFailureMessage(result.error) });
      return;
    }
    const { current } = result.data;
    this.setData({ version: current.version, base: current.rules, form: formOf(current.rules) });
    void wx.showToast({ title: result.data.status === 'unchanged' ? '设置没有变化' : '已保存', icon: 'success' });
  },
});
