/**
 * shared/commissionExplain.ts and shared/earnings.ts: the pure explanation of a commission (exact
 * product, floor, cap, status and why it is not released) and the China-calendar earnings.
 */
import fc from 'fast-check';
import { attributeLine, type Beneficiary } from '@shared/attribution';
import {
  explainCommission,
  maskNickname,
  rateText,
  type ExplainInput,
  type ExplainLine,
} from '@shared/commissionExplain';
import { CHART_DAYS, chinaDay, DAY_MS, earningsFromDays, earningsWindow, netEarnedFen } from '@shared/earnings';
import { commissionsOf, type CommissionDocument } from '@shared/ledger';
import { applyRateFloor, formatExactFen } from '@shared/money';
import { fractionText } from '@shared/exactMath';
import { DEFAULT_RULES, type Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';

const NOW = new Date('2026-03-31T15:30:00Z');

/** A decimal string of fen ("1000.5", "666.6666…") as fen × 10^4, truncated; and whether it was cut. */
function scaled(text: string): { value: bigint; cut: boolean } {
  const cut = text.endsWith('…');
  const [whole = '0', fraction = ''] = text.replace('…', '').split('.');
  return { value: BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0')), cut };
}

function approved(id: string): Beneficiary {
  return {
    _id: id,
    distributor: {
      status: 'approved',
      gradeId: 'standard',
      gradeSetByAdmin: false,
      since: null,
    } as unknown as UserDocument['distributor'],
  };
}

/** Commissions as settleCommission makes them from a line attributed by the real attributeLine. */
function attributed(
  baseFen: number,
  quantity: number,
  commission: Parameters<typeof attributeLine>[0]['commission'],
  capBp: number,
): { line: ExplainLine; capApplied: boolean; docs: CommissionDocument[] } {
  const rules: Rules = {
    ...DEFAULT_RULES,
    levels: 3,
    capBp,
    grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500, 300], upgradeWhen: {} }],
    defaultGradeId: 'standard',
    recruitment: 'apply',
  };
  const chain = ['oA', 'oB', 'oC'];
  const attribution = attributeLine({
    chain,
    beneficiaries: new Map(chain.map((id) => [id, approved(id)])),
    rules,
    commission,
    baseFen,
    quantity,
  });
  const docs = commissionsOf(
    { _id: 'o1', buyerId: 'oBuyer', rulesVersion: 1, lines: [{ lineIndex: 0, attribution }] },
    NOW,
  );
  return {
    line: { name: '龙井', spec: '250g', skuId: 'tea-250', quantity, attribution },
    capApplied: attribution.capApplied,
    docs,
  };
}

const explain = (commission: CommissionDocument, line: ExplainLine | null, extra: Partial<ExplainInput> = {}) =>
  explainCommission({ commission, line, orderStatus: 'paid', held: false, now: NOW, ...extra });

