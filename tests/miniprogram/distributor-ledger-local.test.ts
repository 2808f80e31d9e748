/**
 * 确认收款 in local mode: wx.requestMerchantTransfer does not exist against the emulator, so the
 * service confirms the bill in the payout sandbox's control plane (found by its package), then
 * syncs through the emulator like every other call.
 */
import { ok, renderPage, settle, tap, texts, wx } from './helpers';
import { withdrawalHistoryView, withdrawalMoveView } from './fixtures';

jest.mock('../../miniprogram/config', () => ({ ...jest.requireActual('../../miniprogram/config'), LOCAL_MODE: true }));

const EMULATOR = 'http://127.0.0.1:8787/_emulator';
const awaiting = withdrawalHistoryView({
  id: 'w:o1:req-0002',
  status: 'paying',
  statusLabel: '打款中',
  packageInfo: 'PKG-local==',
});
const platform = wx as unknown as { requestMerchantTransfer: jest.Mock };
platform.requestMerchantTransfer = jest.fn();

interface RequestOptions {
  url: string;
  method?: string;
  data?: { data?: Record<string, unknown> };
  success(response: { statusCode: number; data: unknown }): void;
}

/** The emulator: functions through /functions/<name>, the payout sandbox through /payouts. */
function emulator(confirmStatus: number): void {
  wx.request.mockImplementation((options: RequestOptions) => {
    const answer = (statusCode: number, data: unknown) => options.success({ statusCode, data });
    const route = `${options.method ?? 'GET'} ${options.url.replace(EMULATOR, '')}`;
    const call = options.data?.data ?? {};
    if (route === 'POST /functions/distributor')
      return answer(200, { result: ok({ withdrawals: [awaiting], page: 1, pageSize: 20, hasMore: false }) });
    if (route === 'POST /functions/withdraw' && call.$url === 'transfer') {
      return answer(200, {
        result: ok({
          mchId: '1800000001',
          appId: 'wxlocal',
          packageInfo: 'PKG-local==',
          withdrawal: withdrawalMoveView({ id: awaiting.id, status: 'paying', awaitsConfirmation: true }),
        }),
      });
    }
    if (route === 'POST /functions/withdraw' && call.$url === 'sync') {
      return answer(200, {
        result: ok({ status: 'changed', withdrawal: withdrawalMoveView({ id: awaiting.id, status: 'withdrawn' }) }),
      });
    }
    if (route === 'GET /payouts')
      return answer(200, {
        payouts: [
          { outBillNo: 'Wother', packageInfo: 'PKG-other' },
          { outBillNo: 'W0123abc', packageInfo: 'PKG-local==' },
        ],
      });
    if (route === 'POST /payouts/W0123abc/confirm') return answer(confirmStatus, {});
    return answer(404, { error: { code: 'NOT_FOUND', message: route } });
  });
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  wx.getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } });
});

function requested(): string[] {
  return wx.request.mock.calls.map(
    ([options]: [RequestOptions]) =>
      `${options.method ?? 'GET'} ${options.url.replace(EMULATOR, '')}${options.data?.data?.$url ? ` ${String(options.data.data.$url)}` : ''}`,
  );
}

describe('确认收款 in local mode', () => {
  it('confirms the bill in the payout sandbox after the dialog, then syncs', async () => {
    emulator(200);
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    await tap(page, '.confirm-button', '.t-button');
    await settle(10);
    expect(platform.requestMerchantTransfer).not.toHaveBeenCalled();
    expect(requested()).toEqual([
      'POST /functions/distributor withdrawals',
      'POST /functions/withdraw transfer',
      'GET /payouts',
      'POST /payouts/W0123abc/confirm',
      'POST /functions/withdraw sync',
    ]);
    expect(texts(page, '.row-status')).toEqual(['已提现']);
  });

  it('does nothing in the sandbox when the dialog is cancelled, and reports a refused confirmation', async () => {
    emulator(409);
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const page = await renderPage('distributor/withdrawals/withdrawals');
    await tap(page, '.confirm-button', '.t-button');
    expect(requested()).not.toContain('GET /payouts');

    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.confirm-button', '.t-button');
    await settle(10);
    expect(requested()).not.toContain('POST /functions/withdraw sync');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '模拟确认收款失败（HTTP 409）', icon: 'none' });
    expect(texts(page, '.row-status')).toEqual(['待确认收款']);
  });
});
