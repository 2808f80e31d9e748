/**
 * 分销等级: the grades of the rules (`admin.getRules`), in rank order, with their rates per level
 * and automatic upgrade conditions; create and edit (`admin.saveGrade`) and delete
 * (`admin.deleteGrade`). Grades are part of the rules document, so every save names the version
 * the page was loaded from: a save over someone else's change is refused (VERSION_CONFLICT) and
 * the page reloads. The server refuses deleting a grade distributors hold or the default grade,
 * and the page shows its message. The form's checks are the server's own (form.ts).
 */
import type { RulesLimits } from '@shared/contracts/admin';
import type { GradeMetric } from '@shared/grades';
import type { FailureBody, Result } from '@shared/result';
import type { Rules } from '@shared/rules';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { loadPageData } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { emptyForm, formOf, gradeOf, gradeRows, type GradeErrors, type GradeRow } from './form';

type Loaded = { rules: Rules; version: number; limits: RulesLimits };

const METRIC_FIELDS: Array<{ metric: GradeMetric; label: string; unit: string }> = [
  { metric: 'directInvitees', label: '直属成员', unit: '人' },
  { metric: 'ownPaidSpendFen', label: '自购金额', unit: '元' },
  { metric: 'teamPaidSalesFen', label: '团队业绩', unit: '元' },
  { metric: 'releasedCommissionFen', label: '已结算佣金', unit: '元' },
];
const LEVEL_LABELS = ['一级佣金', '二级佣金', '三级佣金'];
/** The server's verdicts on a grade's values, shown beside the form rather than in a dialog. */
const FORM_CODES = ['INVALID_GRADE', 'GRADE_OVER_CAP', 'GRADE_EXISTS'];

async function fetchAll(): Promise<Result<Loaded>> {
  const [rules, limits] = await Promise.all([admin('getRules', {}), admin('rulesLimits', {})]);
  if (!rules.ok) return rules;
  if (!limits.ok) return limits;
  return { ok: true, data: { rules: rules.data.rules, version: rules.data.version, limits: limits.data } };
}

function refused(title: string, error: FailureBody): void {
  void wx.showModal({ title, content: adminFailureMessage(error), showCancel: false });
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as GradeRow[],
    loaded: null as Loaded | null,
    /** null: no form open; otherwise whether it creates a grade or edits one. */
    editing: null as 'create' | 'update' | null,
    form: emptyForm(1, 0),
    errors: {} as GradeErrors,
    levelLabels: LEVEL_LABELS,
    metricFields: METRIC_FIELDS,
    saving: false,
    busyId: '',
  },

  onShow() {
    if (this.data.editing === null) void this.load();
  },

  async onPullDownRefresh() {
    await this.load();
    void wx.stopPullDownRefresh();
  },

  onRetry() {
    void this.load();
  },

  async load() {
    const data = await loadPageData(this, this.data.status === 'ready', fetchAll, adminFailureMessage);
    if (data) this.show(data);
  },

  show(loaded: Loaded) {
    this.setData({ status: 'ready', loaded, rows: gradeRows(loaded.rules) });
  },

  onCreateTap() {
    const loaded = this.data.loaded;
    if (!loaded) return;
    const rank = Math.max(...loaded.rules.grades.map((grade) => grade.rank)) + 1;
    this.setData({ editing: 'create', form: emptyForm(loaded.rules.levels, rank), errors: {} });
  },

  onEditTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const loaded = this.data.loaded;
    const grade = loaded?.rules.grades.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!loaded || !grade) return;
    this.setData({ editing: 'update', form: formOf(grade, loaded.rules.levels), errors: {} });
  },

  onCancelTap() {
    this.setData({ editing: null, errors: {} });
  },

  /** Every text field of the form: `data-field` is `id`, `name`, `rank`, `rates.<level>` or `upgrade.<metric>`. */
  onFieldInput(event: WechatMiniprogram.Input & { currentTarget: { dataset: { field: string } } }) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
  },

  async onSaveTap() {
    const { loaded, editing, form } = this.data;
    if (!loaded || editing === null || this.data.saving) return;
    const { grade, errors } = gradeOf(form, loaded.rules, loaded.limits);
    this.setData({ errors: errors ?? {} });
    if (!grade) return;
    this.setData({ saving: true });
    const result = await admin('saveGrade', { expectedVersion: loaded.version, mode: editing, grade });
    this.setData({ saving: false });
    if (!result.ok) return this.onRefused('等级未保存', result.error);
    const { rules, version } = result.data.current;
    this.show({ rules, version, limits: loaded.limits });
    this.setData({ editing: null });
    void wx.showToast({ title: '已保存', icon: 'success' });
  },

  async onDeleteTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const loaded = this.data.loaded;
    const row = this.data.rows.find((candidate) => candidate.id === event.currentTarget.dataset.id);
    if (!loaded || !row || this.data.busyId !== '') return;
    const answer = await wx.showModal({ title: '删除等级', content: `确定删除等级「${row.name}」吗？` });
    if (!answer.confirm) return;
    this.setData({ busyId: row.id });
    const result = await admin('deleteGrade', { expectedVersion: loaded.version, gradeId: row.id });
    this.setData({ busyId: '' });
    if (!result.ok) return this.onRefused('不能删除', result.error);
    const { rules, version } = result.data.current;
    this.show({ rules, version, limits: loaded.limits });
    void wx.showToast({ title: '已删除', icon: 'success' });
  },

  /** A value the server refused goes beside the form; a changed version reloads; anything else is a dialog. */
  onRefused(title: string, error: FailureBody) {
    if (this.data.editing !== null && FORM_CODES.includes(error.code)) {
      this.setData({ errors: { form: error.message } });
      return;
    }
    refused(title, error);
    if (error.code === 'VERSION_CONFLICT') {
      this.setData({ editing: null });
      void this.load();
    }
  },
});
