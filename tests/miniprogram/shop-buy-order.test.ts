/** 订单详情: what each state shows and allows — cancel and 继续支付 while unpaid, 确认收货 while shipped, 申请售后 per line. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { afterSaleView, orderView, PAY_PARAMS, paidOrder, shippedOrder } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';
const requestPayment = jest.fn();
(wx as unknown as { requestPayment: jest.Mock }).requestPayment = requestPayment;

function buttons(page: { dom?: { outerHTML: string } }): string[] {
  const html = page.dom?.outerHTML ?? '';
  return ['取消订单', '继续支付', '确认收货'].filter((label) => html.includes(`>${label}<`));
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  wx.showModal.mockResolvedValue({ confirm: true, cancel: false });
});

describe('shop/order/order', () => {
  it('shows an unpaid order with its deadline, lines, amounts and timeline', async () => {
    answerCalls({ 'order.detail': ok(orderView()), 'afterSale.list': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    expect(callsOf('order.detail')).toEqual([{ $url: 'detail', orderId: ORDER_ID }]);
    expect(callsOf('afterSale.list')).toEqual([{ $url: 'list', orderId: ORDER_ID }]);
    expect(text(page, '.status-label')).toBe('待付款');
    expect(text(page, '.status-note')).toBe('请在 2026-03-01 10:30 前完成支付');
    expect(texts(page, '.line-name')).toEqual(['普洱茶', '毛巾']);
    expect(texts(page, '.line-price')).toEqual(['¥128.00 x1', '¥39.90 x2']);
    expect(text(page, '.payable')).toBe('¥207.80');
    expect(text(page, '.address-who')).toBe('张三 13800138000');
    expect(texts(page, '.step')).toEqual(['下单2026-03-01 10:00']);
    expect(page.querySelectorAll('.after-sale-link')).toHaveLength(0);
    expect(buttons(page)).toEqual(['取消订单', '继续支付']);
  });

  it('继续支付 pays with the parameters the server keeps for the order, then shows it paid', async () => {
    let paid = false;
    requestPayment.mockImplementation((options: { success(): void }) => {
      paid = true;
      options.success();
    });
    answerCalls({
      'order.detail': () => ok(paid ? paidOrder() : orderView()),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    await tap(page, '.pay-button', '.t-button');
    expect(requestPayment).toHaveBeenCalledWith(expect.objectContaining(PAY_PARAMS));
    await settle(10);
    expect(text(page, '.status-label')).toBe('待发货');
  });

  it('a cancelled payment leaves the order unpaid with 继续支付 still offered', async () => {
    requestPayment.mockImplementation((options: { fail(error: { errMsg: string }): void }) =>
      options.fail({ errMsg: 'requestPayment:fail cancel' }),
    );
    answerCalls({ 'order.detail': ok(orderView()), 'afterSale.list': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    await tap(page, '.pay-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消支付', icon: 'none' });
    expect(text(page, '.status-label')).toBe('待付款');
    expect(buttons(page)).toEqual(['取消订单', '继续支付']);
  });

  it('cancels an unpaid order after confirmation and shows it closed', async () => {
    const closed = orderView({
      status: 'closed',
      statusLabel: '已关闭',
      payParams: null,
      payDeadline: null,
      closedAt: '2026-03-01T02:10:00.000Z',
      closeReason: 'CANCELLED',
    });
    answerCalls({
      'order.detail': ok(orderView()),
      'order.cancel': ok({ status: 'cancelled', order: closed }),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    await tap(page, '.cancel-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith({ title: '提示', content: '确定取消该订单吗？' });
    expect(callsOf('order.cancel')).toEqual([{ $url: 'cancel', orderId: ORDER_ID }]);
    expect(text(page, '.status-label')).toBe('已关闭');
    expect(text(page, '.status-note')).toBe('订单已取消');
    expect(texts(page, '.step')).toEqual(['下单2026-03-01 10:00', '关闭2026-03-01 10:10']);
    expect(buttons(page)).toEqual([]);
  });

  it('shows the refusal of a cancel while the payment is being confirmed', async () => {
    answerCalls({
      'order.detail': ok(orderView()),
      'order.cancel': fail('PAYMENT_IN_PROGRESS', '订单正在支付中'),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    await tap(page, '.cancel-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '订单正在支付中', icon: 'none' });
    expect(text(page, '.status-label')).toBe('待付款');
  });

  it('confirms receipt of a shipped order and offers 申请售后 per line', async () => {
    const completed = shippedOrder({
      status: 'completed',
      statusLabel: '已完成',
      autoConfirmAt: null,
      completedAt: '2026-03-05T02:00:00.000Z',
      completedBy: 'shopper',
    });
    answerCalls({
      'order.detail': ok(shippedOrder()),
      'order.confirmReceipt': ok({ status: 'completed', order: completed }),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    expect(text(page, '.shipping-info')).toBe('物流：顺丰速运 SF1234567890');
    expect(text(page, '.status-note')).toBe('2026-03-12 10:00 将自动确认收货');
    expect(buttons(page)).toEqual(['确认收货']);
    await tap(page, '.confirm-button', '.t-button');
    expect(callsOf('order.confirmReceipt')).toEqual([{ $url: 'confirmReceipt', orderId: ORDER_ID }]);
    expect(text(page, '.status-label')).toBe('已完成');
    expect(texts(page, '.step')).toEqual([
      '下单2026-03-01 10:00',
      '付款2026-03-01 10:05',
      '发货2026-03-02 10:00',
      '确认收货2026-03-05 10:00',
    ]);
    page.querySelectorAll('.after-sale-link')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/shop/afterSale/afterSale?orderId=${ORDER_ID}&lineIndex=1` });
  });

  it('shows the after-sales of the order and hides 申请售后 on a fully refunded line', async () => {
    const order = paidOrder();
    order.lines[1] = { ...order.lines[1]!, refundedFen: 7980, refundedQuantity: 2 };
    answerCalls({
      'order.detail': ok(order),
      'afterSale.list': ok({ items: [afterSaleView({ status: 'refunded', statusLabel: '已退款' })], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    expect(text(page, '.after-sale-title')).toBe('仅退款 · 毛巾');
    expect(text(page, '.after-sale-status')).toBe('已退款');
    expect(texts(page, '.line-refunded')).toEqual(['已退款 ¥79.80']);
    expect(page.querySelectorAll('.after-sale-link')).toHaveLength(1);
  });

  it('says the payment is being confirmed when opened right after paying, then shows it paid', async () => {
    let asked = 0;
    answerCalls({
      'order.detail': () => ok((asked += 1) === 1 ? orderView() : paidOrder()),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID, paid: '1' });
    expect(text(page, '.status-label')).toBe('支付结果确认中');
    await settle(1600);
    expect(text(page, '.status-label')).toBe('待发货');
    (page.instance as { onUnload(): void }).onUnload();
  });

  it('shows the error of an order that is not found', async () => {
    answerCalls({
      'order.detail': fail('ORDER_NOT_FOUND', '订单不存在'),
      'afterSale.list': ok({ items: [], nextOffset: null }),
    });
    const page = await renderPage('shop/order/order', { id: ORDER_ID });
    expect(stateText(page)).toBe('加载失败 订单不存在');
  });
});
