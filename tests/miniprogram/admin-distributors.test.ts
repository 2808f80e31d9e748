/** admin/distributors/distributors (the list, search, filters, paging, appoint) and admin/distributor/distributor (the detail and its actions). */
import { DEFAULT_RULES } from '@shared/rules';
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { distributorDetail, distributorView } from './admin-distributor-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const RULES = ok({ rules: DEFAULT_RULES, version: 1, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'system' });

describe('admin/index/index', () => {
  it('links the menu to 分销员管理', async () => {
    answerCalls({ 'admin.listAdmins': ok({ items: [] }) });
    const page = await renderPage('admin/index/index', { manage: '1' });
    await tap(page, '.distributors-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/distributors/distributors' });
  });
});

describe('admin/applications/applications', () => {
  it('links each application to the applicant’s page in 分销员管理', async () => {
    answerCalls({
      'admin.listApplications': ok({
        items: [
          {
            id: 'app-oU-1',
            userId: 'oU',
            status: 'pending',
            form: { realName: '王小明', phone: '13800138000', reason: '朋友多' },
            createdAt: '2026-03-05T06:30:00.000Z',
            reviewedAt: null,
            reviewedBy: null,
            reviewReason: null,
            user: { nickname: '小明', avatarUrl: '', shareCode: 'ABCD2345', distributorStatus: 'pending' },
          },
        ],
        nextOffset: null,
      }),
    });
    const page = await renderPage('admin/applications/applications');
    expect(text(page, '.detail-link')).toBe('查看详情 ›');
    await tap(page, '.detail-link');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/distributor/distributor?userId=oU' });
  });
});

describe('admin/distributors/distributors', () => {
  it('lists each user with status, grade, team, sales and balances in yuan, and opens the detail', async () => {
    answerCalls({
      'admin.getRules': RULES,
      'admin.listDistributors': ok({
        items: [distributorView('oRef'), distributorView('oOff', { nickname: '', status: 'disabled' })],
        nextOffset: null,
      }),
    });
    const page = await renderPage('admin/distributors/distributors');
    expect(callsOf('admin.listDistributors')).toEqual([{ $url: 'listDistributors', limit: 20, offset: 0 }]);
    expect(texts(page, '.name')).toEqual(['小李', '微信用户']);
    expect(texts(page, '.status')).toEqual(['分销员', '已停用']);
    expect(text(page, '.grade')).toBe('普通分销员');
    expect(text(page, '.team')).toBe('团队 30 人（直属 12） · 团队业绩 ¥12,345.00');
    expect([text(page, '.frozen'), text(page, '.available'), text(page, '.withdrawn')]).toEqual([
      '¥25.60',
      '¥100.50',
      '¥500.00',
    ]);
    expect(texts(page, '.grade-chip')).toEqual(['全部等级', '普通分销员', '银牌分销员', '金牌分销员']);
    await tap(page, '.distributor');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/distributor/distributor?userId=oRef' });
  });

  it('searches, filters by status and grade, and pages on reaching the bottom', async () => {
    answerCalls({
      'admin.getRules': RULES,
      'admin.listDistributors': (data: Record<string, unknown>) =>
        ok({
          items: [distributorView(`o${String(data.offset)}`)],
          nextOffset: data.offset === 0 && !data.search ? 20 : null,
        }),
    });
    const page = await renderPage('admin/distributors/distributors');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('admin.listDistributors')[1]).toEqual({ $url: 'listDistributors', limit: 20, offset: 20 });
    expect(page.querySelectorAll('.distributor')).toHaveLength(2);
    page.querySelectorAll('.filter')[3]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listDistributors')[2]).toEqual({
      $url: 'listDistributors',
      status: 'disabled',
      limit: 20,
      offset: 0,
    });
    page.querySelectorAll('.grade-chip')[3]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listDistributors')[3]).toEqual({
      $url: 'listDistributors',
      status: 'disabled',
      gradeId: 'gold',
      limit: 20,
      offset: 0,
    });
    page.instance.onSearch({ detail: { value: ' k7m3q9tx ' } });
    await settle(10);
    expect(callsOf('admin.listDistributors')[4]).toEqual({
      $url: 'listDistributors',
      status: 'disabled',
      gradeId: 'gold',
      search: 'k7m3q9tx',
      limit: 20,
      offset: 0,
    });
    expect(page.querySelectorAll('.distributor')).toHaveLength(1);
  });

  it('shows the empty state and a lost admin right', async () => {
    answerCalls({ 'admin.getRules': RULES, 'admin.listDistributors': ok({ items: [], nextOffset: null }) });
    expect(stateText(await renderPage('admin/distributors/distributors'))).toBe('没有符合条件的用户');
    answerCalls({ 'admin.getRules': RULES, 'admin.listDistributors': fail('FORBIDDEN') });
    expect(stateText(await renderPage('admin/distributors/distributors'))).toMatch(/仅限本店管理员使用/);
  });

  it('appoints by share code or openid; an existing distributor is unchanged; an unknown user is refused', async () => {
    const answers = [
      ok({ status: 'changed', userId: 'oNew', from: 'none', to: 'approved' }),
      ok({ status: 'unchanged', userId: 'oRef', from: 'approved', to: 'approved' }),
      fail('USER_NOT_FOUND', '用户 oNobody 不存在 (no such user)'),
    ];
    answerCalls({
      'admin.getRules': RULES,
      'admin.listDistributors': ok({ items: [], nextOffset: null }),
      'admin.setDistributorStatus': () => answers.shift(),
    });
    const page = await renderPage('admin/distributors/distributors');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' k7m3q9tx ' });
    await tap(page, '.appoint-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')[0]).toEqual({
      $url: 'setDistributorStatus',
      shareCode: 'K7M3Q9TX',
      action: 'appoint',
    });
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已任命', icon: 'success' });
    expect(callsOf('admin.listDistributors')).toHaveLength(2);

    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: 'oRef' });
    await tap(page, '.appoint-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')[1]).toEqual({
      $url: 'setDistributorStatus',
      userId: 'oRef',
      action: 'appoint',
    });
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已是分销员', icon: 'none' });

    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: 'oNobody' });
    await tap(page, '.appoint-button', '.t-button');
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '未能任命',
      content: '用户 oNobody 不存在 (no such user)',
      showCancel: false,
    });

    // Nothing typed: nothing sent.
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '  ' });
    await tap(page, '.appoint-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')).toHaveLength(3);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请输入推广码或 openid', icon: 'none' });
  });
});

