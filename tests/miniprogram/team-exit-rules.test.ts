/**
 * 分销规则, the 退出推广 card (docs/team.md section 4): the frozen commission on exit (照常结算 / 作废)
 * and re-joining (any time, after days, never), saved as the rules' exit section; an untouched
 * form saves rules without one.
 */
import { DEFAULT_RULES, RulesInput, type Rules } from '@shared/rules';
import { callsOf, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { openRules } from './rules-page';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

async function change(page: Rendered, selector: string, value: string): Promise<void> {
  const event = selector.endsWith('-days') ? 'input' : 'change';
  page.querySelector(selector)!.dispatchEvent(event, { detail: { value } });
  await settle();
}

async function saved(page: Rendered): Promise<Rules | undefined> {
  await tap(page, '.save-button', '.t-button');
  const [call] = callsOf('admin.updateRules') as Array<{ rules: Rules }>;
  if (call) expect(RulesInput.safeParse(call.rules).success).toBe(true);
  return call?.rules;
}

describe('admin/rules/rules: 退出推广', () => {
  it('shows the defaults, and an untouched form saves no exit section', async () => {
    const page = await openRules();
    expect(texts(page, '.exit-frozen .option')).toEqual(['照常结算（售后期结束后释放）', '作废']);
    expect(texts(page, '.exit-rejoin .option')).toEqual(['随时可以重新加入', '退出若干天后', '不能重新加入']);
    expect([page.data.form.exitFrozen, page.data.form.exitRejoin]).toEqual(['keep', 'allowed']);
    expect(page.querySelector('.exit-rejoin-days')).toBeFalsy();
    expect((await saved(page))?.exit).toBeUndefined();
  });

  it('saves forfeit and re-joining after 30 days, refusing an impossible number of days first', async () => {
    const page = await openRules();
    await change(page, '.exit-frozen', 'forfeit');
    await change(page, '.exit-rejoin', 'afterDays');
    await change(page, '.exit-rejoin-days', '0');
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.updateRules')).toEqual([]);
    expect(text(page, '.exit-rejoin-days-error')).toBe('应在 1-3650 天 之间');
    await change(page, '.exit-rejoin-days', '30');
    expect((await saved(page))?.exit).toEqual({ frozenOnExit: 'forfeit', rejoin: { kind: 'afterDays', days: 30 } });
  });

  it('loads a stored exit section and goes back to the defaults, which are then stored as such', async () => {
    const rules = RulesInput.parse({ ...DEFAULT_RULES, exit: { frozenOnExit: 'forfeit', rejoin: { kind: 'never' } } });
    const page = await openRules(rules);
    expect([page.data.form.exitFrozen, page.data.form.exitRejoin]).toEqual(['forfeit', 'never']);
    await change(page, '.exit-frozen', 'keep');
    await change(page, '.exit-rejoin', 'allowed');
    expect((await saved(page))?.exit).toEqual({ frozenOnExit: 'keep', rejoin: { kind: 'allowed' } });
  });
});
