/**
 * 风险设置: the merchant turns risk holds on, chooses the signals and sets their thresholds and
 * the binding limit per IP (the rules' `risk` section, docs/rules.md section 9), loaded and saved
 * as every single-section settings page is (../rulesSection.ts).
 */
import { rulesSectionPage } from '../rulesSection';
import { formOf, riskOf, SIGNAL_SWITCHES, type RiskForm } from './form';

Page({
  ...rulesSectionPage({
    key: 'risk',
    formOf: (rules): RiskForm => formOf(rules),
    sectionOf: (form) => {
      const checked = riskOf(form);
      return checked.ok ? { ok: true, section: checked.risk } : checked;
    },
    data: { switches: SIGNAL_SWITCHES },
  }),
});
