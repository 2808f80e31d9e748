/** 佣金明细 (tabs, paging, reasons), 佣金详情 (the whole explanation) and 推广订单. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tapRetry, text, texts, wx } from './helpers';
import { commissionsPage, commissionView, promotionOrder } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const held = commissionView({
  id: 'c:o200:1:2',
  orderId: 'o200',
  lineIndex: 1,
  level: 2,
  levelLabel: '二级',
  product: { name: '茶叶', spec: '', skuId: 'sku-2', quantity: 2 },
  netFen: 300,
  amountFen: 300,
  status: 'held',
  statusLabel: '售后冻结',
  pending: { reason: 'AFTER_SALE_OPEN', until: null, text: '该商品有售后申请正在处理，处理完成前暂不结算' },
});
const clawed = commissionView({
  id: 'c:o300:0:1',
  orderId: 'o300',
  status: 'released',
  statusLabel: '已结算',
  pending: null,
  releasedAt: '2026-03-01T02:00:00.000Z',
  clawedBackFen: 400,
  netFen: 600,
});

describe('distributor/commissions/commissions', () => {
  it('lists the commissions with amount, level, product, status and the one-line reason', async () => {
    answerCalls({ 'distributor.commissions': ok(commissionsPage(1, [commissionView(), held, clawed], false)) });
    const page = await renderPage('distributor/commissions/commissions');
    expect(callsOf('distributor.commissions')).toEqual([{ $url: 'commissions', page: 1, pageSize: 20 }]);
    expect(texts(page, '.row-product')).toEqual(['保温杯（500ml 白色） × 1', '茶叶 × 2', '保温杯（500ml 白色） × 1']);
    expect(texts(page, '.row-amount')).toEqual(['¥10.00', '¥3.00', '¥6.00']);
    expect(texts(page, '.row-earned')).toEqual(['¥10.00']);
    expect(texts(page, '.row-status')).toEqual(['冻结中', '售后冻结', '已结算']);
    expect(texts(page, '.row-level')).toEqual([
      '一级佣金 · 2026-11-20 10:00',
      '二级佣金 · 2026-11-20 10:00',
      '一级佣金 · 2026-11-20 10:00',
    ]);
    expect(texts(page, '.row-reason')).toEqual([
      '售后期内，预计 2026-12-01 08:00 结算',
      '该商品有售后申请正在处理，处理完成前暂不结算',
      '结算后退款，扣回 ¥4.00',
    ]);
    expect(text(page, '.list-end')).toBe('没有更多了');
  });

  it('filters by the tapped status tab and reloads from the first page', async () => {
    answerCalls({
      'distributor.commissions': (data: Record<string, unknown>) =>
        ok(commissionsPage(1, data.status === 'held' ? [held] : [commissionView(), held], false)),
    });
    const page = await renderPage('distributor/commissions/commissions');
    expect(texts(page.querySelector('.tabs')!, '.t-tabs__item')).toEqual([
      '全部',
      '冻结中',
      '售后冻结',
      '已结算',
      '已失效',
    ]);
    page.querySelector('.tabs')!.querySelectorAll('.t-tabs__item')[2]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('distributor.commissions')[1]).toEqual({
      $url: 'commissions',
      page: 1,
      pageSize: 20,
      status: 'held',
    });
    expect(texts(page, '.row-status')).toEqual(['售后冻结']);
  });

  it('opens on the tab named in the query, and says when it is empty', async () => {
    answerCalls({ 'distributor.commissions': ok(commissionsPage(1, [], false)) });
    const page = await renderPage('distributor/commissions/commissions', { status: 'reversed' });
    expect(callsOf('distributor.commissions')).toEqual([
      { $url: 'commissions', page: 1, pageSize: 20, status: 'reversed' },
    ]);
    expect(stateText(page)).toBe('暂无该状态的佣金');
  });

  it('appends the next page at the bottom, stops at the last, and reloads on pull-down', async () => {
    answerCalls({
      'distributor.commissions': (data: Record<string, unknown>) =>
        ok(data.page === 1 ? commissionsPage(1, [commissionView()], true) : commissionsPage(2, [held], false)),
    });
    const page = await renderPage('distributor/commissions/commissions');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('distributor.commissions').map((call) => call.page)).toEqual([1, 2]);
    expect(texts(page, '.row-amount')).toEqual(['¥10.00', '¥3.00']);
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('distributor.commissions')).toHaveLength(2);
    await page.instance.onPullDownRefresh();
    await settle();
    expect(callsOf('distributor.commissions').map((call) => call.page)).toEqual([1, 2, 1]);
    expect(texts(page, '.row-amount')).toEqual(['¥10.00']);
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1);
  });

  it('opens the detail of a tapped commission with its id encoded', async () => {
    answerCalls({ 'distributor.commissions': ok(commissionsPage(1, [held], false)) });
    const page = await renderPage('distributor/commissions/commissions');
    page.querySelectorAll('.row')[0]!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/commission/commission?id=c%3Ao200%3A1%3A2' });
  });

  it('shows the error and loads again on 重试', async () => {
    let calls = 0;
    answerCalls({
      'distributor.commissions': () =>
        ++calls === 1 ? fail('NETWORK', '网络不给力，请稍后重试') : ok(commissionsPage(1, [held], false)),
    });
    const page = await renderPage('distributor/commissions/commissions');
    expect(stateText(page)).toBe('加载失败 网络不给力，请稍后重试');
    await tapRetry(page);
    expect(texts(page, '.row-status')).toEqual(['售后冻结']);
  });
});

/** The lines of a section of 佣金详情 (order, computation, settlement): label and value, unspaced. */
function lines(page: Awaited<ReturnType<typeof renderPage>>, section: string): string[] {
  return texts(page, `.${section}-line`);
}

