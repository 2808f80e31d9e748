/**
 * The pure rules of top-ups (shared/topUps.ts) and the balance section of the rules
 * (shared/rules.ts): the bonus is the tier of exactly the amount, a custom amount gets none and
 * must be allowed and within bounds; tiers are distinct with a bonus below the amount; the
 * refund numbers of a top-up are told apart from an order's and an after-sale's.
 */
import { parseRefundNo } from '@shared/afterSales';
import { BalanceRules, DEFAULT_RULES, RulesInput } from '@shared/rules';
import { isTopUpId, parseTopUpRefundNo, pickTopUp, topUpMismatchRefundNo, topUpRefundNo } from '@shared/topUps';
import { TOP_UP_RULES } from '../helpers/wallet';

const ID = `t${'0123456789abcdef01234567'}`;

describe('top-ups (pure)', () => {
  it('picks the bonus of the exact tier; a custom amount gets none, within its bounds', () => {
    expect(pickTopUp(TOP_UP_RULES, 50_000)).toEqual({ ok: true, bonusFen: 8_000 });
    expect(pickTopUp(TOP_UP_RULES, 100_000)).toEqual({ ok: true, bonusFen: 0 });
    expect(pickTopUp(TOP_UP_RULES, 50_001)).toEqual({ ok: true, bonusFen: 0 });
    expect(pickTopUp(TOP_UP_RULES, 99)).toMatchObject({ ok: false });
    expect(pickTopUp(TOP_UP_RULES, 200_001)).toMatchObject({ ok: false });
    const tiersOnly = { ...TOP_UP_RULES, customTopUp: { ...TOP_UP_RULES.customTopUp, allowed: false } };
    expect(pickTopUp(tiersOnly, 12_345)).toMatchObject({ ok: false });
    expect(pickTopUp({ ...TOP_UP_RULES, topUpEnabled: false }, 50_000)).toMatchObject({ ok: false });
  });

  it('the rules default to top-up off, and refuse duplicate tiers, a bonus not below its amount, too many tiers', () => {
    expect(DEFAULT_RULES.balance.topUpEnabled).toBe(false);
    expect(RulesInput.parse({ ...DEFAULT_RULES, balance: undefined }).balance).toEqual(DEFAULT_RULES.balance);
    expect(BalanceRules.safeParse(TOP_UP_RULES).success).toBe(true);
    const tier = { amountFen: 10_000, bonusFen: 1_000 };
    const invalid = [
      { ...TOP_UP_RULES, topUpTiers: [tier, { ...tier, bonusFen: 0 }] },
      { ...TOP_UP_RULES, topUpTiers: [{ amountFen: 10_000, bonusFen: 10_000 }] },
      {
        ...TOP_UP_RULES,
        topUpTiers: Array.from({ length: 9 }, (_, n) => ({ amountFen: (n + 1) * 1_000, bonusFen: 0 })),
      },
      { ...TOP_UP_RULES, customTopUp: { allowed: true, minFen: 500, maxFen: 100 } },
      { topUpEnabled: true, topUpTiers: [], customTopUp: { allowed: false, minFen: 100, maxFen: 200 } },
      { ...TOP_UP_RULES, extra: true },
    ];
    for (const rules of invalid) expect(BalanceRules.safeParse(rules).success).toBe(false);
  });

  it('tells top-up ids and refund numbers from orders and after-sales', () => {
    expect(isTopUpId(ID)).toBe(true);
    expect(isTopUpId(`o${ID.slice(1)}`)).toBe(false);
    expect(parseTopUpRefundNo(topUpRefundNo(ID))).toEqual({ kind: 'refund', topUpId: ID });
    expect(parseTopUpRefundNo(topUpMismatchRefundNo(ID))).toEqual({ kind: 'mismatch', topUpId: ID });
    expect(parseTopUpRefundNo(`o${ID.slice(1)}-stray`)).toBeNull();
    expect(parseTopUpRefundNo(`as${'0'.repeat(24)}`)).toBeNull();
    expect(parseTopUpRefundNo(`${ID}-refund-x`)).toBeNull();
    expect(parseRefundNo(`o${ID.slice(1)}-stray`)).toEqual({ kind: 'stray', orderId: `o${ID.slice(1)}` });
  });
});
