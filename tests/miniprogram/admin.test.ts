/** The admin subpackage: the gate (listAdmins / claimAdmin, then the dashboard), the rules form and applications review. */
import { DEFAULT_RULES, RulesInput } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';

const FORBIDDEN = fail('FORBIDDEN', '仅管理员可用 (admins only)');
const rulesView = (version = 3) => ({
  rules: DEFAULT_RULES,
  version,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'oADMIN',
});

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('admin/index/index (the gate)', () => {
  it('sends an admin on to the dashboard, the landing page', async () => {
    answerCalls({ 'admin.listAdmins': ok({ items: [] }) });
    await renderPage('admin/index/index');
    expect(callsOf('admin.listAdmins')).toEqual([{ $url: 'listAdmins' }]);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/admin/dashboard/dashboard' });
  });

  it('shows the menu and the admins when opened to manage them', async () => {
    answerCalls({
      'admin.listAdmins': ok({
        items: [
          { openid: 'oADMIN', addedBy: 'setup', addedAt: '2026-03-01T00:00:00.000Z', note: '', nickname: '店长' },
        ],
      }),
    });
    const page = await renderPage('admin/index/index', { manage: '1' });
    expect(wx.redirectTo).not.toHaveBeenCalled();
    expect(texts(page, '.admin-name')).toEqual(['店长']);
    await tap(page, '.rules-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/admin/rules/rules' });
    await tap(page, '.dashboard-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/admin/dashboard/dashboard' });
  });

  it('tells anyone else the pages are for admins and offers the first-admin setup', async () => {
    answerCalls({ 'admin.listAdmins': FORBIDDEN });
    const page = await renderPage('admin/index/index');
    expect(text(page, '.forbidden .card-title')).toBe('无权访问');
    expect(text(page, '.forbidden-message')).toMatch(/^仅限本店管理员使用/);
    expect(page.querySelector('.menu')).toBeUndefined();
  });

  it('claims the first admin with the setup secret, then goes on to the dashboard', async () => {
    let claimed = false;
    answerCalls({
      'admin.listAdmins': () => (claimed ? ok({ items: [] }) : FORBIDDEN),
      'admin.claimAdmin': () => {
        claimed = true;
        return ok({
          admin: { openid: 'o1', addedBy: 'setup', addedAt: '2026-03-01T00:00:00.000Z', note: '', nickname: null },
        });
      },
    });
    const page = await renderPage('admin/index/index');
    page.querySelector('.secret-input')!.dispatchEvent('input', { detail: { value: 'a-long-setup-secret' } });
    await tap(page, '.claim-button', '.t-button');
    expect(callsOf('admin.claimAdmin')).toEqual([{ $url: 'claimAdmin', secret: 'a-long-setup-secret' }]);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/admin/dashboard/dashboard' });
  });

  it("shows the function's refusal of a wrong secret", async () => {
    answerCalls({ 'admin.listAdmins': FORBIDDEN, 'admin.claimAdmin': fail('BAD_SECRET', '密钥不正确 (bad secret)') });
    const page = await renderPage('admin/index/index');
    page.querySelector('.secret-input')!.dispatchEvent('input', { detail: { value: 'wrong' } });
    await tap(page, '.claim-button', '.t-button');
    expect(wx.showModal).toHaveBeenCalledWith({
      title: '设置失败',
      content: '密钥不正确 (bad secret)',
      showCancel: false,
    });
  });
});