describe('distributor/commission/commission', () => {
  it('explains a rate commission: base, rate, exact value, the floor, release date and history', async () => {
    answerCalls({ 'distributor.commission': ok({ commission: commissionView() }) });
    const page = await renderPage('distributor/commission/commission', { id: 'c%3Ao100%3A0%3A1' });
    expect(callsOf('distributor.commission')).toEqual([{ $url: 'commission', id: 'c:o100:0:1' }]);
    expect(text(page, '.amount')).toBe('¥10.00');
    expect(text(page, '.status')).toBe('冻结中');
    expect(text(page, '.reason')).toBe('售后期内，预计 2026-12-01 08:00 结算');
    expect(lines(page, 'order')).toEqual(['订单号o100', '商品保温杯（500ml 白色） × 1', '佣金级别一级佣金']);
    expect(lines(page, 'computation')).toEqual([
      '佣金基数（实付金额）¥100.05',
      '佣金比例10%',
      '计算值（取整前）¥10.005',
      '向下取整¥10.00（舍去 0.5 分）',
      '获得佣金¥10.00',
    ]);
    expect(lines(page, 'settlement')).toEqual([
      '佣金产生2026-11-20 10:00',
      '预计结算2026-12-01 08:00',
      '冻结原因售后期内，预计 2026-12-01 08:00 结算',
    ]);
    expect(texts(page, '.event-text')).toEqual([
      '订单已支付，获得佣金 ¥10.00，冻结中',
      '订单已完成，预计 2026-12-01 08:00 结算',
    ]);
    expect(texts(page, '.explanation-line')).toEqual(commissionView().explanation);
  });

  it('shows the cap, a fixed amount and the refunds when they apply', async () => {
    const capped = commissionView({
      basis: { kind: 'fixed', fixedFenPerUnit: 500 },
      basisText: '每件 ¥5.00',
      product: { name: '保温杯', spec: '', skuId: 'sku-1', quantity: 3 },
      computation: {
        exactFen: '1500',
        roundedOffFen: '0',
        uncappedFen: 1500,
        capApplied: true,
        capFen: 2000,
        lineUncappedFen: 3000,
        cappedExactFen: '1000',
      },
      amountFen: 1000,
      reversedFen: 250,
      netFen: 750,
      status: 'held',
      statusLabel: '售后冻结',
      pending: { reason: 'AFTER_SALE_OPEN', until: null, text: '该商品有售后申请正在处理，处理完成前暂不结算' },
    });
    answerCalls({ 'distributor.commission': ok({ commission: capped }) });
    const page = await renderPage('distributor/commission/commission', { id: 'c:o100:0:1' });
    expect(lines(page, 'computation')).toEqual([
      '佣金基数（实付金额）¥100.05',
      '固定佣金每件 ¥5.00 × 3 件',
      '向下取整¥15.00',
      '本商品各级佣金合计¥30.00',
      '佣金封顶¥20.00',
      '按比例缩减（取整前）¥10.00',
      '封顶后佣金¥10.00',
      '获得佣金¥10.00',
      '退款失效-¥2.50',
      '实得佣金¥7.50',
    ]);
    expect(lines(page, 'settlement')).toContain('售后冻结原因该商品有售后申请正在处理，处理完成前暂不结算');
  });

  it('says a released commission was settled, and when', async () => {
    answerCalls({ 'distributor.commission': ok({ commission: { ...clawed, clawedBackFen: 0, netFen: 1000 } }) });
    const page = await renderPage('distributor/commission/commission', { id: 'c:o300:0:1' });
    expect(text(page, '.reason')).toBe('2026-03-01 已结算到可提现余额');
    expect(lines(page, 'settlement')).toEqual(['佣金产生2026-11-20 10:00', '结算时间2026-03-01 10:00']);
  });

  it('says so when the commission is not the caller’s', async () => {
    answerCalls({ 'distributor.commission': fail('NOT_FOUND', 'no such commission') });
    const page = await renderPage('distributor/commission/commission', { id: 'c:o999:0:1' });
    expect(stateText(page)).toBe('加载失败 找不到这笔佣金');
  });
});

