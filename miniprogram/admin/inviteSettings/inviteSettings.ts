/**
 * 拉新奖励设置: the merchant turns the invite reward on and sets its amount, the daily cap per
 * distributor and the first order's minimum (the rules' `inviteReward` section, docs/team.md
 * section 3), loaded and saved as every single-section settings page is (../rulesSection.ts).
 */
import { rulesSectionPage } from '../rulesSection';
import { formOf, inviteOf, type InviteForm } from './form';

Page({
  ...rulesSectionPage({
    key: 'inviteReward',
    formOf: (rules): InviteForm => formOf(rules),
    sectionOf: (form) => {
      const checked = inviteOf(form);
      return checked.ok ? { ok: true, section: checked.invite } : checked;
    },
    data: {},
  }),
});
