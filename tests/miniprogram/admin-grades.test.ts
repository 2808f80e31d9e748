/** admin/grades/grades: list, create, edit, delete refused while in use, and bad values refused with the server's verdicts. */
import { gradeProblems } from '@shared/grades';
import { DEFAULT_RULES, type Grade, type Rules } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { answerCalls, callsOf, fail, ok, renderPage, settle, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const view = (rules: Rules, version: number) => ({
  rules,
  version,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'oADMIN',
});

/** getRules and rulesLimits as the server answers them, and saveGrade / deleteGrade answered by `answers`. */
function serve(answers: Record<string, unknown> = {}): void {
  answerCalls({
    'admin.getRules': ok(view(DEFAULT_RULES, 1)),
    'admin.rulesLimits': ok(rulesLimits()),
    ...answers,
  });
}

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

async function tapIn(page: Rendered, selector: string, index = 0): Promise<void> {
  page.querySelectorAll(selector)[index]!.querySelector('.t-button')!.dispatchEvent('tap');
  await settle(10);
}

const PLATINUM: Grade = {
  id: 'platinum',
  name: '铂金分销员',
  rank: 3,
  ratesBp: [1800, 900],
  upgradeWhen: { teamPaidSalesFen: 50_000_000 },
};

async function fillPlatinum(page: Rendered, rates: [string, string] = ['18', '9']): Promise<void> {
  await tapIn(page, '.create-button');
  input(page, '.id-input', 'platinum');
  input(page, '.name-input', '铂金分销员');
  input(page, '.rate-0', rates[0]);
  input(page, '.rate-1', rates[1]);
  input(page, '.upgrade-teamPaidSalesFen', '500000');
}

describe('admin/grades/grades', () => {
  it('lists the grades in rank order with rates per level, upgrade conditions and the default grade', async () => {
    serve();
    const page = await renderPage('admin/grades/grades');
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '银牌分销员', '金牌分销员']);
    expect(texts(page, '.grade-rates')).toEqual(['一级 10% · 二级 5%', '一级 12% · 二级 6%', '一级 15% · 二级 8%']);
    expect(texts(page, '.grade-conditions')).toEqual([
      '仅手动设置',
      '自动升级：直属成员满 20 人 或 团队业绩满 ¥10,000.00',
      '自动升级：直属成员满 100 人 或 团队业绩满 ¥100,000.00',
    ]);
    expect(texts(page, '.default-tag')).toEqual(['默认等级']);
    // The default grade cannot be deleted: no button for it.
    expect(page.querySelectorAll('.delete-button')).toHaveLength(2);
  });

  it('creates a grade with the version the page was loaded from', async () => {
    const saved = { ...DEFAULT_RULES, grades: [...DEFAULT_RULES.grades, PLATINUM] };
    serve({ 'admin.saveGrade': ok({ status: 'updated', current: view(saved, 2) }) });
    const page = await renderPage('admin/grades/grades');
    await fillPlatinum(page);
    // A new grade is offered the rank above the highest.
    expect(page.data.form.rank).toBe('3');
    await tapIn(page, '.save-button');
    expect(callsOf('admin.saveGrade')).toEqual([
      { $url: 'saveGrade', expectedVersion: 1, mode: 'create', grade: PLATINUM },
    ]);
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '银牌分销员', '金牌分销员', '铂金分销员']);
    expect(texts(page, '.grade-conditions')[3]).toBe('自动升级：团队业绩满 ¥500,000.00');
  });

  it('refuses rates over the cap with the verdict the server gives, without calling it', async () => {
    serve();
    const page = await renderPage('admin/grades/grades');
    await fillPlatinum(page, ['25', '10']);
    await tapIn(page, '.save-button');
    const [verdict] = gradeProblems({ ...PLATINUM, ratesBp: [2500, 1000] }, DEFAULT_RULES, rulesLimits());
    expect(verdict!.code).toBe('GRADE_OVER_CAP');
    expect(text(page, '.rates-error')).toBe(verdict!.message);
    expect(text(page, '.rates-error')).toBe(
      '各级比例合计 35%，超过了佣金封顶 30% (the rates add up to more than capBp)',
    );
    input(page, '.rate-0', '101');
    input(page, '.rate-1', 'abc');
    await tapIn(page, '.save-button');
    expect(texts(page, '.rate-error')).toEqual([
      '一级比例须在 0%-100% 之间 (rate out of bounds)',
      '请输入百分比，最多两位小数',
    ]);
    expect(callsOf('admin.saveGrade')).toHaveLength(0);
  });

  it("shows the server's refusal of a value beside the form", async () => {
    const message = '各级比例合计 20%，超过了佣金封顶 15% (the rates add up to more than capBp)';
    serve({ 'admin.saveGrade': fail('GRADE_OVER_CAP', message) });
    const page = await renderPage('admin/grades/grades');
    await fillPlatinum(page, ['12', '8']);
    await tapIn(page, '.save-button');
    expect(callsOf('admin.saveGrade')).toHaveLength(1);
    expect(text(page, '.form-error')).toBe(message);
  });

  it('edits a grade: the id stays, the name, rates and conditions change', async () => {
    serve({
      'admin.saveGrade': (data: Record<string, any>) => {
        const grades = DEFAULT_RULES.grades.map((grade) => (grade.id === data.grade.id ? data.grade : grade));
        return ok({ status: 'updated', current: view({ ...DEFAULT_RULES, grades }, 2) });
      },
    });
    const page = await renderPage('admin/grades/grades');
    await tapIn(page, '.edit-button', 1);
    expect(text(page, '.grade-id')).toBe('silver');
    input(page, '.name-input', '银牌');
    input(page, '.upgrade-directInvitees', '');
    input(page, '.upgrade-releasedCommissionFen', '300.5');
    await tapIn(page, '.save-button');
    expect(callsOf('admin.saveGrade')[0]).toEqual({
      $url: 'saveGrade',
      expectedVersion: 1,
      mode: 'update',
      grade: {
        id: 'silver',
        name: '银牌',
        rank: 1,
        ratesBp: [1200, 600],
        upgradeWhen: { teamPaidSalesFen: 1_000_000, releasedCommissionFen: 30_050 },
      },
    });
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '银牌', '金牌分销员']);
  });

  it('shows why a grade distributors hold cannot be deleted', async () => {
    const message = '等级「金牌分销员」还有 2 位分销员，请先调整他们的等级 (2 users hold grade gold)';
    serve({ 'admin.deleteGrade': fail('GRADE_IN_USE', message) });
    const page = await renderPage('admin/grades/grades');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tapIn(page, '.delete-button', 1);
    expect(callsOf('admin.deleteGrade')).toEqual([{ $url: 'deleteGrade', expectedVersion: 1, gradeId: 'gold' }]);
    expect(wx.showModal).toHaveBeenLastCalledWith({ title: '不能删除', content: message, showCancel: false });
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '银牌分销员', '金牌分销员']);
  });

  it('deletes a free grade, and reloads when the rules changed meanwhile', async () => {
    const withoutSilver = { ...DEFAULT_RULES, grades: DEFAULT_RULES.grades.filter((grade) => grade.id !== 'silver') };
    serve({ 'admin.deleteGrade': ok({ status: 'updated', current: view(withoutSilver, 2) }) });
    const page = await renderPage('admin/grades/grades');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tapIn(page, '.delete-button', 0);
    expect(texts(page, '.grade-name')).toEqual(['普通分销员', '金牌分销员']);

    serve({ 'admin.deleteGrade': fail('VERSION_CONFLICT', '规则已被修改，请刷新后再改') });
    const stale = await renderPage('admin/grades/grades');
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tapIn(stale, '.delete-button', 0);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '规则已被修改，请刷新后再改' }));
    expect(callsOf('admin.getRules')).toHaveLength(3);
  });
});