describe('distributor/promotion/promotion', () => {
  it('lists the orders with the masked buyer, order status, products and commission', async () => {
    answerCalls({
      'distributor.promotionOrders': ok({ orders: [promotionOrder()], page: 1, pageSize: 20, hasMore: false }),
    });
    const page = await renderPage('distributor/promotion/promotion');
    expect(callsOf('distributor.promotionOrders')).toEqual([{ $url: 'promotionOrders', page: 1, pageSize: 20 }]);
    expect(text(page, '.row-buyer')).toBe('张**三');
    expect(text(page, '.row-order-status')).toBe('已完成');
    expect(text(page, '.row-products')).toBe('保温杯、茶叶');
    expect(text(page, '.row-commission')).toBe('佣金 ¥12.00');
    expect(text(page, '.row-earned')).toBe('¥15.00');
    expect(text(page, '.row-status')).toBe('冻结中');
    expect(texts(page, '.commission-link')).toEqual(['保温杯 · 一级 ¥10.00 ›', '茶叶 · 一级 ¥2.00 ›']);
    page.querySelectorAll('.commission-link')[1]!.dispatchEvent('tap');
    await settle();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/commission/commission?id=c%3Ao100%3A1%3A1' });
  });

  it('pages at the bottom without listing an order twice', async () => {
    answerCalls({
      'distributor.promotionOrders': (data: Record<string, unknown>) =>
        ok(
          data.page === 1
            ? { orders: [promotionOrder()], page: 1, pageSize: 20, hasMore: true }
            : {
                orders: [promotionOrder(), promotionOrder({ orderId: 'o101', buyerNickname: '李*' })],
                page: 2,
                pageSize: 20,
                hasMore: false,
              },
        ),
    });
    const page = await renderPage('distributor/promotion/promotion');
    page.instance.onReachBottom();
    await settle(10);
    expect(texts(page, '.row-buyer')).toEqual(['张**三', '李*']);
    expect(text(page, '.list-end')).toBe('没有更多了');
  });

  it('shows the empty and error states', async () => {
    answerCalls({ 'distributor.promotionOrders': ok({ orders: [], page: 1, pageSize: 20, hasMore: false }) });
    const empty = await renderPage('distributor/promotion/promotion');
    expect(stateText(empty)).toBe('还没有推广订单，分享商品给好友吧');
    answerCalls({ 'distributor.promotionOrders': fail('FUNCTION_FAILED', '服务暂时不可用，请稍后重试') });
    const failed = await renderPage('distributor/promotion/promotion');
    expect(stateText(failed)).toBe('加载失败 服务暂时不可用，请稍后重试');
  });
});
