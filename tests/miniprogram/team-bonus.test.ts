/** 团队奖励 (this month's progress, the bonuses with their explanation) and 团队奖励设置. */
import { DEFAULT_RULES } from '@shared/rules';
import { answerCalls, callsOf, ok, renderPage, settle, stateText, tap, text, texts, wx } from './helpers';
import { TEAM_BONUS_RULES, teamBonusView } from './screenshot/teamBonusShots';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('distributor/teamBonus/teamBonus', () => {
  it("shows this month's team sales, the tier reached, the next tier and the tiers", async () => {
    answerCalls({ 'distributor.teamBonus': ok(teamBonusView()) });
    const page = await renderPage('distributor/teamBonus/teamBonus');
    expect(callsOf('distributor.teamBonus')).toEqual([{ $url: 'teamBonus', page: 1, pageSize: 10 }]);
    expect(text(page, '.card-title')).toBe('2026年12月团队业绩');
    expect(text(page, '.team-sales')).toBe('¥2,500.00');
    expect(text(page, '.orders')).toBe('2 笔订单');
    expect(text(page, '.reached')).toBe('已达：团队业绩满 ¥1,000.00 奖励 ¥30.00，本月预计 ¥30.00');
    expect(text(page, '.next')).toBe('下一档：团队业绩满 ¥3,000.00 奖励业绩的 5%，还差 ¥500.00');
    expect(texts(page, '.tier-rule')).toEqual([
      '团队业绩满 ¥1,000.00 奖励 ¥30.00',
      '团队业绩满 ¥3,000.00 奖励业绩的 5%',
    ]);
    expect(text(page, '.rules-note')).toContain('每月封顶 ¥200.00，发放后冻结 3 天');
  });

  it('lists the bonuses with status, release date and every explanation line', async () => {
    answerCalls({ 'distributor.teamBonus': ok(teamBonusView()) });
    const page = await renderPage('distributor/teamBonus/teamBonus');
    expect(texts(page, '.bonus-period')).toEqual(['2026年11月团队奖励']);
    expect(texts(page, '.bonus-amount')).toEqual(['¥200.00']);
    expect(texts(page, '.bonus-status')).toEqual(['冻结中']);
    expect(text(page, '.bonus-release')).toBe('2026-12-05 转为可提现');
    const lines = texts(page, '.explanation-line');
    expect(lines).toHaveLength(9);
    expect(lines.slice(-3)).toEqual([
      '达到档位：团队业绩满 ¥3,000.00 奖励业绩的 5%，计 ¥235.00',
      '每月封顶 ¥200.00',
      '团队奖励 ¥200.00',
    ]);
  });

  it('says when the shop has no team bonus and there is none yet', async () => {
    answerCalls({
      'distributor.teamBonus': ok(
        teamBonusView({
          enabled: false,
          month: { period: '202612', label: '2026年12月', teamSalesFen: 0, orderCount: 0, reached: null, next: null },
          tiers: [],
          bonuses: [],
        }),
      ),
    });
    const page = await renderPage('distributor/teamBonus/teamBonus');
    expect(text(page, '.off')).toBe('商家暂未开启团队奖励');
    expect(stateText(page)).toBe('还没有团队奖励，团队业绩达标后每月初发放');
  });
});

describe('admin/teamBonusSettings/teamBonusSettings', () => {
  it('shows the tiers and saves the section, a new tier added, with the rest of the rules', async () => {
    const rules = { ...DEFAULT_RULES, teamBonus: TEAM_BONUS_RULES };
    answerCalls({
      'admin.getRules': ok({ version: 5, rules }),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { version: 6, rules: (data as { rules: typeof rules }).rules } }),
    });
    const page = await renderPage('admin/teamBonusSettings/teamBonusSettings');
    expect(page.data.form).toMatchObject({
      enabled: true,
      tiers: [
        { minYuan: '1000', kindIndex: 1, value: '30' },
        { minYuan: '3000', kindIndex: 0, value: '5' },
      ],
      capYuan: '200',
      frozenDays: '3',
    });
    await tap(page, '.add-tier', '.t-button');
    await settle(10);
    const inputs = (selector: string) => page.querySelectorAll(selector);
    inputs('.min-input')[2]!.dispatchEvent('input', { detail: { value: '8000' } });
    inputs('.value-input')[2]!.dispatchEvent('input', { detail: { value: '6.5' } });
    page.querySelector('.cap-input')!.dispatchEvent('input', { detail: { value: '500' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.updateRules')[0]).toMatchObject({
      expectedVersion: 5,
      rules: {
        levels: DEFAULT_RULES.levels,
        teamBonus: {
          enabled: true,
          tiers: [...TEAM_BONUS_RULES.tiers, { minTeamSalesFen: 800_000, bonus: { kind: 'rate', rateBp: 650 } }],
          monthlyCapFen: 50_000,
          frozenDays: 3,
        },
      },
    });
  });

  it('refuses tiers that do not go up, and turning it on without a tier, before saving', async () => {
    answerCalls({ 'admin.getRules': ok({ version: 5, rules: { ...DEFAULT_RULES, teamBonus: TEAM_BONUS_RULES } }) });
    const page = await renderPage('admin/teamBonusSettings/teamBonusSettings');
    page.querySelectorAll('.min-input')[1]!.dispatchEvent('input', { detail: { value: '500' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(text(page, '.error')).toBe('第 2 档：门槛须高于上一档');
    await tap(page, '.remove-tier');
    await tap(page, '.remove-tier');
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(text(page, '.error')).toBe('开启团队奖励至少需要一个档位');
    expect(callsOf('admin.updateRules')).toEqual([]);
  });
});
