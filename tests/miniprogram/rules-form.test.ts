/**
 * The rules form's own checks (admin/rules/form.ts) agree with the schema the admin function
 * parses with: what the form refuses, RulesInput refuses too, and what it sends, RulesInput
 * accepts. Conversions between percent/yuan text and basis points/fen are exact.
 */
import { DEFAULT_RULES, RulesInput } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';

interface Template {
  templateId: string;
  amount: string;
  time: string;
  note: string;
}

interface FormModule {
  percentToBp(text: string): number | undefined;
  bpToPercent(rateBp: number): string;
  yuanToFen(text: string): number | undefined;
  formFromRules(rules: typeof DEFAULT_RULES): Record<string, unknown> & {
    grades: Array<{ rates: string[] }>;
    notifications: Record<'commission' | 'withdrawal', Template>;
  };
  rulesFromForm(
    form: object,
    base: typeof DEFAULT_RULES,
    limits: ReturnType<typeof rulesLimits>,
  ): { ok: true; rules: unknown } | { ok: false; errors: Record<string, string> };
}

const form = require('../../miniprogram/admin/rules/form') as FormModule;

describe('admin/rules/form', () => {
  it.each([
    ['10', 1000],
    ['12.5', 1250],
    ['0.01', 1],
    ['100', 10000],
    ['5.555', undefined],
    ['-1', undefined],
    ['abc', undefined],
    ['', undefined],
  ])('percentToBp(%j) is %j', (text, expected) => {
    expect(form.percentToBp(text)).toBe(expected);
  });

  it.each([
    [1000, '10'],
    [1250, '12.5'],
    [1, '0.01'],
    [0, '0'],
  ])('bpToPercent(%j) is %j', (rateBp, expected) => {
    expect(form.bpToPercent(rateBp)).toBe(expected);
  });

  it.each([
    ['1.5', 150],
    ['20000', 2_000_000],
    ['0.07', 7],
    ['1.234', undefined],
  ])('yuanToFen(%j) is %j', (text, expected) => {
    expect(form.yuanToFen(text)).toBe(expected);
  });

  it('sends back the very rules it was loaded from', () => {
    const checked = form.rulesFromForm(form.formFromRules(DEFAULT_RULES), DEFAULT_RULES, rulesLimits());
    expect(checked).toEqual({ ok: true, rules: RulesInput.parse(DEFAULT_RULES) });
  });

  it.each([
    ['capPercent', '100.01'],
    ['returnWindowDays', '91'],
    ['autoConfirmDays', '0'],
    ['unpaidTimeoutMinutes', '4'],
    ['withdrawMaxPerDay', '101'],
    ['withdrawFeePercent', '101'],
    ['levels', 4],
    ['recruitment', 'everybody'],
  ])('refuses %s = %j, as RulesInput does', (field, value) => {
    const edited = { ...form.formFromRules(DEFAULT_RULES), [field]: value };
    const checked = form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits());
    expect(checked.ok).toBe(false);
    expect(Object.keys(checked.ok ? {} : checked.errors)).toEqual([field]);
    const schemaValue: Record<string, unknown> = {
      capPercent: { capBp: 10001 },
      returnWindowDays: { returnWindowDays: 91 },
      autoConfirmDays: { autoConfirmDays: 0 },
      unpaidTimeoutMinutes: { unpaidTimeoutMinutes: 4 },
      withdrawMaxPerDay: { withdraw: { ...DEFAULT_RULES.withdraw, maxPerDay: 101 } },
      withdrawFeePercent: { withdraw: { ...DEFAULT_RULES.withdraw, feeBp: 10100 } },
      levels: { levels: 4 },
      recruitment: { recruitment: 'everybody' },
    };
    expect(RulesInput.safeParse({ ...DEFAULT_RULES, ...(schemaValue[field] as object) }).success).toBe(false);
  });

  it('refuses a minimum withdrawal above the maximum', () => {
    const edited = { ...form.formFromRules(DEFAULT_RULES), withdrawMinYuan: '300', withdrawMaxYuan: '200' };
    expect(form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits())).toEqual({
      ok: false,
      errors: { withdrawMaxYuan: '不能低于最低提现金额' },
    });
  });

  it('sends the notification templates typed, and none for an empty template id', () => {
    const edited = form.formFromRules(DEFAULT_RULES);
    edited.notifications = {
      commission: { templateId: ' TPL_COMMISSION ', amount: 'amount1', time: ' time2 ', note: 'thing3' },
      withdrawal: { templateId: '', amount: 'x', time: '', note: '' },
    };
    const checked = form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits());
    const expected = {
      commission: { templateId: 'TPL_COMMISSION', keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
      withdrawal: null,
    };
    expect(checked).toEqual({ ok: true, rules: RulesInput.parse({ ...DEFAULT_RULES, notifications: expected }) });
    const reloaded = form.formFromRules(RulesInput.parse({ ...DEFAULT_RULES, notifications: expected }));
    expect(reloaded.notifications.commission).toEqual({
      templateId: 'TPL_COMMISSION',
      amount: 'amount1',
      time: 'time2',
      note: 'thing3',
    });
  });

  it.each([
    ['amount1', true],
    ['character_string12', true],
    ['thing', false],
    ['thing123', false],
    ['money1', false],
    ['', false],
  ])('template keyword %j: the verdict of RulesInput (%j)', (keyword, valid) => {
    const edited = form.formFromRules(DEFAULT_RULES);
    edited.notifications = {
      commission: { templateId: 'TPL', amount: keyword, time: 'time2', note: 'thing3' },
      withdrawal: { templateId: '', amount: '', time: '', note: '' },
    };
    const checked = form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits());
    expect(checked.ok).toBe(valid);
    if (!checked.ok) expect(Object.keys(checked.errors)).toEqual(['notifications.commission.amount']);
    const notifications = {
      commission: { templateId: 'TPL', keywords: { amount: keyword, time: 'time2', note: 'thing3' } },
      withdrawal: null,
    };
    expect(RulesInput.safeParse({ ...DEFAULT_RULES, notifications }).success).toBe(valid);
  });

  it('refuses a template id longer than RulesInput allows', () => {
    const edited = form.formFromRules(DEFAULT_RULES);
    edited.notifications = {
      commission: { templateId: 'T'.repeat(129), amount: 'amount1', time: 'time2', note: 'thing3' },
      withdrawal: { templateId: '', amount: '', time: '', note: '' },
    };
    expect(form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits()).ok).toBe(false);
    const notifications = {
      commission: { templateId: 'T'.repeat(129), keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
      withdrawal: null,
    };
    expect(RulesInput.safeParse({ ...DEFAULT_RULES, notifications }).success).toBe(false);
  });
});

