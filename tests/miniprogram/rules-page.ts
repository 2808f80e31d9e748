/**
 * 分销规则 (admin/rules) as its card tests open it: the stored rules at version 3, the form's limits,
 * and a save that answers the saved rules at version 4.
 */
import { DEFAULT_RULES, type Rules } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { answerCalls, ok, renderPage } from './helpers';
import type { Rendered } from './helpers';

const rulesView = (rules: Rules, version: number) => ({
  rules,
  version,
  updatedAt: '2026-03-01T00:00:00.000Z',
  updatedBy: 'oADMIN',
});

export async function openRules(rules: Rules = DEFAULT_RULES): Promise<Rendered> {
  answerCalls({
    'admin.getRules': ok(rulesView(rules, 3)),
    'admin.rulesLimits': ok(rulesLimits()),
    'admin.updateRules': (data: Record<string, unknown>) =>
      ok({ status: 'updated', current: rulesView(data.rules as Rules, 4) }),
  });
  return renderPage('admin/rules/rules');
}
