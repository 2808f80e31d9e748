/** The readable order number on 我的订单, 订单详情 and the back office's order list (copied on tap). */
import { answerCalls, ok, renderPage, tap, text, texts, wx } from './helpers';
import { orderView as adminOrderView } from './admin-fixtures';
import { orderView } from './shop-buy-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('readable order numbers on the pages', () => {
  it('我的订单 shows each order’s number under its summary', async () => {
    answerCalls({
      'order.list': ok({
        items: [orderView({ id: 'oA1' }), orderView({ id: 'oOld', orderNo: 'oOld' })],
        nextOffset: null,
      }),
    });
    const page = await renderPage('shop/orders/orders');
    expect(texts(page, '.row-no')).toEqual(['订单号 2026030112345678', '订单号 oOld']);
  });

  it('订单详情 shows the number as 订单编号', async () => {
    answerCalls({ 'order.detail': ok(orderView()), 'afterSale.list': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('shop/order/order', { id: 'o0123456789abcdef01234567' });
    expect(text(page, '.order-id')).toBe('2026030112345678');
  });

  it('the back office lists the number and copies it on tap', async () => {
    answerCalls({
      'admin.listOrders': ok({
        items: [adminOrderView('o-1001', { orderNo: '2026120700012345' })],
        nextOffset: null,
      }),
    });
    const page = await renderPage('admin/orders/orders');
    expect(text(page, '.order-id')).toBe('订单号 2026120700012345');
    await tap(page, '.order-id');
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: '2026120700012345' });
  });
});
