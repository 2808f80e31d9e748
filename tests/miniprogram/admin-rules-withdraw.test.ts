/**
 * 分销规则, the 提现 card: payout channels (微信转账 / 人工打款, at least one) and the review mode
 * (人工审核, or approval without the merchant below an amount), refused beside the field with the
 * verdicts of the schema the admin function parses with, and saved as WithdrawRules.
 */
import { DEFAULT_RULES, RulesInput, type Rules } from '@shared/rules';
import { callsOf, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { openRules } from './rules-page';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

async function change(page: Rendered, selector: string, value: string | string[]): Promise<void> {
  const event = Array.isArray(value) || selector.endsWith('-review') ? 'change' : 'input';
  page.querySelector(selector)!.dispatchEvent(event, { detail: { value } });
  await settle();
}

async function saved(page: Rendered): Promise<Rules['withdraw'] | undefined> {
  await tap(page, '.save-button', '.t-button');
  const [call] = callsOf('admin.updateRules') as Array<{ rules: Rules }>;
  if (call) expect(RulesInput.safeParse(call.rules).success).toBe(true);
  return call?.rules.withdraw;
}

describe('admin/rules/rules: withdrawal channels and review', () => {
  it('shows the channels and the review mode of the current rules', async () => {
    const page = await openRules();
    const labels = texts(page, '.withdraw-channels .option');
    expect(labels).toEqual(['微信转账', '人工打款', '到余额']);
    expect(page.data.channelOptions.map((option: { checked: boolean }) => option.checked)).toEqual([
      true,
      false,
      false,
    ]);
    expect(texts(page, '.withdraw-review .option')).toEqual(['人工审核', '低于某金额自动通过']);
    expect(page.data.form.withdrawReview).toBe('manual');
    expect(page.querySelector('.withdraw-auto-below')).toBeFalsy();
  });

  it('saves both channels and automatic approval below an amount', async () => {
    const page = await openRules();
    await change(page, '.withdraw-channels', ['manual', 'wechatTransfer']);
    expect(page.data.channelOptions.map((option: { checked: boolean }) => option.checked)).toEqual([true, true, false]);
    await change(page, '.withdraw-review', 'autoBelow');
    expect(text(page, '.withdraw-auto-below-hint')).toBe('¥0.00 至 ¥100,000,000.00；达到该金额的提现仍由管理员审核');
    await change(page, '.withdraw-auto-below', '200');
    expect(await saved(page)).toEqual({
      ...DEFAULT_RULES.withdraw,
      channels: ['wechatTransfer', 'manual'],
      review: { mode: 'autoBelow', amountFen: 20_000 },
    });
  });

  it('loads automatic approval and goes back to manual review', async () => {
    const rules = RulesInput.parse({
      ...DEFAULT_RULES,
      withdraw: { ...DEFAULT_RULES.withdraw, channels: ['manual'], review: { mode: 'autoBelow', amountFen: 5_050 } },
    });
    const page = await openRules(rules);
    expect(page.data.form.withdrawAutoBelowYuan).toBe('50.5');
    expect(page.data.channelOptions.map((option: { checked: boolean }) => option.checked)).toEqual([
      false,
      true,
      false,
    ]);
    await change(page, '.withdraw-review', 'manual');
    expect(await saved(page)).toEqual({ ...DEFAULT_RULES.withdraw, channels: ['manual'], review: { mode: 'manual' } });
  });

  it('offers 到余额 with its own fee, sent only once the merchant sets one', async () => {
    const page = await openRules();
    expect(page.data.form.withdrawBalanceFeePercent).toBe('0');
    await change(page, '.withdraw-channels', ['wechatTransfer', 'balance']);
    expect(await saved(page)).toEqual({ ...DEFAULT_RULES.withdraw, channels: ['wechatTransfer', 'balance'] });
    await change(page, '.withdraw-balance-fee', '1.5');
    await tap(page, '.save-button', '.t-button');
    const calls = callsOf('admin.updateRules') as Array<{ rules: Rules }>;
    expect(calls.map((call) => call.rules.withdraw.balanceFeeBp)).toEqual([undefined, 150]);
    await change(page, '.withdraw-balance-fee', '100.5');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.updateRules')).toHaveLength(2);
    expect(page.data.errors.withdrawBalanceFeePercent).toBe('应在 0-100% 之间');
  });

  it('refuses no channel and a bad amount beside the fields, sending nothing', async () => {
    const page = await openRules();
    await change(page, '.withdraw-channels', []);
    await change(page, '.withdraw-review', 'autoBelow');
    await change(page, '.withdraw-auto-below', '1.234');
    expect(await saved(page)).toBeUndefined();
    expect(text(page, '.withdraw-channels-error')).toBe('请至少选择一项');
    expect(text(page, '.withdraw-auto-below-error')).toBe('请输入数字');
    await change(page, '.withdraw-auto-below', '100000001');
    await tap(page, '.save-button', '.t-button');
    expect(text(page, '.withdraw-auto-below-error')).toBe('应在 0-100000000 元 之间');
    expect(callsOf('admin.updateRules')).toEqual([]);
    // Corrected, the error beside each field goes as it is edited, and the rules are saved.
    await change(page, '.withdraw-channels', ['wechatTransfer']);
    expect(page.querySelector('.withdraw-channels-error')).toBeFalsy();
    await change(page, '.withdraw-auto-below', '0');
    expect(await saved(page)).toMatchObject({ review: { mode: 'autoBelow', amountFen: 0 } });
  });
});
