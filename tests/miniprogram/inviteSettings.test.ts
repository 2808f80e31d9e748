/**
 * 拉新奖励设置 (the rules' `inviteReward` section): the page loads the current rules, saves the
 * whole document with the new section and refuses values outside the schema before saving; its
 * form accepts exactly what the schema accepts (the schema is not bundled into the package).
 */
import fc from 'fast-check';
import { DEFAULT_INVITE_REWARD_RULES, InviteRewardRules } from '@shared/inviteReward';
import { DEFAULT_RULES } from '@shared/rules';
import { FORM_DEFAULTS, inviteOf } from '../../miniprogram/admin/inviteSettings/form';
import { yuanToFen } from '../../miniprogram/admin/rules/form';
import { answerCalls, callsOf, ok, renderPage, settle, tap, text } from './helpers';

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
