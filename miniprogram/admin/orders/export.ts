/**
 * 导出 on the orders page (`admin.exportOrders`): a range of China days and a status, a CSV file
 * in cloud storage, and its temporary link copied for the merchant to open in a browser or send
 * to a computer (wx.openDocument cannot open CSV files). A range the function cuts (too many
 * orders for one file) is offered as 继续导出, which writes the next part with the answer's cursor.
 *
 * The form's rules are those of ExportOrdersInput (shared/contracts/adminExport.ts) written out,
 * since importing the contract as a value would bring zod into the mini-program; the function
 * checks again and its answer is what counts.
 */
import { chinaDay } from '@shared/chinaTime';
import type { ExportOrdersOutput } from '@shared/contracts/adminExport';
import { admin, type AdminRouteInput } from '../../services/admin';
import { adminFailureMessage } from '../gate';

const DAY_MS = 86_400_000;
/** The most days one export covers (EXPORT_MAX_DAYS of the contract). */
const MAX_DAYS = 366;

const STATUSES = [
  { value: '', label: '全部状态' },
  { value: 'pending_payment', label: '待付款' },
  { value: 'paid', label: '待发货' },
  { value: 'shipped', label: '待收货' },
  { value: 'completed', label: '已完成' },
  { value: 'closed', label: '已关闭' },
] as const;

export interface ExportForm {
  fromDay: string;
  toDay: string;
  statusIndex: number;
  fullPhone: boolean;
}

interface ExportResult {
  url: string;
  summary: string;
  /** Set when the range was cut: what the file holds and that 继续导出 writes the rest. */
  cutNote: string;
  cursor: string | null;
}

export interface ExportData {
  exportOpen: boolean;
  exportStatuses: typeof STATUSES;
  exportForm: ExportForm;
  /** Whether the merchant changed the form (an untouched one starts from today when opened). */
  exportEdited: boolean;
  exportError: string;
  exportBusy: boolean;
  exportResult: ExportResult | null;
}

/** The form's starting values: the last seven China days, every status, masked phones. */
export function exportData(now = Date.now()): ExportData {
  return {
    exportOpen: false,
    exportStatuses: STATUSES,
    exportForm: { fromDay: chinaDay(now - 6 * DAY_MS), toDay: chinaDay(now), statusIndex: 0, fullPhone: false },
    exportEdited: false,
    exportError: '',
    exportBusy: false,
    exportResult: null,
  };
}

type Input = AdminRouteInput<'exportOrders'>;

export function checkExportForm(form: ExportForm): { ok: true; input: Input } | { ok: false; error: string } {
  if (form.fromDay > form.toDay) return { ok: false, error: '开始日期不能晚于结束日期' };
  if (Date.parse(form.toDay) - Date.parse(form.fromDay) >= MAX_DAYS * DAY_MS)
    return { ok: false, error: `一次最多导出 ${MAX_DAYS} 天的订单` };
  const status = STATUSES[form.statusIndex]?.value ?? '';
  return {
    ok: true,
    input: {
      fromDay: form.fromDay,
      toDay: form.toDay,
      ...(status ? { status } : {}),
      phone: form.fullPhone ? 'full' : 'masked',
    },
  };
}

function resultView(data: ExportOrdersOutput): ExportResult {
  return {
    url: data.url,
    summary: `已导出 ${data.orderCount} 笔订单（${data.rowCount} 行商品），链接 1 小时内有效`,
    cutNote: data.complete ? '' : `订单较多，本文件只含其中 ${data.orderCount} 笔，点「继续导出」生成下一部分`,
    cursor: data.cursor,
  };
}

interface ExportPage {
  data: ExportData;
  setData(data: Record<string, unknown>): void;
}

async function runExport(page: ExportPage, cursor: string | null): Promise<void> {
  const checked = checkExportForm(page.data.exportForm);
  if (!checked.ok) {
    page.setData({ exportError: checked.error });
    return;
  }
  if (page.data.exportBusy) return;
  page.setData({ exportBusy: true, exportError: '' });
  const result = await admin('exportOrders', { ...checked.input, ...(cursor ? { cursor } : {}) });
  if (!result.ok) {
    page.setData({ exportBusy: false, exportError: adminFailureMessage(result.error) });
    return;
  }
  page.setData({ exportBusy: false, exportResult: resultView(result.data) });
}

/** The page's handlers of the export panel (spread into the orders page). */
export const exportHandlers = {
  onExportTap(this: ExportPage) {
    const opening = !this.data.exportOpen;
    // The page may have stayed open past midnight since it loaded: an untouched form starts from today.
    const fresh = opening && !this.data.exportEdited ? { exportForm: exportData().exportForm } : {};
    this.setData({ exportOpen: opening, exportError: '', ...fresh });
  },
  onExportDay(this: ExportPage, event: WechatMiniprogram.CustomEvent<{ value: string }, never, { field: string }>) {
    const field = event.currentTarget.dataset.field === 'toDay' ? 'toDay' : 'fromDay';
    this.setData({
      [`exportForm.${field}`]: event.detail.value,
      exportEdited: true,
      exportError: '',
      exportResult: null,
    });
  },
  onExportStatus(this: ExportPage, event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({
      'exportForm.statusIndex': Number(event.detail.value),
      exportEdited: true,
      exportError: '',
      exportResult: null,
    });
  },
  onExportPhone(this: ExportPage, event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ 'exportForm.fullPhone': event.detail.value === true, exportEdited: true, exportResult: null });
  },
  onExportConfirm(this: ExportPage) {
    return runExport(this, null);
  },
  onExportContinue(this: ExportPage) {
    return runExport(this, this.data.exportResult?.cursor ?? null);
  },
  onExportCopy(this: ExportPage) {
    const url = this.data.exportResult?.url;
    if (url) void wx.setClipboardData({ data: url });
  },
};