describe('commission explanation', () => {
  it('shows the exact product, the floor and what the rounding left', () => {
    const { line, docs } = attributed(12_345, 1, { mode: 'default' }, 10_000);
    const [level1, level2] = docs.map((doc) => explain(doc, line));
    expect(level1).toMatchObject({
      levelLabel: '一级',
      basisText: '10%',
      computation: { exactFen: '1234.5', roundedOffFen: '0.5', uncappedFen: 1234, capApplied: false },
    });
    expect(level1?.explanation[1]).toBe('一级佣金：实付 ¥123.45 × 10% = ¥12.345，向下取整为 ¥12.34');
    expect(level2).toMatchObject({
      levelLabel: '二级',
      basisText: '5%',
      computation: { exactFen: '617.25', roundedOffFen: '0.25', uncappedFen: 617 },
    });
  });

  it('shows the cap: the proportional scaling before and after its floor', () => {
    const { line, docs } = attributed(10_000, 1, { mode: 'percent', ratesBp: [2000, 1000, 1000] }, 3000);
    const level1 = explain(docs[0] as CommissionDocument, line);
    // 2000 + 1000 + 1000 = 4000 > cap 3000: 2000 × 3000 / 4000 = 1500.
    expect(level1.computation).toEqual({
      exactFen: '2000',
      roundedOffFen: '0',
      uncappedFen: 2000,
      capApplied: true,
      capFen: 3000,
      lineUncappedFen: 4000,
      cappedExactFen: '1500',
    });
    expect(level1.amountFen).toBe(1500);
    expect(level1.explanation[2]).toBe(
      '本商品各级佣金合计 ¥40.00 超过封顶 ¥30.00，按比例缩减：¥15.00，向下取整为 ¥15.00',
    );
  });

  it('explains a fixed amount per unit times the quantity', () => {
    const { line, docs } = attributed(9_000, 3, { mode: 'fixed', fixedFenPerUnit: [150, 50, 0] }, 10_000);
    const view = explain(docs[0] as CommissionDocument, line);
    expect(view).toMatchObject({
      basis: { kind: 'fixed', fixedFenPerUnit: 150 },
      basisText: '每件 ¥1.50',
      computation: { exactFen: '450', roundedOffFen: '0', uncappedFen: 450 },
    });
    expect(view.explanation[1]).toBe('一级佣金：每件 ¥1.50 × 3 件 = ¥4.50');
  });

  it('still explains a commission whose order could not be read', () => {
    const { docs } = attributed(10_001, 1, { mode: 'default' }, 10_000);
    const view = explain(docs[0] as CommissionDocument, null, { orderStatus: null });
    expect(view).toMatchObject({
      product: null,
      computation: { exactFen: '1000.1', uncappedFen: 1000 },
      pending: { reason: 'ORDER_NOT_COMPLETED', text: '确认收货并过了售后期后结算' },
    });
    expect(view.explanation[0]).toBe('订单 o1');
  });

  it('says why a commission is not released: order, window, due, releasing, held', () => {
    const { line, docs } = attributed(10_000, 1, { mode: 'default' }, 10_000);
    const doc = docs[0] as CommissionDocument;
    const later = new Date(NOW.getTime() + 3 * DAY_MS);
    expect(explain(doc, line, { orderStatus: 'shipped' }).pending).toEqual({
      reason: 'ORDER_NOT_COMPLETED',
      until: null,
      text: '订单待收货，确认收货并过了售后期后结算',
    });
    expect(explain(doc, line, { orderStatus: 'completed' }).pending?.text).toBe('订单已完成，正在安排结算日期');
    expect(explain({ ...doc, releaseAt: later }, line).pending).toEqual({
      reason: 'RETURN_WINDOW',
      until: later.toISOString(),
      text: '售后期内，预计 2026-04-03 23:30 结算',
    });
    expect(explain({ ...doc, releaseAt: NOW }, line).pending?.reason).toBe('RELEASE_DUE');
    // On risk hold the date does not decide: the merchant does.
    expect(explain({ ...doc, releaseAt: NOW, riskHold: 'risk:o1' }, line).pending).toEqual({
      reason: 'RISK_REVIEW',
      until: null,
      text: '订单待商家审核，审核通过后结算',
    });
    expect(explain({ ...doc, status: 'releasing', releaseAt: NOW }, line).pending?.reason).toBe('RELEASING');
    const held = explain({ ...doc, releaseAt: later }, line, { held: true });
    expect(held).toMatchObject({
      status: 'held',
      statusLabel: '售后冻结',
      pending: { reason: 'AFTER_SALE_OPEN', until: later.toISOString() },
    });
    // A hold matters only while frozen: a released commission on a line with an open after-sale is released.
    expect(explain({ ...doc, status: 'released', releasedAt: NOW }, line, { held: true })).toMatchObject({
      status: 'released',
      pending: null,
    });
  });

  it('over any line, rates, cap and quantity: the figures recompute exactly', () => {
    const commission = fc.oneof(
      fc.record({
        mode: fc.constant('percent' as const),
        ratesBp: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }),
      }),
      fc.record({
        mode: fc.constant('fixed' as const),
        fixedFenPerUnit: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 3, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 99 }),
        commission,
        fc.integer({ min: 0, max: 10_000 }),
        (baseFen, quantity, mode, capBp) => {
          const { line, capApplied, docs } = attributed(baseFen, quantity, mode, capBp);
          for (const doc of docs) {
            const view = explain(doc, line);
            const c = view.computation;
            const exact = scaled(c.exactFen);
            if (doc.basis.kind === 'rate') {
              // Base × rate ÷ 10000 has at most 4 decimals: shown exactly, and its floor is the one rounding rule.
              expect(exact).toEqual({ value: BigInt(baseFen) * BigInt(doc.basis.rateBp), cut: false });
              expect(c.uncappedFen).toBe(applyRateFloor(baseFen, doc.basis.rateBp));
            } else {
              expect(exact).toEqual({ value: BigInt(doc.basis.fixedFenPerUnit * quantity) * 10_000n, cut: false });
              expect(c.uncappedFen).toBe(doc.basis.fixedFenPerUnit * quantity);
            }
            // exact = floored + rounded off, and what rounding leaves is less than a fen.
            const off = scaled(c.roundedOffFen).value;
            expect(exact.value).toBe(BigInt(c.uncappedFen) * 10_000n + off);
            expect(off < 10_000n && off >= 0n).toBe(true);
            expect(c.capApplied).toBe(capApplied);
            if (c.capApplied) {
              const total = BigInt(c.lineUncappedFen ?? -1);
              expect(c.capFen).toBe(line.attribution.capFen);
              expect(BigInt(view.amountFen)).toBe((BigInt(c.uncappedFen) * BigInt(c.capFen ?? 0)) / total);
              expect(scaled(c.cappedExactFen ?? '').value).toBe(
                (BigInt(c.uncappedFen) * BigInt(c.capFen ?? 0) * 10_000n) / total,
              );
            } else {
              expect(view.amountFen).toBe(c.uncappedFen);
              expect(c.cappedExactFen).toBeNull();
            }
          }
        },
      ),
    );
  });

  it('over any refunds and statuses: net = amount − reversed − clawed back, and the standing is consistent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('frozen' as const, 'releasing' as const, 'released' as const, 'reversed' as const),
        fc.boolean(),
        fc.option(fc.integer({ min: -10 * DAY_MS, max: 10 * DAY_MS })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (amountFen, status, held, releaseOffset, reversedShare, clawedShare) => {
          const { line, docs } = attributed(10_000, 1, { mode: 'default' }, 10_000);
          const reversedFen = status === 'reversed' ? amountFen : Math.floor(amountFen * reversedShare);
          const clawedBackFen = status === 'released' ? Math.floor((amountFen - reversedFen) * clawedShare) : 0;
          const releaseAt = releaseOffset === null ? null : new Date(NOW.getTime() + releaseOffset);
          const doc = { ...(docs[0] as CommissionDocument), amountFen, status, reversedFen, clawedBackFen, releaseAt };
          const view = explain(doc, line, { held });
          expect(view.netFen).toBe(netEarnedFen(doc));
          expect(view.status).toBe(status === 'frozen' && held ? 'held' : status);
          expect(view.pending === null).toBe(status === 'released' || status === 'reversed');
          if (view.status === 'frozen') {
            const reason =
              releaseAt === null ? 'ORDER_NOT_COMPLETED' : releaseAt > NOW ? 'RETURN_WINDOW' : 'RELEASE_DUE';
            expect(view.pending?.reason).toBe(reason);
          }
          expect(view.explanation.length).toBeGreaterThanOrEqual(3);
        },
      ),
    );
  });
});

