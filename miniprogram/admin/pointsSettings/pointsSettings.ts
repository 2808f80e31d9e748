/**
 * 积分设置: the merchant turns points on and sets their rates and expiry (the rules' `points`
 * section, docs/wallet.md section 4), loaded and saved as every single-section settings page is
 * (../rulesSection.ts).
 */
import { rulesSectionPage } from '../rulesSection';
import { formOf, pointsOf, type PointsForm } from './form';

Page({
  ...rulesSectionPage({
    key: 'points',
    formOf: (rules): PointsForm => formOf(rules),
    sectionOf: (form) => {
      const checked = pointsOf(form);
      return checked.ok ? { ok: true, section: checked.points } : checked;
    },
    data: {},
  }),
});
