/**
 * 拉新奖励设置 (the rules' `inviteReward` section): the page loads the current rules, saves the
 * whole document with the new section and refuses values outside the schema before saving; its
 * form accepts exactly what the schema accepts (the schema is not bundled into the package).
 * The distributor's 拉新奖励 page: the rule in one sentence and the rewards with their state.
 */
import fc from 'fast-check';
import { DEFAULT_INVITE_REWARD_RULES, InviteRewardRules } from '@shared/inviteReward';
import { DEFAULT_RULES } from '@shared/rules';
import { FORM_DEFAULTS, inviteOf } from '../../miniprogram/admin/inviteSettings/form';
import { yuanToFen } from '../../miniprogram/admin/rules/form';
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, texts } from './helpers';

beforeEach(() => {
  jest.clearAllMocks();
});

describe('拉新奖励设置', () => {
  it('loads the defaults, saves the section as a new rules version', async () => {
    const rules = { ...DEFAULT_RULES };
    answerCalls({
      'admin.getRules': ok({ version: 3, rules }),
      'admin.updateRules': (data: Record<string, unknown>) =>
        ok({ status: 'updated', current: { version: 4, rules: (data as { rules: typeof rules }).rules } }),
    });
    const page = await renderPage('admin/inviteSettings/inviteSettings');
    expect(page.data.form).toEqual({ enabled: false, amountYuan: '5', dailyCap: '20', minOrderYuan: '0' });
    page.querySelector('.enabled-switch')!.dispatchEvent('change', { detail: { value: true } });
    page.querySelector('.amount-input')!.dispatchEvent('input', { detail: { value: '8.8' } });
    page.querySelector('.cap-input')!.dispatchEvent('input', { detail: { value: '5' } });
    page.querySelector('.min-input')!.dispatchEvent('input', { detail: { value: '29.9' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    const [saved] = callsOf('admin.updateRules');
    expect(saved).toMatchObject({
      expectedVersion: 3,
      rules: { inviteReward: { enabled: true, amountFen: 880, dailyCap: 5, minOrderFen: 2_990 } },
    });
    expect(page.data.version).toBe(4);
  });

  it('refuses a value outside the limits before saving', async () => {
    answerCalls({ 'admin.getRules': ok({ version: 3, rules: { ...DEFAULT_RULES } }) });
    const page = await renderPage('admin/inviteSettings/inviteSettings');
    page.querySelector('.cap-input')!.dispatchEvent('input', { detail: { value: '0' } });
    await settle(10);
    await tap(page, '.save-button', '.t-button');
    await settle(10);
    expect(text(page, '.error')).toBe('每日上限：1-1000 的整数');
    expect(callsOf('admin.updateRules')).toEqual([]);
  });
});

describe('拉新奖励设置 form against the schema it mirrors', () => {
  it("shows the schema's defaults for a shop without an invite section", () => {
    expect(FORM_DEFAULTS).toEqual(DEFAULT_INVITE_REWARD_RULES);
  });

  it('accepts exactly what InviteRewardRules accepts', () => {
    const yuan = fc.oneof(
      fc.integer({ min: -5, max: 20_000 }).map(String),
      fc.constantFrom('', ' ', 'abc', '0.01', '0.001', '99.99', '10000.01', '1e3', '5.5'),
    );
    const count = fc.oneof(fc.integer({ min: -5, max: 2_000 }).map(String), fc.constantFrom('', '1.5', 'x'));
    fc.assert(
      fc.property(fc.boolean(), yuan, count, yuan, (enabled, amountYuan, dailyCap, minOrderYuan) => {
        const verdict = inviteOf({ enabled, amountYuan, dailyCap, minOrderYuan });
        const schema = InviteRewardRules.safeParse({
          enabled,
          amountFen: yuanToFen(amountYuan) ?? NaN,
          dailyCap: dailyCap.trim() === '' ? NaN : Number(dailyCap),
          minOrderFen: yuanToFen(minOrderYuan) ?? NaN,
        });
        expect(verdict.ok).toBe(schema.success);
        if (verdict.ok && schema.success) expect(verdict.invite).toEqual(schema.data);
      }),
      { numRuns: 500 },
    );
  });
});

describe('distributor/inviteRewards (拉新奖励)', () => {
  it('states the rule and lists the rewards with their state and explanation', async () => {
    answerCalls({
      'distributor.inviteRewards': ok({
        rule: { enabled: true, amountFen: 500, dailyCap: 20, minOrderFen: 2_990 },
        rewards: [
          {
            id: 'ir:oA',
            inviteeName: '小王',
            orderId: 'o1',
            amountFen: 500,
            status: 'frozen',
            statusLabel: '冻结中',
            underReview: false,
            releaseAt: null,
            explanation: ['邀请的新用户首单 O1，实付商品 ¥128.00', '拉新奖励 ¥5.00，随该订单退货期结束后解冻'],
            createdAt: '2026-12-07T02:00:00.000Z',
          },
          {
            id: 'ir:oC',
            inviteeName: '阿青',
            orderId: 'o3',
            amountFen: 500,
            status: 'frozen',
            statusLabel: '待审核',
            underReview: true,
            releaseAt: '2026-12-01T16:00:00.000Z',
            explanation: ['邀请的新用户首单 O3，实付商品 ¥59.90'],
            createdAt: '2026-12-06T03:00:00.000Z',
          },
          {
            id: 'ir:oB',
            inviteeName: '',
            orderId: 'o2',
            amountFen: 500,
            status: 'voided',
            statusLabel: '已收回',
            underReview: false,
            releaseAt: null,
            explanation: ['邀请的新用户首单 O2，实付商品 ¥30.00'],
            createdAt: '2026-12-06T02:00:00.000Z',
          },
        ],
        page: 1,
        pageSize: 10,
        hasMore: false,
      }),
    });
    const page = await renderPage('distributor/inviteRewards/inviteRewards');
    await settle(10);
    expect(text(page, '.rule-text')).toBe(
      '邀请新用户绑定后首次下单并支付（首单实付满 ¥29.90），奖励 ¥5.00；每天最多 20 人，首单退货期结束后可提现',
    );
    expect(texts(page, '.reward-invitee')).toEqual(['邀请 小王', '邀请 阿青', '邀请的新用户']);
    expect(texts(page, '.reward-status')).toEqual(['冻结中', '待审核', '已收回']);
    // A reward on risk hold waits for the merchant, not for its date (already past here).
    expect(texts(page, '.reward-release')).toEqual(['首单完成后开始计算退货期', '商家审核通过后转为可提现']);
    expect(texts(page, '.explanation-line')).toHaveLength(4);
  });
});