describe('admin/rules/rules', () => {
  function input(page: Rendered, selector: string, value: string): void {
    page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
  }

  async function openRules(): Promise<Rendered> {
    answerCalls({
      'admin.getRules': ok(rulesView()),
      'admin.rulesLimits': ok(rulesLimits()),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { ...rulesView(4), rules: data.rules } }),
    });
    return renderPage('admin/rules/rules');
  }

  it('shows the current rules with their legal limits', async () => {
    const page = await openRules();
    expect(text(page, '.picker-value')).toBe('2 级 ▾');
    expect(texts(page, '.hint')[0]).toBe('1-3 级，依法最多 3 级');
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '银牌分销员', '金牌分销员']);
    expect(page.data.form.grades[1].rates).toEqual(['12', '6']);
    expect(page.data.form.capPercent).toBe('30');
    expect(text(page, '.version')).toBe('当前版本 v3');
  });

  it('saves the edited rules against the loaded version', async () => {
    const page = await openRules();
    input(page, '.cap', '25.5');
    input(page, '.rate-0-0', '11');
    input(page, '.withdraw-min', '1.5');
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.updateRules') as Array<{ expectedVersion: number; rules: typeof DEFAULT_RULES }>;
    expect(call?.expectedVersion).toBe(3);
    expect(call?.rules.capBp).toBe(2550);
    expect(call?.rules.grades[0]?.ratesBp).toEqual([1100, 500]);
    expect(call?.rules.withdraw.minAmountFen).toBe(150);
    expect(call?.rules.grades[1]?.upgradeWhen).toEqual(DEFAULT_RULES.grades[1]?.upgradeWhen);
    expect(RulesInput.safeParse(call?.rules).success).toBe(true);
    expect(text(page, '.version')).toBe('当前版本 v4');
  });

  it('refuses values outside the limits before sending anything', async () => {
    const page = await openRules();
    input(page, '.cap', '120');
    input(page, '.return-window', '91');
    input(page, '.rate-0-1', '5.555');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.updateRules')).toEqual([]);
    expect(text(page, '.cap-error')).toBe('应在 0-100% 之间');
    expect(text(page, '.return-window-error')).toBe('应在 0-90 天 之间');
    expect(text(page, '.rate-error')).toBe('请输入数字');
  });

  it('asks for the new level rates when a level is added', async () => {
    const page = await openRules();
    page.querySelector('.levels')!.dispatchEvent('change', { detail: { value: 2 } });
    await settle();
    expect(text(page, '.picker-value')).toBe('3 级 ▾');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.updateRules')).toEqual([]);
    expect(texts(page, '.rate-error')).toEqual(['请输入数字', '请输入数字', '请输入数字']);
  });

  it('shows the withdraw limits and saves the notification templates, refusing a wrong keyword', async () => {
    const page = await openRules();
    expect(text(page, '.withdraw-max-hint')).toMatch(/^¥0\.00 至 ¥[\d,]+\.00，不低于最低提现金额$/);
    expect(texts(page, '.template .label')).toEqual(['佣金到账通知', '提现结果通知', '异常提醒（发给管理员）']);
    // The second template of each kind of field is the withdrawal notice's.
    const second = (selector: string, value: string) =>
      page.querySelectorAll(selector)[1]!.dispatchEvent('input', { detail: { value } });
    second('.template-id', 'TPL_WITHDRAWAL');
    second('.keyword-amount', 'amount1');
    second('.keyword-time', 'time2');
    second('.keyword-note', 'note3');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.updateRules')).toEqual([]);
    expect(text(page, '.keyword-error')).toBe('应为模板中的关键词，如 amount1、time2、thing3');
    second('.keyword-note', 'thing3');
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.updateRules') as Array<{ rules: typeof DEFAULT_RULES }>;
    expect(call?.rules.notifications).toEqual({
      commission: null,
      withdrawal: { templateId: 'TPL_WITHDRAWAL', keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
    });
    expect(RulesInput.safeParse(call?.rules).success).toBe(true);
  });

  it("shows the server's refusal and reloads after a version conflict", async () => {
    const page = await openRules();
    answerCalls({
      'admin.getRules': ok(rulesView(5)),
      'admin.rulesLimits': ok(rulesLimits()),
      'admin.updateRules': fail('VERSION_CONFLICT', '规则已被修改'),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '规则已被修改' }));
    expect(text(page, '.version')).toBe('当前版本 v5');

    answerCalls({ 'admin.updateRules': fail('INVALID_INPUT', 'grades.0.name: 名称过长') });
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.server-error')).toBe('grades.0.name: 名称过长');
  });

  it('tells a non-admin the page is for admins', async () => {
    answerCalls({ 'admin.getRules': FORBIDDEN, 'admin.rulesLimits': FORBIDDEN });
    const page = await renderPage('admin/rules/rules');
    expect(stateText(page)).toMatch(/^加载失败 仅限本店管理员使用/);
  });
});

