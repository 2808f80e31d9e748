/** admin/afterSales/afterSales: review of after-sales requests (approve with goods received, refuse with reason). */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { afterSaleView } from './admin-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const approved = afterSaleView('s1', {
  status: 'refunding',
  statusLabel: '退款中',
  review: { decision: 'approve', at: '2026-03-06T03:00:00.000Z', reason: null, goodsReceived: true },
});

describe('admin/afterSales/afterSales', () => {
  it('lists requests waiting for review with their amounts and return shipment', async () => {
    answerCalls({ 'admin.listAfterSales': ok({ items: [afterSaleView('s1')], nextOffset: null }) });
    const page = await renderPage('admin/afterSales/afterSales');
    expect(callsOf('admin.listAfterSales')).toEqual([
      { $url: 'listAfterSales', status: 'requested', limit: 20, offset: 0 },
    ]);
    expect(text(page, '.row-title')).toBe('退货退款 ¥128.00');
    expect(text(page, '.line')).toBe('明前龙井（250g）×1 ¥128.00');
    expect(text(page, '.return-shipment')).toBe('退货物流：顺丰速运 SF1234567');
  });

  it('approves a return with the goods ticked as received', async () => {
    answerCalls({
      'admin.listAfterSales': ok({ items: [afterSaleView('s1')], nextOffset: null }),
      'admin.approveAfterSale': ok({ status: 'approved', afterSale: approved }),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('admin/afterSales/afterSales');
    page.querySelector('.received-switch')!.dispatchEvent('change', { detail: { value: true } });
    await settle();
    await tap(page, '.approve-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ title: '同意退款', content: '将通过微信支付原路退回 ¥128.00。' }),
    );
    expect(callsOf('admin.approveAfterSale')).toEqual([
      { $url: 'approveAfterSale', afterSaleId: 's1', goodsReceived: true },
    ]);
    expect(text(page, '.row-status')).toBe('退款中');
    expect(page.querySelector('.approve-button')).toBeUndefined();
  });

  it('shows the refusal of a return approved before the goods arrived', async () => {
    answerCalls({
      'admin.listAfterSales': ok({ items: [afterSaleView('s1')], nextOffset: null }),
      'admin.approveAfterSale': fail('GOODS_NOT_RECEIVED', '请确认已收到退货 (goods not received)'),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('admin/afterSales/afterSales');
    await tap(page, '.approve-button', '.t-button');
    expect(callsOf('admin.approveAfterSale')).toEqual([
      { $url: 'approveAfterSale', afterSaleId: 's1', goodsReceived: false },
    ]);
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '操作未完成',
      content: '请确认已收到退货 (goods not received)',
      showCancel: false,
    });
    expect(text(page, '.row-status')).toBe('待审核');
  });

  it('refuses with the reason typed, and asks again for an empty one', async () => {
    const refused = afterSaleView('s1', {
      status: 'refused',
      statusLabel: '已拒绝',
      review: { decision: 'refuse', at: '2026-03-06T03:00:00.000Z', reason: '超过售后期', goodsReceived: false },
    });
    answerCalls({
      'admin.listAfterSales': ok({
        items: [afterSaleView('s1', { kind: 'refundOnly', kindLabel: '仅退款' })],
        nextOffset: null,
      }),
      'admin.refuseAfterSale': ok({ status: 'refused', afterSale: refused }),
    });
    const page = await renderPage('admin/afterSales/afterSales');
    expect(page.querySelector('.received-switch')).toBeUndefined();
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '  ' });
    await tap(page, '.refuse-button', '.t-button');
    expect(callsOf('admin.refuseAfterSale')).toEqual([]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请填写原因', icon: 'none' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' 超过售后期 ' });
    await tap(page, '.refuse-button', '.t-button');
    expect(callsOf('admin.refuseAfterSale')).toEqual([
      { $url: 'refuseAfterSale', afterSaleId: 's1', reason: '超过售后期' },
    ]);
    expect(text(page, '.review-reason')).toBe('拒绝原因：超过售后期');
  });

  it('pages, switches filters and shows the empty state', async () => {
    answerCalls({
      'admin.listAfterSales': (data: Record<string, unknown>) =>
        ok(
          data.status === 'refunded'
            ? { items: [], nextOffset: null }
            : data.offset === 0
              ? { items: [afterSaleView('s1')], nextOffset: 20 }
              : { items: [afterSaleView('s2')], nextOffset: null },
        ),
    });
    const page = await renderPage('admin/afterSales/afterSales');
    page.instance.onReachBottom();
    await settle(10);
    expect(page.data.rows.map((row: { id: string }) => row.id)).toEqual(['s1', 's2']);
    page.querySelectorAll('.filter')[2]!.dispatchEvent('tap');
    await settle(10);
    expect(texts(page, '.filter.active')).toEqual(['已退款']);
    expect(stateText(page)).toBe('没有这类售后申请');
  });
});
