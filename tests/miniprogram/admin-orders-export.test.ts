/** 导出 on admin/orders/orders: the range and status form, its refusals, the link copied, and 继续导出 of a cut range. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, wx } from './helpers';
import type { Rendered } from './helpers';
import { chinaDay } from '@shared/chinaTime';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const LIST = { 'admin.listOrders': ok({ items: [], nextOffset: null }) };

function exported(overrides: Record<string, unknown> = {}) {
  return {
    fileID: 'cloud://env.bucket/exports/orders.csv',
    cloudPath: 'exports/orders.csv',
    url: 'https://example.tcb.qcloud.la/exports/orders.csv?sign=s',
    urlExpiresAt: '2026-03-10T05:00:00.000Z',
    orderCount: 2,
    rowCount: 3,
    complete: true,
    cursor: null,
    ...overrides,
  };
}

function change(page: Rendered, selector: string, value: unknown): void {
  page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
}

async function openForm(page: Rendered): Promise<void> {
  await tap(page, '.export-button', '.t-button');
  change(page, '.export-from', '2026-03-01');
  change(page, '.export-to', '2026-03-31');
  await settle(5);
}

describe('admin/orders/orders 导出', () => {
  it('exports the chosen days and status and copies the download link', async () => {
    answerCalls({ ...LIST, 'admin.exportOrders': ok(exported()) });
    const page = await renderPage('admin/orders/orders');
    expect(page.querySelector('.export-form')).toBeFalsy();
    await openForm(page);
    change(page, '.export-status', '2');
    change(page, '.export-phone', true);
    await settle(5);
    expect(text(page, '.export-status')).toBe('订单状态待发货 ▾');
    await tap(page, '.export-confirm', '.t-button');
    await settle(10);
    expect(callsOf('admin.exportOrders')).toEqual([
      { $url: 'exportOrders', fromDay: '2026-03-01', toDay: '2026-03-31', status: 'paid', phone: 'full' },
    ]);
    expect(text(page, '.export-summary')).toBe('已导出 2 笔订单（3 行商品），链接 1 小时内有效');
    expect(page.querySelector('.export-cut')).toBeFalsy();
    expect(page.querySelector('.export-continue')).toBeFalsy();
    await tap(page, '.export-copy', '.t-button');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: exported().url });
  });

  it('continues a cut range with the cursor of the previous part', async () => {
    answerCalls({
      ...LIST,
      'admin.exportOrders': (data: Record<string, unknown>) =>
        ok(
          data.cursor
            ? exported({ orderCount: 1, rowCount: 1, url: 'https://example/part2.csv' })
            : exported({ orderCount: 5000, rowCount: 5200, complete: false, cursor: '1772330400000_o1' }),
        ),
    });
    const page = await renderPage('admin/orders/orders');
    await openForm(page);
    await tap(page, '.export-confirm', '.t-button');
    await settle(10);
    expect(text(page, '.export-cut')).toBe('订单较多，本文件只含其中 5000 笔，点「继续导出」生成下一部分');
    await tap(page, '.export-continue', '.t-button');
    await settle(10);
    expect(callsOf('admin.exportOrders')).toEqual([
      { $url: 'exportOrders', fromDay: '2026-03-01', toDay: '2026-03-31', phone: 'masked' },
      { $url: 'exportOrders', fromDay: '2026-03-01', toDay: '2026-03-31', phone: 'masked', cursor: '1772330400000_o1' },
    ]);
    expect(text(page, '.export-summary')).toBe('已导出 1 笔订单（1 行商品），链接 1 小时内有效');
    expect(page.querySelector('.export-continue')).toBeFalsy();
    await tap(page, '.export-copy', '.t-button');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'https://example/part2.csv' });
  });

  it('opens on the last seven China days, every status, masked phones', async () => {
    answerCalls({ ...LIST, 'admin.exportOrders': ok(exported()) });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.export-button', '.t-button');
    const today = chinaDay(Date.now());
    expect(text(page, '.export-from')).toBe(`开始日期${chinaDay(Date.now() - 6 * 86_400_000)} ▾`);
    expect(text(page, '.export-to')).toBe(`结束日期${today} ▾`);
    await tap(page, '.export-confirm', '.t-button');
    await settle(10);
    expect(callsOf('admin.exportOrders')).toEqual([
      { $url: 'exportOrders', fromDay: chinaDay(Date.now() - 6 * 86_400_000), toDay: today, phone: 'masked' },
    ]);
  });

  it('refuses a reversed or too long range before calling, and shows the function’s refusal', async () => {
    answerCalls({ ...LIST, 'admin.exportOrders': fail('INVALID_INPUT', 'toDay: at most 366 days') });
    const page = await renderPage('admin/orders/orders');
    await openForm(page);
    change(page, '.export-from', '2026-04-01');
    await tap(page, '.export-confirm', '.t-button');
    expect(text(page, '.export-error')).toBe('开始日期不能晚于结束日期');
    change(page, '.export-from', '2025-03-30');
    await tap(page, '.export-confirm', '.t-button');
    expect(text(page, '.export-error')).toBe('一次最多导出 366 天的订单');
    expect(callsOf('admin.exportOrders')).toEqual([]);
    change(page, '.export-from', '2025-03-31');
    await tap(page, '.export-confirm', '.t-button');
    await settle(10);
    expect(callsOf('admin.exportOrders')).toHaveLength(1);
    expect(text(page, '.export-error')).toContain('366');
  });
});
