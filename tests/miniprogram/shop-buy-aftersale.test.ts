/** 申请售后: lines and amounts from afterSale.refundable, the form's checks, and the request with one key across retries. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { afterSaleView, refundable } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

function reason(page: Awaited<ReturnType<typeof renderPage>>, value: string): void {
  page.querySelector('.reason-input')!.dispatchEvent('input', { detail: { value } });
}

describe('shop/afterSale/afterSale', () => {
  it('opens with the tapped line chosen and its remaining amount prefilled', async () => {
    answerCalls({ 'afterSale.refundable': ok(refundable()) });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID, lineIndex: '1' });
    expect(callsOf('afterSale.refundable')).toEqual([{ $url: 'refundable', orderId: ORDER_ID }]);
    expect(texts(page, '.line-name')).toEqual(['普洱茶', '毛巾']);
    expect(texts(page, '.line-limit')).toEqual(['最多 ¥128.00，1 件', '最多 ¥79.81，2 件']);
    expect(page.querySelectorAll('.line-chosen')).toHaveLength(1);
    expect(text(page, '.total-amount')).toBe('¥79.81');
  });

  it('suggests the units’ share when fewer units are returned, and the rest for the last ones', async () => {
    answerCalls({ 'afterSale.refundable': ok(refundable()) });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID, lineIndex: '1' });
    page.querySelector('.quantity')!.querySelector('.t-stepper__minus')!.dispatchEvent('tap');
    await settle(10);
    expect(page.data.lines[1].amountText).toBe('39.90');
    expect(text(page, '.total-amount')).toBe('¥39.90');
    page.querySelector('.quantity')!.querySelector('.t-stepper__plus')!.dispatchEvent('tap');
    await settle(10);
    expect(page.data.lines[1].amountText).toBe('79.81');
  });

  it('checks the form on the page before asking the function', async () => {
    answerCalls({ 'afterSale.refundable': ok(refundable()) });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID, lineIndex: '1' });
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('请填写申请原因');
    reason(page, '少发了一件');
    page.querySelectorAll('.amount-input')[0]!.dispatchEvent('input', { detail: { value: '80.00' } });
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('「毛巾」最多可退 79.81 元');
    page.querySelectorAll('.amount-input')[0]!.dispatchEvent('input', { detail: { value: '1.234' } });
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('请填写「毛巾」的退款金额');
    page.querySelectorAll('.line-head')[1]!.dispatchEvent('tap');
    await settle(10);
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('请选择要售后的商品');
    expect(callsOf('afterSale.request')).toEqual([]);
  });

  it('offers 退货退款 only once the order has shipped', async () => {
    answerCalls({ 'afterSale.refundable': ok(refundable({ orderStatus: 'paid', canReturn: false })) });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID });
    await tap(page, '.kind-return');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '商品发货后才能退货退款', icon: 'none' });
    expect(page.data.kind).toBe('refundOnly');
    expect(page.querySelectorAll('.line-chosen')).toHaveLength(2);
  });

  it('sends the request with one idempotency key across a retry, then goes back', async () => {
    let attempt = 0;
    answerCalls({
      'afterSale.refundable': ok(refundable()),
      'afterSale.request': () => {
        attempt += 1;
        if (attempt === 1) throw Object.assign(new Error('timeout'), { errMsg: 'cloud.callFunction:fail timeout' });
        return ok({ status: 'created', afterSale: afterSaleView({ kind: 'returnAndRefund' }) });
      },
    });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID, lineIndex: '1' });
    await tap(page, '.kind-return');
    reason(page, ' 尺寸不合适 ');
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('网络不给力，请稍后重试');
    await tap(page, '.submit-button', '.t-button');
    const calls = callsOf('afterSale.request');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({
      $url: 'request',
      orderId: ORDER_ID,
      kind: 'returnAndRefund',
      lines: [{ lineIndex: 1, quantity: 2, amountFen: 7981 }],
      reason: '尺寸不合适',
      idempotencyKey: calls[0]!.idempotencyKey,
    });
    expect((wx as unknown as { navigateBack: jest.Mock }).navigateBack).toHaveBeenCalledTimes(1);
  });

  it('shows the function’s refusal, and says when the order cannot have an after-sale', async () => {
    answerCalls({
      'afterSale.refundable': ok(refundable()),
      'afterSale.request': fail('AMOUNT_EXCEEDS_REMAINING', '退款金额超过可退金额'),
    });
    const page = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID, lineIndex: '0' });
    reason(page, '不想要了');
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.form-error')).toBe('退款金额超过可退金额');
    answerCalls({ 'afterSale.refundable': ok(refundable({ orderStatus: 'pending_payment', canRequest: false })) });
    const closed = await renderPage('shop/afterSale/afterSale', { orderId: ORDER_ID });
    expect(stateText(closed)).toBe('加载失败 该订单暂时不能申请售后');
  });
});
