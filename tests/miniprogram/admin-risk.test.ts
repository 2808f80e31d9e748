/**
 * 风险审核 (docs/rules.md section 9): the list of cases (open first, by status, reasons and held
 * amount; a tap opens the case), one case (signals with evidence, commissions, 审核通过, 作废佣金
 * after a confirmation, a refusal shown), and 风险设置 (the rules' risk section, its defaults and
 * verdicts held to the schema's).
 */
import fc from 'fast-check';
import { DEFAULT_RISK_RULES } from '@shared/risk';
import { DEFAULT_RULES, RiskRules } from '@shared/rules';
import { FORM_DEFAULTS, riskOf, type RiskForm } from '../../miniprogram/admin/riskSettings/form';
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, texts, wx } from './helpers';
import { riskCaseFixture, riskSummary } from './admin-risk-fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('admin/risk', () => {
  it('lists the cases with reasons, held amount and status; a filter asks by status; a tap opens the case', async () => {
    answerCalls({
      'admin.listRiskCases': (data: Record<string, unknown>) =>
        ok({
          items:
            data.status === 'voided'
              ? [riskSummary('o2', { status: 'voided', labels: ['买家退款率过高'] })]
              : [
                  riskSummary('o1'),
                  riskSummary('o2', { status: 'approved', orderNo: null, labels: ['自购或互购循环'] }),
                ],
          nextOffset: null,
          openCount: 1,
        }),
    });
    const page = await renderPage('admin/risk/risk');
    expect(texts(page, '.risk-title')).toEqual(['订单 202606011230450001', '订单 o2']);
    expect(texts(page, '.risk-status')).toEqual(['待审核', '已通过']);
    expect(texts(page, '.risk-reasons')).toEqual(['买家与推广员手机号相同、买家与推广员 IP 相同', '自购或互购循环']);
    expect(text(page, '.risk-case .muted')).toContain('冻结金额 ¥38.40');
    expect(callsOf('admin.listRiskCases')[0]).toEqual({ $url: 'listRiskCases', limit: 20, offset: 0 });

    page.querySelectorAll('.filter')[3]!.dispatchEvent('tap');
    await settle(10);
    expect(callsOf('admin.listRiskCases')[1]).toEqual({
      $url: 'listRiskCases',
      status: 'voided',
      limit: 20,
      offset: 0,
    });
    expect(texts(page, '.risk-status')).toEqual(['已作废']);

    await tap(page, '.risk-case');
    expect(wx.navigateTo).toHaveBeenCalledWith({
      url: `/admin/riskCase/riskCase?caseId=${encodeURIComponent('risk:o2')}`,
    });
    await tap(page, '.settings-link');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/admin/riskSettings/riskSettings' });
  });
});

describe('admin/riskCase', () => {
  it('shows the signals and commissions; 审核通过 sends the note and shows the decision', async () => {
    answerCalls({
      'admin.riskCase': ok(riskCaseFixture('o1')),
      'admin.approveRiskCase': (data: Record<string, unknown>) =>
        ok({
          status: 'decided',
          case: riskCaseFixture('o1', {
            status: 'approved',
            decidedBy: 'oADMIN',
            decidedAt: '2026-06-02T02:00:00.000Z',
            note: String(data.note),
            commissions: riskCaseFixture('o1').commissions.map((c) => ({ ...c, held: false })),
            rewards: riskCaseFixture('o1').rewards.map((r) => ({ ...r, held: false })),
          }),
        }),
    });
    const page = await renderPage('admin/riskCase/riskCase', { caseId: 'risk%3Ao1' });
    expect(callsOf('admin.riskCase')).toEqual([{ $url: 'riskCase', caseId: 'risk:o1' }]);
    expect(texts(page, '.signal-label')).toEqual(['买家与推广员手机号相同', '买家与推广员 IP 相同']);
    expect(texts(page, '.signal .muted')).toEqual([
      '推广员 oREF00000000000000000001 · 手机尾号 8888',
      '推广员 oREF00000000000000000001 · IP 203.0.113.7',
    ]);
    expect(texts(page, '.commission-state')).toEqual(['风险冻结', '风险冻结']);
    expect(texts(page, '.reward-who')).toEqual(['拉新奖励 oREF00000000000000000001']);
    expect(texts(page, '.reward-amount')).toEqual(['¥5.00']);
    expect(texts(page, '.reward-state')).toEqual(['风险冻结']);
    page.querySelector('.note-input')!.dispatchEvent('input', { detail: { value: ' 同一家人 ' } });
    await tap(page, '.approve-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.approveRiskCase')).toEqual([
      { $url: 'approveRiskCase', caseId: 'risk:o1', note: '同一家人' },
    ]);
    expect(text(page, '.case-status')).toBe('已通过');
    expect(text(page, '.case-decision')).toContain('同一家人');
    expect(texts(page, '.commission-state')).toEqual(['正常', '正常']);
    expect(texts(page, '.reward-state')).toEqual(['正常']);
    expect(page.querySelector('.approve-button')).toBeFalsy();
  });

  it('作废佣金 asks first; a refusal is shown and the case stays as it was', async () => {
    answerCalls({
      'admin.riskCase': ok(riskCaseFixture('o1')),
      'admin.voidRiskCase': fail('RISK_CASE_DECIDED', '该风险记录已处理'),
    });
    const page = await renderPage('admin/riskCase/riskCase', { caseId: 'risk:o1' });
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    await tap(page, '.void-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.voidRiskCase')).toEqual([]);
    // The case holds an invite reward besides the commissions: the confirmation names both.
    expect(wx.showModal).toHaveBeenLastCalledWith(
      expect.objectContaining({ content: expect.stringContaining('佣金和奖励') }),
    );
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.void-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.voidRiskCase')).toEqual([{ $url: 'voidRiskCase', caseId: 'risk:o1', note: '' }]);
    expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '操作未完成', showCancel: false }));
    expect(text(page, '.case-status')).toBe('待审核');
  });
});

