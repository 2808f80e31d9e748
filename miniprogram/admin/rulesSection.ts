/**
 * The pages that edit one section of the rules document on their own (积分设置, 拉新奖励设置,
 * 团队奖励设置, 风险设置) behave the same: they load the current rules (`admin.getRules`), show
 * the section as a form, check it with the form's own copy of the schema's bounds, and save the
 * whole document with the new section (`admin.updateRules`: a new rules version, refused when
 * someone saved another version meanwhile). A page spreads what rulesSectionPage answers into its
 * `Page({...})` and keeps only its form and its own handlers (adding a tier, say).
 */
import type { Rules } from '@shared/rules';
import { admin } from '../services/admin';
import type { PageStatus } from '../utils/page-state';
import { adminFailureMessage } from './gate';

/** The form's verdict: the section to save, or the first problem in Chinese. */
export type SectionCheck<K extends keyof Rules> = { ok: true; section: Rules[K] } | { ok: false; message: string };

export interface RulesSectionOptions<K extends keyof Rules, Form, Extra extends Record<string, unknown>> {
  /** The section of `Rules` the page edits. */
  key: K;
  formOf(rules: Rules): Form;
  sectionOf(form: Form): SectionCheck<K>;
  /** Data the page shows beside the form (labels, whether a tier may be added), set with it. */
  extraOf?(form: Form): Partial<Extra>;
  /** The page's own data beside the common part. */
  data: Extra;
}

export interface SectionData<Form> {
  status: PageStatus;
  message: string;
  version: number;
  form: Form | null;
  base: Rules | null;
  error: string;
  saving: boolean;
}

/** The part of a Page instance the handlers use. */
type Host<Form, Extra> = {
  data: SectionData<Form> & Extra;
  setData(data: Record<string, unknown>): void;
  load(): Promise<void>;
  show(version: number, rules: Rules): void;
};

type FieldEvent = WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>;

export function rulesSectionPage<K extends keyof Rules, Form, Extra extends Record<string, unknown>>(
  options: RulesSectionOptions<K, Form, Extra>,
) {
  const data: SectionData<Form> & Extra = {
    status: 'loading',
    message: '',
    version: 0,
    form: null,
    base: null,
    error: '',
    saving: false,
    ...options.data,
  };
  return {
    data,
    onLoad(this: Host<Form, Extra>) {
      void this.load();
    },
    async load(this: Host<Form, Extra>) {
      this.setData({ status: 'loading' });
      const rules = await admin('getRules', {});
      if (!rules.ok) {
        this.setData({ status: 'error', message: adminFailureMessage(rules.error) });
        return;
      }
      this.show(rules.data.version, rules.data.rules);
    },
    show(this: Host<Form, Extra>, version: number, rules: Rules) {
      const form = options.formOf(rules);
      this.setData({ status: 'ready', version, base: rules, form, error: '', ...options.extraOf?.(form) });
    },
    onRetry(this: Host<Form, Extra>) {
      void this.load();
    },
    onField(this: Host<Form, Extra>, event: FieldEvent) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value, error: '' });
    },
    async onSaveTap(this: Host<Form, Extra>) {
      const { form, base, saving, version } = this.data;
      if (!form || !base || saving) return;
      const checked = options.sectionOf(form);
      if (!checked.ok) {
        this.setData({ error: checked.message });
        return;
      }
      this.setData({ saving: true });
      const result = await admin('updateRules', {
        expectedVersion: version,
        rules: { ...base, [options.key]: checked.section },
      });
      this.setData({ saving: false });
      if (!result.ok) {
        this.setData({ error: adminFailureMessage(result.error) });
        return;
      }
      this.show(result.data.current.version, result.data.current.rules);
      void wx.showToast({ title: result.data.status === 'unchanged' ? '设置没有变化' : '已保存', icon: 'success' });
    },
  };
}
