/**
 * The commission explanation names the discounts that reduced a line's base (docs/marketing.md):
 * 实付 = 原价 − each discount by name, then the level's computation on that base.
 */
import { attributeLine } from '@shared/attribution';
import { explainCommission } from '@shared/commissionExplain';
import { commissionsOf } from '@shared/ledger';
import { DEFAULT_RULES, type Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';

const NOW = new Date('2026-03-31T15:30:00Z');

it('names every discount between the original price and the base', () => {
  const rules: Rules = {
    ...DEFAULT_RULES,
    levels: 1,
    grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000], upgradeWhen: {} }],
    defaultGradeId: 'standard',
    recruitment: 'apply',
  };
  const distributor = { status: 'approved', gradeId: 'standard', gradeSetByAdmin: false, since: null };
  const attribution = attributeLine({
    chain: ['oA'],
    beneficiaries: new Map([['oA', { _id: 'oA', distributor: distributor as unknown as UserDocument['distributor'] }]]),
    rules,
    commission: { mode: 'default' },
    baseFen: 14_667,
    quantity: 2,
  });
  const [commission] = commissionsOf(
    { _id: 'o1', buyerId: 'oBuyer', rulesVersion: 1, lines: [{ lineIndex: 0, attribution }] },
    NOW,
  );
  const line = {
    name: '龙井',
    spec: '250g',
    skuId: 'tea-250',
    quantity: 2,
    attribution,
    lineTotalFen: 20_000,
    discounts: [
      { source: 'activity' as const, name: '春茶限时折扣', amountFen: 4_000 },
      { source: 'fullReduction' as const, name: '满199减20', amountFen: 1_333 },
    ],
  };
  const view = explainCommission({ commission: commission!, line, orderStatus: 'paid', held: false, now: NOW });
  expect(view.explanation[1]).toBe(
    '实付 ¥146.67 = 原价 ¥200.00 − 限时折扣「春茶限时折扣」¥40.00 − 满减「满199减20」¥13.33',
  );
  expect(view.explanation[2]).toBe('一级佣金：实付 ¥146.67 × 10% = ¥14.667，向下取整为 ¥14.66');
  // Without discounts nothing is added.
  const plain = explainCommission({
    commission: commission!,
    line: { ...line, discounts: [] },
    orderStatus: 'paid',
    held: false,
    now: NOW,
  });
  expect(plain.explanation[1]).toBe('一级佣金：实付 ¥146.67 × 10% = ¥14.667，向下取整为 ¥14.66');
});
