/** admin/withdrawals/withdrawals: approve, reject with reason, mark a manual payout paid, sync a transfer. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { FORBIDDEN, withdrawalView } from './admin-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('admin/withdrawals/withdrawals', () => {
  it('lists withdrawals under review with amount, fee and payout', async () => {
    answerCalls({ 'admin.listWithdrawals': ok({ items: [withdrawalView('w:oD1:r1')], nextOffset: null }) });
    const page = await renderPage('admin/withdrawals/withdrawals');
    expect(callsOf('admin.listWithdrawals')).toEqual([
      { $url: 'listWithdrawals', status: 'reviewing', limit: 20, offset: 0 },
    ]);
    expect(text(page, '.row-title')).toBe('小红 ¥100.00');
    expect(text(page, '.money')).toBe('手续费 ¥1.00 · 实付 ¥99.00 · 微信零钱');
    expect(page.querySelector('.payee')).toBeUndefined();
  });

  it('names the payee of a large WeChat transfer only masked', async () => {
    answerCalls({
      'admin.listWithdrawals': ok({ items: [withdrawalView('w:oD1:r1', { realNameMask: '张*' })], nextOffset: null }),
    });
    const page = await renderPage('admin/withdrawals/withdrawals');
    expect(text(page, '.payee')).toBe('收款人：张*（实名）');
  });

  it('approves after confirming, and the row follows the answer', async () => {
    answerCalls({
      'admin.listWithdrawals': ok({ items: [withdrawalView('w:oD1:r1')], nextOffset: null }),
      'admin.approveWithdrawal': ok({
        status: 'changed',
        withdrawal: withdrawalView('w:oD1:r1', { status: 'paying', transferState: 'WAIT_USER_CONFIRM' }),
      }),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('admin/withdrawals/withdrawals');
    await tap(page, '.approve-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith(
      expect.objectContaining({ content: '小红 提现 ¥100.00，实付 ¥99.00（微信零钱）。' }),
    );
    expect(callsOf('admin.approveWithdrawal')).toEqual([{ $url: 'approveWithdrawal', withdrawalId: 'w:oD1:r1' }]);
    expect(text(page, '.row-status')).toBe('打款中');
    expect(text(page, '.transfer-state')).toBe('微信转账状态：WAIT_USER_CONFIRM');
    expect(page.querySelector('.sync-button')).toBeDefined();
  });

  it('rejects with a reason, and shows a refusal', async () => {
    answerCalls({
      'admin.listWithdrawals': ok({ items: [withdrawalView('w:oD1:r1')], nextOffset: null }),
      'admin.rejectWithdrawal': ok({
        status: 'changed',
        withdrawal: withdrawalView('w:oD1:r1', { status: 'rejected', reason: '信息不符' }),
      }),
      'admin.approveWithdrawal': fail('PAYOUT_UNAVAILABLE', '商家转账未配置 (payout unavailable)'),
    });
    const page = await renderPage('admin/withdrawals/withdrawals');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.approve-button', '.t-button');
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '操作未完成',
      content: '商家转账未配置 (payout unavailable)',
      showCancel: false,
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '信息不符' });
    await tap(page, '.reject-button', '.t-button');
    expect(callsOf('admin.rejectWithdrawal')).toEqual([
      { $url: 'rejectWithdrawal', withdrawalId: 'w:oD1:r1', reason: '信息不符' },
    ]);
    expect(text(page, '.row-status')).toBe('已拒绝');
    expect(text(page, '.reason')).toBe('原因：信息不符');
  });

  it('marks a manual payout paid with its transfer reference, and syncs a WeChat transfer', async () => {
    const manual = withdrawalView('w:oD1:r2', { status: 'paying', channel: 'manual' });
    const transfer = withdrawalView('w:oD1:r3', { status: 'paying', transferState: 'WAIT_USER_CONFIRM' });
    answerCalls({
      'admin.listWithdrawals': ok({ items: [manual, transfer], nextOffset: null }),
      'admin.markWithdrawalPaid': ok({ status: 'changed', withdrawal: { ...manual, status: 'withdrawn' } }),
      'admin.syncWithdrawal': ok({ status: 'unchanged', withdrawal: transfer }),
    });
    const page = await renderPage('admin/withdrawals/withdrawals', { status: 'paying' });
    expect(texts(page, '.filter.active')).toEqual(['打款中']);
    expect(page.querySelectorAll('.paid-button')).toHaveLength(1);
    // A reference that is not one is refused on the page, without a call.
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '已转' });
    await tap(page, '.paid-button', '.t-button');
    expect(callsOf('admin.markWithdrawalPaid')).toEqual([]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请填写转账流水号', icon: 'none' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' ICBC2026120700012345 ' });
    await tap(page, '.paid-button', '.t-button');
    expect(callsOf('admin.markWithdrawalPaid')).toEqual([
      { $url: 'markWithdrawalPaid', withdrawalId: 'w:oD1:r2', transferRef: 'ICBC2026120700012345' },
    ]);
    expect(texts(page, '.row-status')).toEqual(['已到账', '打款中']);
    await tap(page, '.sync-button', '.t-button');
    expect(callsOf('admin.syncWithdrawal')).toEqual([{ $url: 'syncWithdrawal', withdrawalId: 'w:oD1:r3' }]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '状态未变化', icon: 'success' });
  });

  it('pages, and tells a non-admin the page is for admins', async () => {
    answerCalls({
      'admin.listWithdrawals': (data: Record<string, unknown>) =>
        ok(
          data.offset === 0
            ? { items: [withdrawalView('w:1')], nextOffset: 20 }
            : { items: [withdrawalView('w:2')], nextOffset: null },
        ),
    });
    let page = await renderPage('admin/withdrawals/withdrawals');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('admin.listWithdrawals').map((call) => call.offset)).toEqual([0, 20]);
    expect(page.data.rows).toHaveLength(2);
    answerCalls({ 'admin.listWithdrawals': FORBIDDEN });
    page = await renderPage('admin/withdrawals/withdrawals');
    expect(stateText(page)).toMatch(/^加载失败 仅限本店管理员使用/);
  });
});