describe('admin/applications/applications', () => {
  const application = (
    id: string,
    status: 'pending' | 'approved' | 'rejected',
    reviewReason: string | null = null,
  ) => ({
    id,
    userId: `o-${id}`,
    status,
    form: { realName: '王小明', phone: '13800138000', reason: '朋友多' },
    createdAt: '2026-03-05T06:30:00.000Z',
    reviewedAt: null,
    reviewedBy: null,
    reviewReason,
    user: { nickname: '小明', avatarUrl: '', shareCode: 'ABCD2345', distributorStatus: 'pending' as const },
  });

  it('lists pending applications and approves one', async () => {
    answerCalls({
      'admin.listApplications': ok({ items: [application('app-1', 'pending')], nextOffset: null }),
      'admin.reviewApplication': ok({ status: 'reviewed', application: application('app-1', 'approved') }),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('admin/applications/applications');
    expect(callsOf('admin.listApplications')).toEqual([
      { $url: 'listApplications', status: 'pending', limit: 20, offset: 0 },
    ]);
    expect(text(page, '.row-name')).toBe('王小明（小明）');
    await tap(page, '.approve-button', '.t-button');
    expect(callsOf('admin.reviewApplication')).toEqual([
      { $url: 'reviewApplication', applicationId: 'app-1', decision: 'approve', reason: '' },
    ]);
    expect(text(page, '.row-status')).toBe('已通过');
    expect(page.querySelector('.approve-button')).toBeUndefined();
  });

  it('rejects with the reason typed in the dialog', async () => {
    answerCalls({
      'admin.listApplications': ok({ items: [application('app-1', 'pending')], nextOffset: null }),
      'admin.reviewApplication': ok({
        status: 'reviewed',
        application: application('app-1', 'rejected', '资料不完整'),
      }),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false, content: ' 资料不完整 ' });
    const page = await renderPage('admin/applications/applications');
    await tap(page, '.reject-button', '.t-button');
    expect(callsOf('admin.reviewApplication')).toEqual([
      { $url: 'reviewApplication', applicationId: 'app-1', decision: 'reject', reason: '资料不完整' },
    ]);
    expect(text(page, '.row-review-reason')).toBe('拒绝原因：资料不完整');
  });

  it('says why a review was refused and keeps the row as it was', async () => {
    answerCalls({
      'admin.listApplications': ok({ items: [application('app-1', 'pending')], nextOffset: null }),
      'admin.reviewApplication': fail('NOT_PENDING', '该申请已处理'),
    });
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    const page = await renderPage('admin/applications/applications');
    await tap(page, '.approve-button', '.t-button');
    const refusal = { title: '操作未完成', content: '该申请已处理', showCancel: false };
    expect(wx.showModal).toHaveBeenLastCalledWith(refusal);
    expect(text(page, '.row-status')).toBe('待审核');
    expect(page.data.busyId).toBe('');
  });

  it('sends one review at a time: a second tap while one is on its way sends nothing', async () => {
    answerCalls({
      'admin.listApplications': ok({
        items: [application('app-1', 'pending'), application('app-2', 'pending')],
        nextOffset: null,
      }),
      'admin.reviewApplication': (data: Record<string, unknown>) =>
        ok({ status: 'reviewed', application: application(String(data.applicationId), 'approved') }),
    });
    const confirmed = { confirm: true, cancel: false };
    wx.showModal.mockResolvedValueOnce(confirmed).mockResolvedValueOnce(confirmed);
    const page = await renderPage('admin/applications/applications');
    const approve = (id: string) => page.instance.onApproveTap({ currentTarget: { dataset: { id } } });
    await Promise.all([approve('app-1'), approve('app-2')]);
    await settle(10);
    expect(callsOf('admin.reviewApplication').map((call) => call.applicationId)).toEqual(['app-1']);
    expect(texts(page, '.row-status')).toEqual(['已通过', '待审核']);
  });

  it('pages with nextOffset and switches filters', async () => {
    answerCalls({
      'admin.listApplications': (data: Record<string, unknown>) =>
        ok(
          data.offset === 0
            ? { items: [application('app-1', 'pending')], nextOffset: 20 }
            : { items: [application('app-2', 'pending')], nextOffset: null },
        ),
    });
    const page = await renderPage('admin/applications/applications');
    page.instance.onReachBottom();
    await settle(10);
    expect(callsOf('admin.listApplications').map((call) => call.offset)).toEqual([0, 20]);
    expect(page.data.rows.map((row: { id: string }) => row.id)).toEqual(['app-1', 'app-2']);
    page.querySelectorAll('.filter')[3]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listApplications')[2]).toEqual({ $url: 'listApplications', limit: 20, offset: 0 });
    expect(texts(page, '.filter.active')).toEqual(['全部']);
  });

  it('shows the empty state', async () => {
    answerCalls({ 'admin.listApplications': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('admin/applications/applications');
    expect(stateText(page)).toBe('没有这类申请');
  });
});
