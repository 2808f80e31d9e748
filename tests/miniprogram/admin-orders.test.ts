/** admin/orders/orders: orders by status, paging, and shipping with carrier and tracking number. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';
import { orderView } from './admin-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

describe('admin/orders/orders', () => {
  it('opens on the tab the dashboard asked for and shows each order', async () => {
    answerCalls({ 'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }) });
    const page = await renderPage('admin/orders/orders', { status: 'paid' });
    expect(callsOf('admin.listOrders')).toEqual([{ $url: 'listOrders', status: 'paid', limit: 20, offset: 0 }]);
    expect(texts(page, '.filter.active')).toEqual(['待发货']);
    expect(text(page, '.order-id')).toBe('订单号 o-1001');
    expect(text(page, '.line-name')).toBe('明前龙井（250g）×2');
    expect(text(page, '.amount')).toBe('¥256.00');
    expect(text(page, '.address')).toBe('张三 13800000000 浙江省杭州市西湖区文三路 1 号');
  });

  it('ships a paid order with the carrier picked and the tracking number typed', async () => {
    answerCalls({
      'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }),
      'admin.shipOrder': (data: Record<string, unknown>) =>
        ok({
          status: 'shipped',
          order: orderView('o-1001', {
            status: 'shipped',
            statusLabel: '待收货',
            shipping: {
              carrier: data.carrier as string,
              trackingNo: data.trackingNo as string,
              shippedAt: '2026-03-06T00:00:00.000Z',
            },
          }),
        }),
    });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.ship-button', '.t-button');
    page.querySelectorAll('.carrier')[0]!.dispatchEvent('tap');
    input(page, '.tracking-input', 'SF 1234 5678');
    await settle();
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toEqual([
      { $url: 'shipOrder', orderId: 'o-1001', carrier: '顺丰速运', trackingNo: 'SF12345678' },
    ]);
    expect(text(page, '.row-status')).toBe('待收货');
    expect(text(page, '.shipping')).toBe('物流：顺丰速运 SF12345678');
    expect(page.querySelector('.ship-button')).toBeUndefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已发货', icon: 'success' });
  });

  it('refuses a form the contract refuses before sending, and shows the function’s refusal', async () => {
    answerCalls({
      'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }),
      'admin.shipOrder': fail('INVALID_TRANSITION', '订单已发货 (already shipped)'),
    });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.ship-button', '.t-button');
    input(page, '.tracking-input', '12');
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toEqual([]);
    expect(text(page, '.carrier-error')).toBe('请填写快递公司（1-20 个字）');
    expect(text(page, '.tracking-error')).toBe('请填写快递单号（4-40 位字母、数字或 -）');
    input(page, '.carrier-input', '中通快递');
    input(page, '.tracking-input', 'ZT00012345');
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toHaveLength(1);
    expect(text(page, '.ship-refusal')).toBe('订单已发货 (already shipped)');
  });

  it('pages with nextOffset, switches tabs and reloads on pull-down', async () => {
    answerCalls({
      'admin.listOrders': (data: Record<string, unknown>) =>
        ok(
          data.offset === 0
            ? { items: [orderView('o-1')], nextOffset: 20 }
            : { items: [orderView('o-2', { status: 'completed', statusLabel: '已完成' })], nextOffset: null },
        ),
    });
    const page = await renderPage('admin/orders/orders');
    expect(callsOf('admin.listOrders')[0]).toEqual({ $url: 'listOrders', limit: 20, offset: 0 });
    page.instance.onReachBottom();
    await settle(10);
    expect(texts(page, '.order-id')).toEqual(['订单号 o-1', '订单号 o-2']);
    expect(text(page, '.list-end')).toBe('没有更多了');
    page.querySelectorAll('.filter')[4]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listOrders')[2]).toEqual({ $url: 'listOrders', status: 'completed', limit: 20, offset: 0 });
    await page.instance.onPullDownRefresh();
    expect(callsOf('admin.listOrders')).toHaveLength(4);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('shows the empty and the error states', async () => {
    answerCalls({ 'admin.listOrders': ok({ items: [], nextOffset: null }) });
    let page = await renderPage('admin/orders/orders');
    expect(stateText(page)).toBe('没有这类订单');
    answerCalls({ 'admin.listOrders': fail('FORBIDDEN', 'x') });
    page = await renderPage('admin/orders/orders');
    expect(stateText(page)).toMatch(/^加载失败 仅限本店管理员使用/);
  });
});