describe('display helpers', () => {
  it('fractionText divides exactly, and marks a cut', () => {
    expect(fractionText(10_005, 1, 10)).toBe('1000.5');
    expect(fractionText(2, 1, 3)).toBe('0.6666…');
    expect(fractionText(0, 1, 7)).toBe('0');
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (numerator, denominator) => {
          const { value, cut } = scaled(fractionText(Number(numerator), 1, Number(denominator)));
          expect(value).toBe((numerator * 10_000n) / denominator);
          expect(cut).toBe((numerator * 10_000n) % denominator !== 0n);
        },
      ),
    );
  });

  it('formats sub-fen amounts with the one formatter and rates as percentages', () => {
    expect(formatExactFen('123456.25')).toBe('¥1,234.5625');
    expect(formatExactFen('7')).toBe('¥0.07');
    expect([rateText(1000), rateText(1250), rateText(5), rateText(0), rateText(10_000)]).toEqual([
      '10%',
      '12.5%',
      '0.05%',
      '0%',
      '100%',
    ]);
  });

  it('masks nicknames: first and last characters only', () => {
    expect([
      maskNickname('王小明'),
      maskNickname('李雷'),
      maskNickname('Z'),
      maskNickname('  '),
      maskNickname('🐱猫咪控'),
    ]).toEqual(['王**明', '李*', 'Z*', '微信用户', '🐱**控']);
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 30 }), (nickname) => {
        const chars = Array.from(nickname.trim());
        fc.pre(chars.length >= 3);
        const masked = maskNickname(nickname);
        expect(Array.from(masked)).toEqual([chars[0], '*', '*', chars[chars.length - 1]]);
      }),
    );
  });
});

