/**
 * 提现 and 提现记录: limits and fee as typed, the subscribe prompt before the request, one request
 * id across retries, refusals in Chinese, and 确认收款: transfer → wx.requestMerchantTransfer with
 * the server's package → sync → the new status.
 */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { ledgerCenterView, withdrawalHistoryView, withdrawalMoveView } from './fixtures';

type Mock = jest.Mock;
const platform = wx as unknown as { requestSubscribeMessage: Mock; requestMerchantTransfer: Mock };
platform.requestSubscribeMessage = jest.fn();
platform.requestMerchantTransfer = jest.fn();

const TRANSFER = { mchId: '1800000001', appId: 'wx1234567890', packageInfo: 'PKG-abc==' };

function merchantTransferAnswers(errMsg?: string): void {
  platform.requestMerchantTransfer.mockImplementation(
    (options: { success(): void; fail(error: { errMsg: string }): void }) => {
      if (errMsg) options.fail({ errMsg });
      else options.success();
    },
  );
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  platform.requestSubscribeMessage.mockResolvedValue({
    errMsg: 'requestSubscribeMessage:ok',
    TPL_WITHDRAWAL: 'accept',
  });
  merchantTransferAnswers();
});

type Page = Awaited<ReturnType<typeof renderPage>>;

async function typeAmount(page: Page, value: string): Promise<void> {
  page.querySelector('.amount-input')!.dispatchEvent('input', { detail: { value } });
  await settle();
}

