/**
 * 提现 asks for the payee's real name only when WeChat Pay needs it: a WeChat transfer paying out
 * 2,000 yuan or more (after the fee). The name is checked before sending, sent with that request
 * only, and a refusal REAL_NAME_REQUIRED is shown in Chinese.
 */
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, wx } from './helpers';
import { ledgerCenterView, withdrawalMoveView } from './fixtures';

const platform = wx as unknown as { requestSubscribeMessage: jest.Mock };
platform.requestSubscribeMessage = jest.fn();

type Page = Awaited<ReturnType<typeof renderPage>>;

/** 5,000 yuan available, up to 20,000 yuan a withdrawal, a fee of 0.6%. */
function richCenter() {
  const center = ledgerCenterView();
  return {
    ...center,
    balances: { ...center.balances, availableFen: 500_000 },
    rules: { ...center.rules, withdraw: { ...center.rules.withdraw, maxAmountFen: 2_000_000 } },
  };
}

async function type(page: Page, selector: string, value: string): Promise<void> {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
  await settle();
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  platform.requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok' });
});

describe('distributor/withdraw/withdraw: the real name', () => {
  it('is asked for only for a WeChat transfer paying out 2,000 yuan or more, with the reason', async () => {
    answerCalls({ 'distributor.center': ok(richCenter()) });
    const page = await renderPage('distributor/withdraw/withdraw');
    // 2,000 yuan less the 0.6% fee pays out 1,988 yuan: no name needed.
    await type(page, '.amount-input', '2000');
    expect(page.querySelector('.name-input')).toBeFalsy();
    // 2,012.08 yuan less its fee (12.07) pays out 2,000.01 yuan: the name is needed.
    await type(page, '.amount-input', '2012.08');
    expect(page.querySelector('.name-input')).toBeTruthy();
    expect(text(page, '.name-reason')).toBe(
      '微信转账单笔到账 2000 元及以上时，微信支付要求填写收款人真实姓名，须与微信实名一致',
    );
    // Paid by hand: WeChat Pay is not involved, so no name.
    page.querySelectorAll('.channel')[1]!.dispatchEvent('tap');
    await settle();
    expect(page.querySelector('.name-input')).toBeFalsy();
    page.querySelectorAll('.channel')[0]!.dispatchEvent('tap');
    await settle();
    expect(page.querySelector('.name-input')).toBeTruthy();
  });

  it('refuses a missing or malformed name without a call, then sends the name with the request', async () => {
    answerCalls({
      'distributor.center': ok(richCenter()),
      'withdraw.request': (data: Record<string, unknown>) =>
        ok({ status: 'created', withdrawal: withdrawalMoveView({ amountFen: Number(data.amountFen) }) }),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await type(page, '.amount-input', '3000');
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.name-problem')).toBe('请填写收款人真实姓名');
    await type(page, '.name-input', 'Zhang San');
    await tap(page, '.submit-button', '.t-button');
    expect(text(page, '.name-problem')).toBe('请填写与微信实名一致的中文姓名（2-30 个字，少数民族姓名用 · 分隔）');
    expect(callsOf('withdraw.request')).toHaveLength(0);

    await type(page, '.name-input', ' 买买提·艾力 ');
    expect(page.querySelector('.name-problem')).toBeFalsy();
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toEqual([
      {
        $url: 'request',
        requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
        amountFen: 300_000,
        channel: 'wechatTransfer',
        realName: '买买提·艾力',
      },
    ]);
    // The name is not kept on the page once the request is answered.
    expect(page.data.realName).toBe('');
  });

  it('sends no name when none is needed, and shows REAL_NAME_REQUIRED in Chinese', async () => {
    answerCalls({
      'distributor.center': ok(richCenter()),
      'withdraw.request': fail(
        'REAL_NAME_REQUIRED',
        '微信转账 2000 元及以上须填写收款人实名 (the real name is required)',
      ),
    });
    const page = await renderPage('distributor/withdraw/withdraw');
    await type(page, '.amount-input', '100');
    await tap(page, '.submit-button', '.t-button');
    expect(callsOf('withdraw.request')).toEqual([expect.not.objectContaining({ realName: expect.anything() })]);
    expect(wx.showToast).toHaveBeenLastCalledWith({
      title: '微信转账 2000 元及以上须填写收款人真实姓名',
      icon: 'none',
    });
  });
});