describe('admin/riskSettings', () => {
  const RULES = { rules: DEFAULT_RULES, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'oADMIN' };

  it('shows the defaults for rules without the section and saves it switched on as a new version', async () => {
    answerCalls({
      'admin.getRules': ok(RULES),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { ...RULES, version: 4, rules: data.rules } }),
    });
    const page = await renderPage('admin/riskSettings/riskSettings');
    expect(page.data.form.enabled).toBe(false);
    page.querySelector('.enabled-switch')!.dispatchEvent('change', { detail: { value: true } });
    page.querySelector('.signal-sharedIp')!.dispatchEvent('change', { detail: { value: false } });
    page.querySelector('.limit-input')!.dispatchEvent('input', { detail: { value: '30' } });
    page.querySelector('.rate-input')!.dispatchEvent('input', { detail: { value: '62.5' } });
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(callsOf('admin.updateRules')).toEqual([
      {
        $url: 'updateRules',
        expectedVersion: 3,
        rules: {
          ...DEFAULT_RULES,
          risk: {
            ...DEFAULT_RISK_RULES,
            enabled: true,
            signals: { ...DEFAULT_RISK_RULES.signals, sharedIp: false },
            bindsPerIpPerHour: 30,
            refundRateBp: 6250,
          },
        },
      },
    ]);
    expect(page.data.version).toBe(4);
  });

  it('refuses what the schema refuses before sending', async () => {
    answerCalls({ 'admin.getRules': ok(RULES) });
    const page = await renderPage('admin/riskSettings/riskSettings');
    page.querySelector('.burst-input')!.dispatchEvent('input', { detail: { value: '1' } });
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.error')).toBe('同 IP 绑定同一推广码：2-10000 次/小时');
    expect(callsOf('admin.updateRules')).toEqual([]);
  });

  it("the form's defaults and verdicts are the schema's", () => {
    expect(FORM_DEFAULTS).toEqual(DEFAULT_RISK_RULES);
    const numberText = fc.oneof(
      fc.integer({ min: -5, max: 200_000 }).map(String),
      fc.constantFrom('', '1.5', 'x', '0'),
    );
    fc.assert(
      fc.property(
        fc.record({
          burst: numberText,
          rate: fc.oneof(numberText, fc.constantFrom('0.01', '99.99', '100.001')),
          orders: numberText,
          limit: numberText,
        }),
        (candidate) => {
          const form: RiskForm = {
            enabled: true,
            signals: DEFAULT_RISK_RULES.signals,
            bindBurstPerHour: candidate.burst,
            refundRatePercent: candidate.rate,
            refundMinOrders: candidate.orders,
            bindsPerIpPerHour: candidate.limit,
          };
          const verdict = riskOf(form);
          if (!verdict.ok) return;
          expect(RiskRules.safeParse(verdict.risk).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
