/**
 * 分类管理: every category, hidden ones too, with its product count (`admin.listCategories`);
 * create and rename (`admin.saveCategory`), move up and down (`admin.reorderCategories` with the
 * whole new order), hide from shoppers and show again (`admin.setCategoryHidden`) and delete
 * (`admin.deleteCategory`, which the server refuses while products use the category: its message
 * says how many). A new category's id is chosen here once and kept until its save succeeds, so a
 * save resent after a lost answer is a replay, not a second category.
 */
import type { AdminCategoryView } from '@shared/contracts/categories';
import type { FailureBody } from '@shared/result';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { loadPageData } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';

interface Row {
  id: string;
  name: string;
  sortOrder: number;
  hidden: boolean;
  productCount: number;
  first: boolean;
  last: boolean;
}

function rowsOf(items: AdminCategoryView[]): Row[] {
  return items.map((item, index) => ({
    id: item.id,
    name: item.name,
    sortOrder: item.sortOrder,
    hidden: item.hidden,
    productCount: item.productCount,
    first: index === 0,
    last: index === items.length - 1,
  }));
}

/** A fresh category id: letters and digits only, as CATEGORY_ID_PATTERN allows. */
function newCategoryId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function refused(title: string, error: FailureBody): void {
  void wx.showModal({ title, content: adminFailureMessage(error), showCancel: false });
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    rows: [] as Row[],
    newName: '',
    /** The id of the category being created, kept until its save succeeds. */
    pendingId: '',
    busyId: '',
  },

  onShow() {
    void this.load();
  },

  async onPullDownRefresh() {
    await this.load();
    void wx.stopPullDownRefresh();
  },

  onRetry() {
    void this.load();
  },

  async load() {
    const data = await loadPageData(
      this,
      this.data.status === 'ready',
      () => admin('listCategories', {}),
      adminFailureMessage,
    );
    if (data) this.setData({ status: 'ready', rows: rowsOf(data.items) });
  },

  onNameInput(event: WechatMiniprogram.Input) {
    this.setData({ newName: event.detail.value });
  },

  async onCreateTap() {
    const name = this.data.newName.trim();
    if (name === '') {
      void wx.showToast({ title: '请输入分类名称', icon: 'none' });
      return;
    }
    if (this.data.busyId !== '') return;
    const id = this.data.pendingId || newCategoryId();
    const last = this.data.rows[this.data.rows.length - 1];
    this.setData({ pendingId: id, busyId: 'new' });
    const result = await admin('saveCategory', { mode: 'create', id, name, sortOrder: (last?.sortOrder ?? 0) + 10 });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('分类未创建', result.error);
    this.setData({ newName: '', pendingId: '' });
    void wx.showToast({ title: '已创建', icon: 'success' });
    await this.load();
  },

  rowOf(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>): Row | undefined {
    return this.data.rows.find((row) => row.id === event.currentTarget.dataset.id);
  },

  async onRenameTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.rowOf(event);
    if (!row) return;
    const answer = await wx.showModal({
      title: '重命名分类',
      editable: true,
      content: row.name,
      placeholderText: '分类名称',
    });
    const name = (answer.content ?? '').trim();
    if (!answer.confirm || name === '' || name === row.name) return;
    this.setData({ busyId: row.id });
    const result = await admin('saveCategory', { mode: 'update', id: row.id, name, sortOrder: row.sortOrder });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('未能重命名', result.error);
    await this.load();
  },

  async onMoveTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; step: number }>) {
    const ids = this.data.rows.map((row) => row.id);
    const from = ids.indexOf(event.currentTarget.dataset.id);
    const to = from + Number(event.currentTarget.dataset.step);
    if (from < 0 || to < 0 || to >= ids.length || this.data.busyId !== '') return;
    [ids[from], ids[to]] = [ids[to] as string, ids[from] as string];
    this.setData({ busyId: event.currentTarget.dataset.id });
    const result = await admin('reorderCategories', { ids });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('未能调整顺序', result.error);
    await this.load();
  },

  async onHiddenTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.rowOf(event);
    if (!row || this.data.busyId !== '') return;
    this.setData({ busyId: row.id });
    const result = await admin('setCategoryHidden', { id: row.id, hidden: !row.hidden });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('操作未完成', result.error);
    const rows = this.data.rows.map((item) => (item.id === row.id ? { ...item, hidden: result.data.hidden } : item));
    this.setData({ rows });
  },

  async onDeleteTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const row = this.rowOf(event);
    if (!row || this.data.busyId !== '') return;
    const answer = await wx.showModal({ title: '删除分类', content: `确定删除分类「${row.name}」吗？` });
    if (!answer.confirm) return;
    this.setData({ busyId: row.id });
    const result = await admin('deleteCategory', { id: row.id });
    this.setData({ busyId: '' });
    if (!result.ok) return refused('不能删除', result.error);
    void wx.showToast({ title: '已删除', icon: 'success' });
    await this.load();
  },
});
