import fc from 'fast-check';
import { attributeLine, beneficiaryChain, type Beneficiary, type ProductCommission } from '@shared/attribution';
import { DEFAULT_RULES, RulesInput, type Rules } from '@shared/rules';
import type { DistributorStatus } from '@shared/users';

const rules3: Rules = RulesInput.parse({
  ...DEFAULT_RULES,
  levels: 3,
  capBp: 2000,
  grades: [
    { id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500, 300] },
    { id: 'gold', name: '金牌', rank: 1, ratesBp: [1500, 800, 400] },
  ],
});

function people(entries: Array<[string, DistributorStatus, string | null]>): Map<string, Beneficiary> {
  return new Map(
    entries.map(([id, status, gradeId]) => [
      id,
      { _id: id, distributor: { status, gradeId, gradeSetByAdmin: false, since: null } },
    ]),
  );
}

describe('attributeLine', () => {
  it('applies grade rates per level, floors each, and skips non-distributors without compressing', () => {
    const line = attributeLine({
      chain: ['a', 'b', 'c'],
      beneficiaries: people([
        ['a', 'approved', 'gold'],
        ['b', 'disabled', null],
        ['c', 'approved', null],
      ]),
      rules: rules3,
      commission: { mode: 'default' },
      baseFen: 9999,
      quantity: 1,
    });
    expect(line.levels.map(({ beneficiaryId, amountFen, skipped }) => ({ beneficiaryId, amountFen, skipped }))).toEqual(
      [
        { beneficiaryId: 'a', amountFen: 1499, skipped: undefined },
        { beneficiaryId: 'b', amountFen: 0, skipped: 'NOT_DISTRIBUTOR' },
        { beneficiaryId: 'c', amountFen: 299, skipped: undefined },
      ],
    );
    expect(line).toMatchObject({ capFen: 1999, capApplied: false, totalFen: 1798 });
  });

  it('scales every level down proportionally when the cap would be exceeded', () => {
    const line = attributeLine({
      chain: ['a', 'b'],
      beneficiaries: people([
        ['a', 'approved', null],
        ['b', 'approved', null],
      ]),
      rules: rules3,
      commission: { mode: 'fixed', fixedFenPerUnit: [300, 200] },
      baseFen: 1000,
      quantity: 2,
    });
    // Uncapped 600 + 400 = 1000 > cap 200: scaled to floor(600*200/1000) = 120 and 80.
    expect(line.levels.map((level) => [level.uncappedFen, level.amountFen])).toEqual([
      [600, 120],
      [400, 80],
    ]);
    expect(line).toMatchObject({ capApplied: true, totalFen: 200 });
  });

  it('puts the buyer on level 1 with self-purchase, shifting the chain down', () => {
    const buyer = {
      _id: 'buyer',
      ancestors: ['p', 'q', 'r'],
      distributor: { status: 'approved' as const, gradeId: null, gradeSetByAdmin: false, since: null },
    };
    expect(beneficiaryChain(buyer, { ...rules3, selfPurchase: true })).toEqual(['buyer', 'p', 'q']);
    expect(beneficiaryChain(buyer, { ...rules3, selfPurchase: false })).toEqual(['p', 'q', 'r']);
    expect(
      beneficiaryChain(
        { ...buyer, distributor: { ...buyer.distributor, status: 'none' } },
        { ...rules3, selfPurchase: true },
      ),
    ).toEqual(['p', 'q', 'r']);
    expect(beneficiaryChain(buyer, { ...DEFAULT_RULES, selfPurchase: false })).toEqual(['p', 'q']);
  });

  it('holds invariant 3 for any line: total within the cap, amounts non-negative and floored, no beneficiary twice', () => {
    const commission: fc.Arbitrary<ProductCommission> = fc.oneof(
      fc.constant({ mode: 'default' as const }),
      fc.constant({ mode: 'none' as const }),
      fc
        .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 })
        .map((ratesBp) => ({ mode: 'percent' as const, ratesBp })),
      fc
        .array(fc.integer({ min: 0, max: 100_000 }), { minLength: 3, maxLength: 3 })
        .map((fixedFenPerUnit) => ({ mode: 'fixed' as const, fixedFenPerUnit })),
    );
    fc.assert(
      fc.property(
        commission,
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom<DistributorStatus>('approved', 'disabled', 'none'),
        (productCommission, baseFen, quantity, capBp, middleStatus) => {
          const rules = { ...rules3, capBp };
          const line = attributeLine({
            chain: ['a', 'b', 'c'],
            beneficiaries: people([
              ['a', 'approved', 'gold'],
              ['b', middleStatus, null],
              ['c', 'approved', null],
            ]),
            rules,
            commission: productCommission,
            baseFen,
            quantity,
          });
          expect(line.totalFen).toBeLessThanOrEqual(Math.floor((baseFen * capBp) / 10_000));
          expect(new Set(line.levels.map((level) => level.beneficiaryId)).size).toBe(line.levels.length);
          for (const level of line.levels) {
            expect(Number.isSafeInteger(level.amountFen) && level.amountFen >= 0).toBe(true);
            expect(level.amountFen).toBeLessThanOrEqual(level.uncappedFen);
            if (level.basis.kind === 'rate')
              expect(level.uncappedFen * 10_000).toBeLessThanOrEqual(baseFen * level.basis.rateBp);
          }
        },
      ),
    );
  });
});