describe('admin/distributor/distributor', () => {
  it('shows profile, referrer, balances, team, commissions, withdrawals and grade history', async () => {
    answerCalls({ 'admin.distributorDetail': ok(distributorDetail()) });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oRef' });
    expect(callsOf('admin.distributorDetail')).toEqual([{ $url: 'distributorDetail', userId: 'oRef' }]);
    expect(text(page, '.name')).toBe('小李');
    expect(text(page, '.grade')).toBe('金牌分销员（手动设置）');
    expect(text(page, '.referrer')).toBe('上级：老王（P2R4S6U8）');
    expect(
      ['.frozen', '.available', '.withdrawing', '.withdrawn'].map((selector) => text(page, `.balances ${selector}`)),
    ).toEqual(['¥25.60', '¥100.50', '¥3.00', '¥500.00']);
    expect(text(page, '.team-counts')).toBe('直属 2 人 · 二级 5 人 · 三级 1 人');
    expect(texts(page, '.member-name')).toEqual(['阿甲', '微信用户']);
    expect(texts(page, '.commission-amount')).toEqual(['¥25.60', '¥10.00']);
    expect(texts(page, '.commission-status')).toEqual(['冻结中', '已结算']);
    expect(texts(page, '.withdrawal-amount')).toEqual(['¥500.00']);
    expect(texts(page, '.withdrawal-status')).toEqual(['已到账']);
    expect(texts(page, '.grade-change-text')).toEqual(['银牌分销员 → 金牌分销员', '普通分销员 → 银牌分销员']);
    expect(texts(page, '.grade-change-how')).toEqual(['管理员调整（oADMIN）', '自动升级']);
    expect(texts(page, '.grade-change-note')).toEqual(['原因：年度销售冠军']);
    // The button's label is slot content, which the simulator leaves out of the text: read what it shows.
    expect(page.instance.data.view.move).toEqual({ action: 'disable', label: '停用' });
  });

  it('disables and enables, confirming first, and shows a refusal', async () => {
    let status: 'approved' | 'disabled' = 'approved';
    answerCalls({
      'admin.distributorDetail': () => ok(distributorDetail({ distributor: distributorView('oRef', { status }) })),
      'admin.setDistributorStatus': (data: Record<string, unknown>) => {
        if (data.action === 'enable' && status === 'disabled') return fail('BUSY', '该用户状态正在变化，请重试');
        status = 'disabled';
        return ok({ status: 'changed', userId: 'oRef', from: 'approved', to: 'disabled' });
      },
    });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oRef' });
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    await tap(page, '.move-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')).toEqual([]);
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.move-button', '.t-button');
    expect(wx.showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '停用分销员', confirmText: '停用' }),
    );
    expect(callsOf('admin.setDistributorStatus')).toEqual([
      { $url: 'setDistributorStatus', userId: 'oRef', action: 'disable' },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已停用', icon: 'success' });
    expect(text(page, '.status')).toBe('已停用');
    expect(page.instance.data.view.move).toEqual({ action: 'enable', label: '启用' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.move-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')[1]).toMatchObject({ action: 'enable' });
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '操作未完成',
      content: '该用户状态正在变化，请重试',
      showCancel: false,
    });
    expect(text(page, '.status')).toBe('已停用');
  });

  it('appoints a user who is not a distributor, and sends a pending one to the review', async () => {
    answerCalls({
      'admin.distributorDetail': ok(distributorDetail({ distributor: distributorView('oU', { status: 'exited' }) })),
      'admin.setDistributorStatus': ok({ status: 'changed', userId: 'oU', from: 'exited', to: 'approved' }),
    });
    let page = await renderPage('admin/distributor/distributor', { userId: 'oU' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.move-button', '.t-button');
    expect(callsOf('admin.setDistributorStatus')).toEqual([
      { $url: 'setDistributorStatus', userId: 'oU', action: 'appoint' },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已任命', icon: 'success' });

    answerCalls({
      'admin.distributorDetail': ok(distributorDetail({ distributor: distributorView('oP', { status: 'pending' }) })),
    });
    page = await renderPage('admin/distributor/distributor', { userId: 'oP' });
    expect(page.querySelector('.move-button')).toBeUndefined();
    await tap(page, '.review-button', '.t-button');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/applications/applications?status=pending' });

    // Under recruitment `everyone` a user at none earns already: the merchant may disable them.
    answerCalls({
      'admin.distributorDetail': ok(
        distributorDetail({ distributor: distributorView('oN', { status: 'none' }), recruitment: 'everyone' }),
      ),
    });
    page = await renderPage('admin/distributor/distributor', { userId: 'oN' });
    expect(page.instance.data.view.move).toEqual({ action: 'disable', label: '停用' });
  });

  it('sets a grade by hand only with a reason, and shows a refusal', async () => {
    answerCalls({
      'admin.distributorDetail': ok(distributorDetail()),
      'admin.setGrade': (data: Record<string, unknown>) =>
        data.gradeId === 'silver'
          ? ok({ status: 'changed', userId: 'oRef', fromGradeId: 'gold', toGradeId: 'silver' })
          : fail('UNKNOWN_GRADE', '没有等级 standard (unknown grade)'),
    });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oRef' });
    await tap(page, '.grade-button', '.t-button');
    expect(texts(page, '.grade-option')).toEqual(['普通分销员', '银牌分销员', '金牌分销员']);
    // No reason: nothing is sent.
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '  ' });
    page.querySelectorAll('.grade-option')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.setGrade')).toEqual([]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '请填写原因', icon: 'none' });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' 季度考核未达标 ' });
    page.querySelectorAll('.grade-option')[1]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '调整为银牌分销员' }));
    expect(callsOf('admin.setGrade')).toEqual([
      { $url: 'setGrade', userId: 'oRef', gradeId: 'silver', reason: '季度考核未达标' },
    ]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '等级已调整', icon: 'success' });
    expect(callsOf('admin.distributorDetail')).toHaveLength(2);
    await tap(page, '.grade-button', '.t-button');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: '降级' });
    page.querySelectorAll('.grade-option')[0]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.showModal).toHaveBeenLastCalledWith({
      title: '操作未完成',
      content: '没有等级 standard (unknown grade)',
      showCancel: false,
    });
  });

  it('shows an unknown user as an error with retry', async () => {
    answerCalls({ 'admin.distributorDetail': fail('USER_NOT_FOUND', '用户 oX 不存在 (no such user)') });
    const page = await renderPage('admin/distributor/distributor', { userId: 'oX' });
    expect(stateText(page)).toContain('用户 oX 不存在');
  });
});
