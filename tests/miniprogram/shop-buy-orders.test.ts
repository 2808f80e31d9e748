/** 我的订单: tabs by state and 售后, paging as the list scrolls, pull-to-refresh, empty and error states. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, text, texts, wx } from './helpers';
import { afterSaleView, orderView, paidOrder } from './shop-buy-fixtures';

function orders(prefix: string, count: number, status: 'pending_payment' | 'paid' = 'pending_payment') {
  return Array.from({ length: count }, (_, index) =>
    (status === 'paid' ? paidOrder : orderView)({ id: `${prefix}${index}` }),
  );
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('shop/orders/orders', () => {
  it('opens on the tab of the shortcut and lists its orders', async () => {
    answerCalls({ 'order.list': ok({ items: orders('oA', 2, 'paid'), nextOffset: null }) });
    const page = await renderPage('shop/orders/orders', { status: 'paid' });
    expect(callsOf('order.list')).toEqual([{ $url: 'list', status: 'paid', limit: 10, offset: 0 }]);
    expect(texts(page, '.row-status')).toEqual(['待发货', '待发货']);
    expect(texts(page, '.row-title')).toEqual(['普洱茶 等 2 种商品', '普洱茶 等 2 种商品']);
    expect(texts(page, '.row-amount')).toEqual(['实付 ¥207.80', '实付 ¥207.80']);
    expect(text(page, '.list-end')).toBe('没有更多了');
  });

  it('loads the next page at the bottom and reloads from the first on pull-down', async () => {
    answerCalls({
      'order.list': (data: Record<string, unknown>) =>
        ok(
          data.offset === 0
            ? { items: orders('oA', 10), nextOffset: 10 }
            : { items: orders('oB', 3), nextOffset: null },
        ),
    });
    const page = await renderPage('shop/orders/orders');
    expect(callsOf('order.list')[0]).toEqual({ $url: 'list', limit: 10, offset: 0 });
    expect(page.querySelectorAll('.row')).toHaveLength(10);
    await (page.instance as { onReachBottom(): Promise<void> }).onReachBottom();
    await settle(10);
    expect(callsOf('order.list')[1]).toEqual({ $url: 'list', limit: 10, offset: 10 });
    expect(page.querySelectorAll('.row')).toHaveLength(13);
    await (page.instance as { onPullDownRefresh(): Promise<void> }).onPullDownRefresh();
    expect(page.querySelectorAll('.row')).toHaveLength(10);
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  it('switches tabs: an order state, then the after-sale requests', async () => {
    answerCalls({
      'order.list': (data: Record<string, unknown>) =>
        ok({ items: data.status === 'shipped' ? [] : orders('oA', 1), nextOffset: null }),
      'afterSale.list': ok({ items: [afterSaleView()], nextOffset: null }),
    });
    const page = await renderPage('shop/orders/orders');
    const items = page.querySelector('.tabs')!.querySelectorAll('.t-tabs__item');
    expect(items.map((item) => item.dom?.textContent?.trim())).toEqual([
      '全部',
      '待付款',
      '待发货',
      '待收货',
      '已完成',
      '售后',
    ]);
    items[3]!.dispatchEvent('tap');
    await settle(20);
    expect(callsOf('order.list')[1]).toEqual({ $url: 'list', status: 'shipped', limit: 10, offset: 0 });
    expect(stateText(page)).toBe('暂无相关订单');
    page.querySelector('.tabs')!.querySelectorAll('.t-tabs__item')[5]!.dispatchEvent('tap');
    await settle(20);
    expect(callsOf('afterSale.list')).toEqual([{ $url: 'list', limit: 10, offset: 0 }]);
    expect(texts(page, '.row-status')).toEqual(['待审核']);
    expect(texts(page, '.row-amount')).toEqual(['退款 ¥39.90']);
    page.querySelector('.row')!.dispatchEvent('tap');
    await settle(10);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/order/order?id=o0123456789abcdef01234567' });
  });

  it('shows the error and loads again on retry', async () => {
    answerCalls({ 'order.list': fail('UNAUTHENTICATED', '请在微信中打开') });
    const page = await renderPage('shop/orders/orders');
    expect(stateText(page)).toBe('加载失败 请在微信中打开');
  });
});
