/**
 * 提现 到余额 (docs/wallet.md section 3): offered when the shop lists the channel, with its own fee
 * (here none), no real name however large, and the withdrawal answered already 已提现.
 */
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, texts, wx } from './helpers';
import { ledgerCenterView, withdrawalMoveView } from './fixtures';

const platform = wx as unknown as { requestSubscribeMessage: jest.Mock };
platform.requestSubscribeMessage = jest.fn();

const CENTER = ledgerCenterView();
const WITH_BALANCE = ledgerCenterView({
  rules: {
    ...CENTER.rules,
    withdraw: { ...CENTER.rules.withdraw, channels: ['wechatTransfer', 'balance'], balanceFeeBp: 0 },
  },
});

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  platform.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok' });
});

describe('distributor/withdraw/withdraw 到余额', () => {
  it('withdraws to the balance with its own fee and shows it arrived', async () => {
    answerCalls({
      'distributor.center': ok(WITH_BALANCE),
      'withdraw.request': (data: Record<string, unknown>) =>
        ok({
          status: 'created',
          withdrawal: withdrawalMoveView({
            channel: 'balance',
            status: 'withdrawn',
            amountFen: Number(data.amountFen),
            feeFen: 0,
            payoutFen: Number(data.amountFen),
          }),
        }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    expect(texts(page, '.channel')).toEqual(['微信零钱', '到余额']);
    page.querySelector('.amount-input')!.dispatchEvent('input', { detail: { value: '100' } });
    await settle();
    // The transfer's 0.6% fee…
    expect(text(page, '.fee')).toBe('¥0.60');
    page.querySelectorAll('.channel')[1]!.dispatchEvent('tap');
    await settle();
    // …and none to the balance, with what it means.
    expect(text(page, '.fee')).toBe('¥0.00');
    expect(text(page, '.payout')).toBe('¥100.00');
    expect(text(page, '.channel-note')).toBe('到余额：无需审核，立即到账，可用于商城购物');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toEqual([
      { $url: 'request', requestId: expect.any(String), amountFen: 10000, channel: 'balance' },
    ]);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已到账余额', icon: 'success' });
  });
});
