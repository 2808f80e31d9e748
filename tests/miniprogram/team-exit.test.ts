/**
 * 退出推广 on the pages (docs/team.md section 4): the distributor center's confirmation states what
 * leaving does under the shop's rules and, after the exit, the final state with the 提现 entry while
 * money is available; 分销员详情 removes a distributor with a reason and shows an exit's record and
 * the team's hand-over, continued by 继续交接.
 */
import type { CenterExitView } from '@shared/contracts/distributorTeam';
import { answerCalls, callsOf, ok, renderPage, tap, text, texts, wx } from './helpers';
import { distributorDetail, distributorView } from './admin-distributor-fixtures';
import { centerView } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const keepRules: CenterExitView = { frozenOnExit: 'keep', rejoin: 'allowed', rejoinDays: null, record: null };

describe('distributor/center/center: 退出推广', () => {
  it('the confirmation says the frozen commission keeps releasing, the balance stays withdrawable and the team passes up', async () => {
    answerCalls({ 'distributor.center': ok(centerView({ exit: keepRules })) });
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const page = await renderPage('distributor/center/center');
    await tap(page, '.exit-link', '.t-cell');
    expect(wx.showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({
        title: '退出推广',
        content:
          '退出后不再获得新佣金；冻结中的佣金仍会在售后期结束后照常结算，可提现余额仍可提现；你的团队成员将转给你的上级（没有上级则解除绑定），之后的新订单计入上级。确定退出吗？',
      }),
    );
    expect(callsOf('distributor.exit')).toEqual([]);
  });

  it('under forfeit and a waiting period, the confirmation says so', async () => {
    answerCalls({
      'distributor.center': ok(
        centerView({ exit: { frozenOnExit: 'forfeit', rejoin: 'afterDays', rejoinDays: 30, record: null } }),
      ),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    const page = await renderPage('distributor/center/center');
    await tap(page, '.exit-link', '.t-cell');
    const content = (wx.showModal.mock.calls.at(-1)?.[0] as { content: string }).content;
    expect(content).toContain('冻结中的佣金将作废，可提现余额仍可提现');
    expect(content).toContain('退出后 30 天内不能再次成为分销员。');
  });

  it('after the exit: the final state, the money still shown with 提现 while some is available', async () => {
    const exited = centerView({
      status: 'exited',
      isDistributor: false,
      balances: { frozenFen: 0, availableFen: 2_560, withdrawingFen: 0, withdrawnFen: 0 },
      exit: {
        frozenOnExit: 'forfeit',
        rejoin: 'afterDays',
        rejoinDays: 30,
        record: {
          exitedAt: '2026-03-10T02:00:00.000Z',
          by: 'self',
          reason: null,
          frozenOnExit: 'forfeit',
          forfeitedFen: 1_280,
          handoverStatus: 'done',
          rejoinFrom: '2026-04-09T02:00:00.000Z',
        },
      },
    });
    answerCalls({ 'distributor.center': ok(exited) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.status-label')).toBe('已退出');
    expect(text(page, '.exit-title')).toBe('已退出推广');
    expect(texts(page, '.exit-line')).toEqual([
      '你已于 2026-03-10 退出推广',
      '冻结中的佣金 ¥12.80 已作废',
      '可提现余额仍可随时提现',
      '团队成员已转给你的上级',
      '2026-04-09 起可重新申请成为分销员',
    ]);
    expect(text(page, '.available')).toBe('¥25.60');
    await tap(page, '.withdraw-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/withdraw/withdraw' });
    expect(page.querySelector('.exit-link')).toBeUndefined();
    // Re-joining waits until 2026-04-09: no 申请 before then.
    expect(page.querySelector('.apply-button')).toBeUndefined();
  });

  it('a removal by the merchant shows the reason', async () => {
    const removed = centerView({
      status: 'exited',
      isDistributor: false,
      exit: {
        ...keepRules,
        record: {
          exitedAt: '2026-03-10T02:00:00.000Z',
          by: 'merchant',
          reason: '违规推广',
          frozenOnExit: 'keep',
          forfeitedFen: 0,
          handoverStatus: 'pending',
          rejoinFrom: null,
        },
      },
    });
    answerCalls({ 'distributor.center': ok(removed) });
    const page = await renderPage('distributor/center/center');
    expect(text(page, '.exit-title')).toBe('已被移出推广');
    expect(texts(page, '.exit-line').slice(0, 2)).toEqual([
      '商家已于 2026-03-10 将你移出推广，原因：违规推广',
      '冻结中的佣金将在售后期结束后照常结算',
    ]);
    expect(texts(page, '.exit-line')[3]).toBe('团队成员正在转给你的上级');
  });
});

describe('admin/distributor/distributor: 移除 and the exit record', () => {
  const exitRecord = (status: 'pending' | 'done', movedMembers: number) => ({
    exitId: 'exit:oRef:1',
    exitedAt: '2026-03-10T02:00:00.000Z',
    by: 'merchant' as const,
    reason: '违规推广',
    adminId: 'oADMIN',
    fromStatus: 'approved',
    frozenOnExit: 'forfeit' as const,
    forfeitedFen: 2_560,
    forfeitedCommissions: 2,
    upline: { userId: 'oTop', nickname: '老王' },
    handover: { status, movedMembers, doneAt: status === 'done' ? '2026-03-10T02:01:00.000Z' : null },
  });

  it('removes a distributor with a reason, then shows the exit, what was forfeited and the hand-over', async () => {
    let removed = false;
    answerCalls({
      'admin.distributorDetail': () =>
        ok(
          removed
            ? distributorDetail({
                distributor: distributorView('oRef', { status: 'exited' }),
                exit: exitRecord('pending', 100),
              })
            : distributorDetail({ exit: null }),
        ),
      'admin.removeDistributor': () => {
        removed = true;
        return ok({ status: 'removed', userId: 'oRef', exitId: 'exit:oRef:1', forfeitedFen: 2_560, handover: null });
      },
      'admin.continueHandover': ok({
        exitId: 'exit:oRef:1',
        moved: 20,
        handover: { status: 'done', movedMembers: 120, doneAt: '2026-03-10T02:01:00.000Z' },
      }),
    });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oRef' });
    expect(page.querySelector('.exit')).toBeUndefined();
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' 违规推广 ' });
    await tap(page, '.remove-button', '.t-button');
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '移除分销员', editable: true }));
    expect(callsOf('admin.removeDistributor')).toEqual([
      { $url: 'removeDistributor', userId: 'oRef', reason: '违规推广' },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已移除', icon: 'success' });
    expect(text(page, '.status')).toBe('已退出');
    expect(page.querySelector('.remove-button')).toBeUndefined();
    expect(text(page, '.exit-at')).toBe('退出时间：2026-03-10 10:00（商家移除）');
    expect(text(page, '.exit-reason')).toBe('原因：违规推广');
    expect(text(page, '.exit-frozen')).toBe('冻结佣金作废 ¥25.60（2 笔）');
    expect(text(page, '.exit-upline')).toBe('团队交给：老王');
    expect(text(page, '.exit-handover')).toBe('交接中，已转移 100 名直属成员');
    await tap(page, '.handover-button', '.t-button');
    expect(callsOf('admin.continueHandover')).toEqual([{ $url: 'continueHandover', userId: 'oRef' }]);
  });

  it('asks again without a reason, and sends nothing', async () => {
    answerCalls({ 'admin.distributorDetail': ok(distributorDetail()) });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oRef' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '  ' });
    await tap(page, '.remove-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请填写原因', icon: 'none' });
    expect(callsOf('admin.removeDistributor')).toEqual([]);
  });
});