describe('admin/rules/form: withdrawal channels and review, with the verdicts of RulesInput', () => {
  type Case = [string, { channels: string[]; review: string; below: string }, object];
  const cases: Case[] = [
    ['one channel', { channels: ['manual'], review: 'manual', below: '' }, { channels: ['manual'] }],
    ['no channel', { channels: [], review: 'manual', below: '' }, { channels: [] }],
    ['an unknown channel', { channels: ['alipay'], review: 'manual', below: '' }, { channels: ['alipay'] }],
    [
      'autoBelow 200 yuan',
      { channels: ['wechatTransfer'], review: 'autoBelow', below: '200' },
      { review: { mode: 'autoBelow', amountFen: 20_000 } },
    ],
    [
      'autoBelow 0',
      { channels: ['wechatTransfer'], review: 'autoBelow', below: '0' },
      { review: { mode: 'autoBelow', amountFen: 0 } },
    ],
    [
      'autoBelow above the largest amount',
      { channels: ['wechatTransfer'], review: 'autoBelow', below: '100000000.01' },
      { review: { mode: 'autoBelow', amountFen: 10_000_000_001 } },
    ],
    [
      'an unknown review mode',
      { channels: ['wechatTransfer'], review: 'auto', below: '' },
      { review: { mode: 'auto' } },
    ],
  ];

  it.each(cases)('%s: the form and the schema agree', (_name, typed, schemaWithdraw) => {
    const edited = {
      ...form.formFromRules(DEFAULT_RULES),
      withdrawChannels: typed.channels,
      withdrawReview: typed.review,
      withdrawAutoBelowYuan: typed.below,
    };
    const checked = form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits());
    const schema = RulesInput.safeParse({
      ...DEFAULT_RULES,
      withdraw: { ...DEFAULT_RULES.withdraw, ...schemaWithdraw },
    });
    expect(checked.ok).toBe(schema.success);
    if (checked.ok && schema.success) expect(checked.rules).toEqual(schema.data);
  });

  it('refuses an autoBelow amount that is not a yuan amount (the schema cannot be given one)', () => {
    const edited = { ...form.formFromRules(DEFAULT_RULES), withdrawReview: 'autoBelow', withdrawAutoBelowYuan: '' };
    expect(form.rulesFromForm(edited, DEFAULT_RULES, rulesLimits())).toEqual({
      ok: false,
      errors: { withdrawAutoBelowYuan: '请输入数字' },
    });
  });
});