describe('distributor/withdraw/withdraw', () => {
  it('shows the available balance, the rules and both channels', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/withdraw/withdraw');
    expect(text(page, '.available')).toBe('¥123.45');
    expect(text(page, '.rules')).toBe(
      '单笔 ¥1.00 起，最多 ¥100.00 · 手续费 0.6%（不足 1 分的部分不收） · 每天最多 3 次',
    );
    expect(texts(page, '.channel')).toEqual(['微信零钱', '商家线下打款']);
    expect(texts(page, '.channel.selected')).toEqual(['微信零钱']);
  });

  it.each([
    ['100', '¥0.60', '¥99.40', ''],
    ['12.5', '¥0.07', '¥12.43', ''],
    ['0.99', '¥0.00', '¥0.99', '单笔最少提现 ¥1.00'],
    ['100.01', '¥0.60', '¥99.41', '单笔最多提现 ¥100.00'],
    ['1.234', '¥0.00', '¥0.00', '请输入正确的金额，最多两位小数'],
    ['abc', '¥0.00', '¥0.00', '请输入正确的金额，最多两位小数'],
  ])('for %s yuan shows fee %s, payout %s and problem "%s"', async (typed, fee, payout, problem) => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, typed);
    expect([text(page, '.fee'), text(page, '.payout'), text(page, '.problem')]).toEqual([fee, payout, problem]);
  });

  it('refuses more than the available balance without a call, and fills in 全部提现', async () => {
    const center = ledgerCenterView();
    answerCalls({
      'distributor.center': ok({
        ...center,
        rules: { ...center.rules, withdraw: { ...center.rules.withdraw, maxAmountFen: 50000 } },
      }),
      'withdraw.request': ok({ status: 'created', withdrawal: withdrawalMoveView({ amountFen: 12345 }) }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, '123.46');
    expect(text(page, '.problem')).toBe('超出可提现余额 ¥123.45');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toHaveLength(0);
    await tap(page, '.all-button');
    expect(page.data.amountText).toBe('123.45');
    expect(text(page, '.problem')).toBe('');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toEqual([expect.objectContaining({ amountFen: 12345 })]);
  });

  it('fills in 全部提现 only up to the single limit', async () => {
    answerCalls({ 'distributor.center': ok(ledgerCenterView()) });
    const page = await renderPage('distributor/withdraw/withdraw');
    await tap(page, '.all-button');
    expect(page.data.amountText).toBe('100.00');
    expect(text(page, '.payout')).toBe('¥99.40');
  });

  it('asks for the subscribe message, then requests with the chosen channel and shows the withdrawal', async () => {
    answerCalls({
      'distributor.center': ok(ledgerCenterView()),
      'withdraw.request': (data: Record<string, unknown>) =>
        ok({
          status: 'created',
          withdrawal: withdrawalMoveView({ channel: 'manual', amountFen: Number(data.amountFen) }),
        }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    page.querySelectorAll('.channel')[1]!.dispatchEvent('tap');
    await typeAmount(page, '100');
    await tap(page, '.submit-button', '.t-button');
    expect(platform.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['TPL_WITHDRAWAL'] });
    const [request] = callsOf('withdraw.request');
    expect(request).toEqual({
      $url: 'request',
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      amountFen: 10000,
      channel: 'manual',
    });
    const subscribedAt = platform.requestSubscribeMessage.mock.invocationCallOrder[0]!;
    const requestedAt = wx.cloud.callFunction.mock.invocationCallOrder[callsOf('distributor.center').length]!;
    expect(subscribedAt).toBeLessThan(requestedAt);
    expect(text(page, '.result-status')).toBe('审核中');
    expect([text(page, '.result-amount'), text(page, '.result-fee'), text(page, '.result-payout')]).toEqual([
      '¥100.00',
      '¥0.60',
      '¥99.40',
    ]);
    expect(text(page, '.result-hint')).toBe('等待商家审核，审核期间金额计入提现中');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '提现申请已提交', icon: 'success' });
    expect(callsOf('distributor.center')).toHaveLength(2); // the balances are reloaded
  });

  it('goes ahead when the subscribe message is refused, and skips it when the shop set no template', async () => {
    platform.requestSubscribeMessage.mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail cancel' });
    answerCalls({
      'distributor.center': ok(ledgerCenterView()),
      'withdraw.request': ok({ status: 'created', withdrawal: withdrawalMoveView() }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, '100');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toHaveLength(1);

    jest.clearAllMocks();
    const center = ledgerCenterView();
    answerCalls({
      'distributor.center': ok({
        ...center,
        rules: { ...center.rules, notifications: { commission: null, withdrawal: null } },
      }),
      'withdraw.request': ok({ status: 'created', withdrawal: withdrawalMoveView() }),
    });
    const second = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(second, '100');
    await tap(second, '.submit-button', '.t-button');
    expect(platform.requestSubscribeMessage).not.toHaveBeenCalled();
    expect(callsOf('withdraw.request')).toHaveLength(1);
  });

  it('sends the same request id again after a network error, and a new one for the next withdrawal', async () => {
    let attempt = 0;
    answerCalls({
      'distributor.center': ok(ledgerCenterView()),
      'withdraw.request': () =>
        ++attempt === 1
          ? fail('NETWORK', '网络不给力，请稍后重试')
          : ok({ status: attempt === 2 ? 'replayed' : 'created', withdrawal: withdrawalMoveView() }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, '100');
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({
      title: '网络不给力，请稍后重试，可再次提交，不会重复提现',
      icon: 'none',
    });
    expect(page.querySelector('.result')).toBeUndefined();

    // Even from a page opened anew, the retry is the same withdrawal.
    const again = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(again, '100');
    await tap(again, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '该提现申请已提交过', icon: 'success' });
    await typeAmount(again, '5');
    await tap(again, '.submit-button', '.t-button');
    const ids = callsOf('withdraw.request').map((call) => call.requestId);
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it.each([
    ['DAILY_LIMIT_REACHED', '每天最多提现 3 次，今天的次数已用完'],
    ['INSUFFICIENT_BALANCE', '可提现余额不足'],
    ['NEGATIVE_BALANCE', '可提现余额为负（结算后的退款扣回了佣金），之后结算的佣金补足欠款后才能提现'],
    ['AMOUNT_TOO_SMALL', '单笔最少提现 ¥1.00'],
    ['AMOUNT_TOO_LARGE', '单笔最多提现 ¥100.00'],
    ['DISTRIBUTOR_DISABLED', '你的分销资格已被商家停用，暂不能提现'],
    ['CHANNEL_NOT_ALLOWED', '商家暂不支持该提现方式，请换一种方式'],
    ['NOT_DISTRIBUTOR', '仅分销员可以提现'],
    ['SOMETHING_NEW', '新的拒绝'],
  ])('shows the refusal %s as "%s" and takes a new request id next time', async (code, message) => {
    let attempt = 0;
    answerCalls({
      'distributor.center': ok(ledgerCenterView()),
      'withdraw.request': () =>
        ++attempt === 1
          ? fail(code, '新的拒绝 (a new refusal)')
          : ok({ status: 'created', withdrawal: withdrawalMoveView() }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, '100');
    await tap(page, '.submit-button', '.t-button');
    expect(wx.showToast).toHaveBeenCalledWith({ title: message, icon: 'none' });
    await tap(page, '.submit-button', '.t-button');
    const ids = callsOf('withdraw.request').map((call) => call.requestId);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('explains a negative balance before anything is typed', async () => {
    answerCalls({
      'distributor.center': ok(
        ledgerCenterView({ balances: { frozenFen: 0, availableFen: -350, withdrawingFen: 0, withdrawnFen: 0 } }),
      ),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    expect(text(page, '.available')).toBe('-¥3.50');
    expect(text(page, '.problem')).toBe('可提现余额为负（结算后的退款扣回了佣金），之后结算的佣金补足欠款后才能提现');
  });

  it('confirms a transfer approved at once: requestMerchantTransfer with the server package, then sync', async () => {
    const paying = withdrawalMoveView({
      status: 'paying',
      awaitsConfirmation: true,
      transferState: 'WAIT_USER_CONFIRM',
    });
    answerCalls({
      'distributor.center': ok(ledgerCenterView()),
      'withdraw.request': ok({ status: 'created', withdrawal: paying }),
      'withdraw.transfer': ok({ ...TRANSFER, withdrawal: paying }),
      'withdraw.sync': ok({
        status: 'changed',
        withdrawal: withdrawalMoveView({ status: 'withdrawn', transferState: 'SUCCESS' }),
      }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await typeAmount(page, '100');
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.result-status')).toBe('待确认收款');
    await tap(page, '.confirm-button', '.t-button');
    expect(callsOf('withdraw.transfer')).toEqual([{ $url: 'transfer', withdrawalId: 'w:o1:req-0001' }]);
    expect(platform.requestMerchantTransfer).toHaveBeenCalledWith(
      expect.objectContaining({ mchId: '1800000001', appId: 'wx1234567890', package: 'PKG-abc==' }),
    );
    expect(callsOf('withdraw.sync')).toEqual([{ $url: 'sync', withdrawalId: 'w:o1:req-0001' }]);
    expect(text(page, '.result-status')).toBe('已提现');
    expect(page.querySelector('.confirm-button')).toBeUndefined();
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已到账', icon: 'success' });
  });

  it('shows the load error and retries', async () => {
    let calls = 0;
    answerCalls({
      'distributor.center': () => (++calls === 1 ? fail('NETWORK', '网络不给力，请稍后重试') : ok(ledgerCenterView())),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    expect(stateText(page)).toBe('加载失败 网络不给力，请稍后重试');
    await tap(page.querySelector('.page-state')!, '.retry', '.t-button');
    expect(text(page, '.available')).toBe('¥123.45');
  });
});

describe('distributor/withdrawals/withdrawals', () => {
  const awaiting = withdrawalHistoryView({
    id: 'w:o1:req-0002',
    status: 'paying',
    statusLabel: '打款中',
    packageInfo: 'PKG-abc==',
    history: [
      { status: 'reviewing', at: '2026-03-15T02:00:00.000Z', note: null },
      { status: 'paying', at: '2026-03-15T03:00:00.000Z', note: null },
    ],
  });
  const rejected = withdrawalHistoryView({
    id: 'w:o1:req-0003',
    status: 'rejected',
    statusLabel: '已拒绝',
    rejectReason: '信息不符',
    channel: 'manual',
    history: [
      { status: 'reviewing', at: '2026-03-14T02:00:00.000Z', note: null },
      { status: 'rejected', at: '2026-03-14T05:00:00.000Z', note: '信息不符' },
    ],
  });

  it('lists withdrawals with status, amounts, reason and history; 确认收款 only where a transfer waits', async () => {
    answerCalls({
      'distributor.withdrawals': ok({
        withdrawals: [awaiting, rejected, withdrawalHistoryView()],
        page: 1,
        pageSize: 20,
        hasMore: false,
      }),
    });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    expect(callsOf('distributor.withdrawals')).toEqual([{ $url: 'withdrawals', page: 1, pageSize: 20 }]);
    expect(texts(page, '.row-status')).toEqual(['待确认收款', '已拒绝', '审核中']);
    expect(texts(page, '.row-amount')).toEqual(['¥100.00', '¥100.00', '¥100.00']);
    expect(texts(page, '.row-meta')[1]).toBe('2026-03-15 10:00 · 商家线下打款 · 手续费 ¥0.60 · 到账 ¥99.40');
    expect(texts(page, '.row-reason')).toEqual(['拒绝原因：信息不符']);
    expect(texts(page, '.event-label')).toEqual(['审核中', '打款中', '审核中', '已拒绝', '审核中']);
    expect(texts(page, '.event-note')).toEqual(['信息不符']);
    expect(page.querySelectorAll('.confirm-button')).toHaveLength(1);
  });

  it('confirms receipt and shows the new status of that row', async () => {
    answerCalls({
      'distributor.withdrawals': ok({ withdrawals: [awaiting, rejected], page: 1, pageSize: 20, hasMore: false }),
      'withdraw.transfer': ok({
        ...TRANSFER,
        withdrawal: withdrawalMoveView({ id: awaiting.id, status: 'paying', awaitsConfirmation: true }),
      }),
      'withdraw.sync': ok({
        status: 'changed',
        withdrawal: withdrawalMoveView({ id: awaiting.id, status: 'withdrawn', transferState: 'SUCCESS' }),
      }),
    });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    await tap(page, '.confirm-button', '.t-button');
    expect(callsOf('withdraw.transfer')).toEqual([{ $url: 'transfer', withdrawalId: awaiting.id }]);
    expect(platform.requestMerchantTransfer).toHaveBeenCalledWith(
      expect.objectContaining({ mchId: TRANSFER.mchId, appId: TRANSFER.appId, package: TRANSFER.packageInfo }),
    );
    expect(callsOf('withdraw.sync')).toEqual([{ $url: 'sync', withdrawalId: awaiting.id }]);
    expect(texts(page, '.row-status')).toEqual(['已提现', '已拒绝']);
    expect(page.querySelectorAll('.confirm-button')).toHaveLength(0);
  });

  it('leaves the transfer waiting when the distributor closes the confirmation page', async () => {
    merchantTransferAnswers('requestMerchantTransfer:fail cancel');
    answerCalls({
      'distributor.withdrawals': ok({ withdrawals: [awaiting], page: 1, pageSize: 20, hasMore: false }),
      'withdraw.transfer': ok({
        ...TRANSFER,
        withdrawal: withdrawalMoveView({ id: awaiting.id, status: 'paying', awaitsConfirmation: true }),
      }),
    });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    await tap(page, '.confirm-button', '.t-button');
    expect(callsOf('withdraw.sync')).toHaveLength(0);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已取消，可稍后在提现记录中确认收款', icon: 'none' });
    expect(texts(page, '.row-status')).toEqual(['待确认收款']);
  });

  it('says why a transfer cannot be confirmed, in Chinese', async () => {
    answerCalls({
      'distributor.withdrawals': ok({ withdrawals: [awaiting], page: 1, pageSize: 20, hasMore: false }),
      'withdraw.transfer': fail('NOT_AWAITING_CONFIRMATION', '该提现无需确认收款 (the withdrawal is withdrawn)'),
    });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    await tap(page, '.confirm-button', '.t-button');
    expect(platform.requestMerchantTransfer).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '这笔提现无需确认收款，请刷新查看最新状态', icon: 'none' });
  });

  it('pages at the bottom, and shows the empty state with the way to 提现', async () => {
    answerCalls({
      'distributor.withdrawals': (data: Record<string, unknown>) =>
        ok(
          data.page === 1
            ? { withdrawals: [awaiting], page: 1, pageSize: 20, hasMore: true }
            : { withdrawals: [rejected], page: 2, pageSize: 20, hasMore: false },
        ),
    });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    page.instance.onReachBottom();
    await settle(10);
    expect(texts(page, '.row-status')).toEqual(['待确认收款', '已拒绝']);
    expect(text(page, '.list-end')).toBe('没有更多了');

    answerCalls({ 'distributor.withdrawals': ok({ withdrawals: [], page: 1, pageSize: 20, hasMore: false }) });
    const empty = await renderPage('distributor/withdrawals/withdrawals');
    expect(stateText(empty)).toBe('还没有提现记录');
    await tap(empty, '.withdraw-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/withdraw/withdraw' });
  });
});