describe('earnings on the China calendar', () => {
  it('the window covers the 30 chart days and the month, on China midnights', () => {
    // 2026-03-31 23:30 China: the month began 30 days ago, one day before the chart.
    const end = earningsWindow(NOW);
    expect(end).toMatchObject({
      startsAt: new Date('2026-02-28T16:00:00Z'),
      days: 31,
      todayIndex: 30,
      chartStartIndex: 1,
      monthStartIndex: 0,
    });
    // 2026-04-01 00:01 China (still March 31 in UTC).
    const april = earningsWindow(new Date('2026-03-31T16:01:00Z'));
    expect(april).toMatchObject({
      startsAt: new Date('2026-03-02T16:00:00Z'),
      days: 30,
      todayIndex: 29,
      chartStartIndex: 0,
      monthStartIndex: 29,
    });
  });

  it('over any instants: today, month and chart equal sums by China calendar day', () => {
    const start = Date.parse('2025-12-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: start, max: start + 120 * DAY_MS }),
        fc.array(
          fc.record({ ago: fc.integer({ min: 0, max: 40 * DAY_MS }), netFen: fc.integer({ min: 0, max: 100_000 }) }),
          { maxLength: 40 },
        ),
        (nowMs, earned) => {
          const now = new Date(nowMs);
          const window = earningsWindow(now);
          const entries = earned.map(({ ago, netFen }) => ({ at: new Date(nowMs - ago), netFen }));
          // What the database's $group answers: a day index per commission created in the window.
          const rows = entries
            .filter((entry) => entry.at >= window.startsAt)
            .map((entry) => ({
              dayIndex: Math.floor((entry.at.getTime() - window.startsAt.getTime()) / DAY_MS),
              netFen: entry.netFen,
            }));
          const figures = earningsFromDays(window, rows);
          const today = chinaDay(now);
          const sum = (keep: (day: string) => boolean): number =>
            entries.filter((entry) => keep(chinaDay(entry.at))).reduce((total, entry) => total + entry.netFen, 0);
          expect(figures.todayFen).toBe(sum((day) => day === today));
          expect(figures.monthFen).toBe(sum((day) => day.slice(0, 7) === today.slice(0, 7)));
          expect(figures.chart).toHaveLength(CHART_DAYS);
          expect(figures.chart[CHART_DAYS - 1]?.day).toBe(today);
          figures.chart.forEach((point, index) => {
            if (index > 0) expect(Date.parse(point.day) - Date.parse(figures.chart[index - 1]?.day ?? '')).toBe(DAY_MS);
            expect(point.earnedFen).toBe(sum((day) => day === point.day));
          });
        },
      ),
    );
  });
});
