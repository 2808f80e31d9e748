/**
 * The team bonus computed by hand (docs/team.md section 1): a 3-level team over November 2026
 * (China time), refunds before the return window ended and an order whose window was still open
 * at the month's end, two tiers and a cap; the computeTeamBonus timer grants exactly these
 * bonuses, once, however often and however concurrently it runs, and explains each with its
 * orders; the release timer makes them available after the frozen days.
 *
 * Rules: tier 1 from ¥1,000.00 of team sales pays a fixed ¥30.00; tier 2 from ¥3,000.00 pays 5%
 * of the team sales; the monthly cap is ¥200.00; a bonus stays frozen 3 days.
 *
 * The team: A ← B ← C (C's referrer is B, B's is A), all distributors; E a distributor of their
 * own; N a shopper who is no distributor. An order counts for every member of its chain.
 *
 *   order  chain      window ended (China)   paid goods        refunded          net counted
 *   o1     C, B, A    2026-11-05              150,000           0                 150,000
 *   o2     C, B, A    2026-11-12              80,000            30,000 (before)   50,000
 *   o3     B, A       2026-11-15              120,000           120,000 (all)     0
 *   o4     B, A       2026-11-20              120,000 + 80,000  0 + 20,000        180,000
 *   o5     A          2026-11-30 23:59        90,000            0                 90,000
 *   o6     C, B, A    2026-12-01 00:00        500,000           (window open in November: not counted)
 *   o7     C, B, A    2026-10-31              400,000           (October: not counted)
 *   o8     C, B, A    not completed           300,000           (no window yet: not counted)
 *   o9     N          2026-11-10              500,000           0                 (N is no distributor)
 *   o10    E          2026-11-10              50,000            0                 50,000
 *
 * Team sales of November, fen, and the bonus:
 *   C = o1 + o2           = 150,000 + 50,000            = 200,000 → tier 1 (≥ 100,000, < 300,000): fixed 3,000
 *   B = o1 + o2 + o3 + o4 = 150,000 + 50,000 + 0 + 180,000 = 380,000 → tier 2: 5% = 19,000 (< cap 20,000)
 *   A = B's orders + o5   = 380,000 + 90,000            = 470,000 → tier 2: 5% = 23,500 → cap: 20,000
 *   E = o10               = 50,000 → below tier 1: nothing;  N: not a distributor: nothing
 */
import type { CenterOutput } from '@shared/contracts/distributor';
import type { TeamBonusOutput } from '@shared/contracts/teamBonus';
import type { ComputeTeamBonusOutput, ReleaseCommissionsOutput } from '@shared/contracts/timers';
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import type { OrderLine } from '@shared/orders';
import type { Result } from '@shared/result';
import type { RewardDocument } from '@shared/rewards';
import { useEmulator } from '../helpers/emulator';
import { checkAccounts, checkCrossBalances, checkLedgerChains, snapshotOf } from '../helpers/invariants';
import { seedOrder } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { twoTiers } from './month';

const DAY_MS = 86_400_000;
/** 2026-12-02 02:30 in China: the timer's slot on the second day of December. */
const RUN_AT = Date.parse('2026-12-02T02:30:00+08:00');
const china = (text: string): Date => new Date(`${text}+08:00`);

describe('team bonus: the hand-computed month', () => {
  const f = useEmulator({ clock: { now: () => RUN_AT }, runScheduler: false, timers: [] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const rewards = () => scan<RewardDocument>('rewards');
  const account = (id: string) => scan<AccountDocument>('accounts').find((doc) => doc._id === id);

  async function runTimer<T>(name: string): Promise<T> {
    const response = await f.emu.runTimer(name, {});
    expect(response.error).toBeUndefined();
    const result = response.result as Result<T>;
    if (!result.ok) throw new Error(`${name} refused: ${result.error.code}`);
    return result.data;
  }
  const compute = () => runTimer<ComputeTeamBonusOutput>('computeTeamBonus');

  function order(id: string, chain: string[], windowEnd: Date | null, lines: Array<[number, number]>): void {
    seedOrder(
      f.emu,
      {
        _id: id,
        orderNo: `2026110${id.slice(1)}`,
        buyerId: `buyer-${id}`,
        chain,
        status: windowEnd ? 'completed' : 'shipped',
        completedAt: windowEnd ? new Date(windowEnd.getTime() - 7 * DAY_MS) : null,
        returnWindowEndsAt: windowEnd,
      },
      lines.map(([paidFen, refundedFen]) => ({
        skuId: 'sku-1',
        unitPriceFen: paidFen,
        paidFen,
        refundedFen,
      })) as Array<Partial<OrderLine> & { skuId: string }>,
    );
  }

  beforeAll(() => {
    seedRules(f.emu, {
      levels: 3,
      grades: [{ id: 'standard', name: '普通分销员', rank: 0, ratesBp: [1000, 500, 200], upgradeWhen: {} }],
      teamBonus: twoTiers(3),
    });
    seedUsers(f.emu, [
      { id: 'oA', status: 'approved' },
      { id: 'oB', status: 'approved', referrerId: 'oA', ancestors: ['oA'] },
      { id: 'oC', status: 'approved', referrerId: 'oB', ancestors: ['oB', 'oA'] },
      { id: 'oE', status: 'approved' },
      { id: 'oN' },
    ]);
    order('o1', ['oC', 'oB', 'oA'], china('2026-11-05T10:00:00'), [[150_000, 0]]);
    order('o2', ['oC', 'oB', 'oA'], china('2026-11-12T10:00:00'), [[80_000, 30_000]]);
    order('o3', ['oB', 'oA'], china('2026-11-15T10:00:00'), [[120_000, 120_000]]);
    order('o4', ['oB', 'oA'], china('2026-11-20T10:00:00'), [
      [120_000, 0],
      [80_000, 20_000],
    ]);
    order('o5', ['oA'], china('2026-11-30T23:59:00'), [[90_000, 0]]);
    order('o6', ['oC', 'oB', 'oA'], china('2026-12-01T00:00:00'), [[500_000, 0]]);
    order('o7', ['oC', 'oB', 'oA'], china('2026-10-31T12:00:00'), [[400_000, 0]]);
    order('o8', ['oC', 'oB', 'oA'], null, [[300_000, 0]]);
    order('o9', ['oN'], china('2026-11-10T10:00:00'), [[500_000, 0]]);
    order('o10', ['oE'], china('2026-11-10T10:00:00'), [[50_000, 0]]);
  });

  it('two runs at once grant exactly the hand-computed bonuses, once each', async () => {
    const [first, second] = await Promise.all([compute(), compute()]);
    // A run that starts after the other finished finds the month done (skipped 'notYet'): how far the
    // two overlap depends on the machine, what they pay does not.
    for (const report of [first, second]) expect([null, 'notYet']).toContain(report.skipped);
    expect([first, second].some((report) => report.skipped === null && report.done)).toBe(true);
    for (const report of [first, second]) expect(report.period).toBe('202611');
    expect(first.granted + second.granted).toBe(3);
    expect(
      rewards()
        .map((reward) => [reward._id, reward.amountFen, reward.status])
        .sort(),
    ).toEqual([
      ['tb:oA:202611', 20_000, 'frozen'],
      ['tb:oB:202611', 19_000, 'frozen'],
      ['tb:oC:202611', 3_000, 'frozen'],
    ]);
    expect(account('oA')).toMatchObject({ frozenFen: 20_000, availableFen: 0 });
    expect(account('oB')).toMatchObject({ frozenFen: 19_000, availableFen: 0 });
    expect(account('oC')).toMatchObject({ frozenFen: 3_000, availableFen: 0 });
    expect(account('oE')).toBeUndefined();
    expect(account('oN')).toBeUndefined();
    expect(
      scan<LedgerEntry>('ledgerEntries')
        .map((entry) => entry._id)
        .sort(),
    ).toEqual(['reward:tb:oA:202611', 'reward:tb:oB:202611', 'reward:tb:oC:202611']);
  });

  it('a later run of the month computes nothing; runs with the position lost, or by pages, find every bonus paid', async () => {
    expect(await compute()).toMatchObject({ skipped: 'notYet', granted: 0 });
    await f.db.collection('system').doc('computeTeamBonus').remove();
    expect(await compute()).toMatchObject({ skipped: null, distributors: 5, granted: 0, existing: 3, noBonus: 2 });
    // Pages of two with no time budget: each run does one page and the next continues after it.
    await f.db.collection('system').doc('computeTeamBonus').remove();
    const paged = { pageSize: 2, budgetMs: 0 };
    const runs = [];
    for (let run = 0; run < 3; run += 1)
      runs.push((await f.emu.runTimer('computeTeamBonus', paged)).result as Result<ComputeTeamBonusOutput>);
    expect(runs.map((run) => (run.ok ? [run.data.distributors, run.data.done] : run.error.code))).toEqual([
      [2, false],
      [2, false],
      [1, true],
    ]);
    expect(rewards()).toHaveLength(3);
    expect(scan<LedgerEntry>('ledgerEntries')).toHaveLength(3);
  });

  it('each bonus explains itself: the orders with their net goods, the team sales, the tier and the cap', () => {
    const explanation = (id: string) => rewards().find((reward) => reward._id === id)?.explanation ?? [];
    const a = explanation('tb:oA:202611');
    expect(a.filter((line) => line.kind === 'order').map((line) => [line.orderId, line.amountFen])).toEqual([
      ['o1', 150_000],
      ['o2', 50_000],
      ['o3', 0],
      ['o4', 180_000],
      ['o5', 90_000],
    ]);
    expect(a.filter((line) => line.kind !== 'order').map((line) => [line.kind, line.text])).toEqual([
      ['total', '2026年11月团队业绩 ¥4,700.00（5 笔订单，退货期结束后计入）'],
      ['tier', '达到档位：团队业绩满 ¥3,000.00 奖励业绩的 5%，计 ¥235.00'],
      ['cap', '每月封顶 ¥200.00'],
      ['amount', '团队奖励 ¥200.00'],
    ]);
    const c = explanation('tb:oC:202611');
    expect(c.map((line) => line.text)).toEqual([
      '订单 20261101：实付商品减退款 ¥1,500.00',
      '订单 20261102：实付商品减退款 ¥500.00',
      '2026年11月团队业绩 ¥2,000.00（2 笔订单，退货期结束后计入）',
      '达到档位：团队业绩满 ¥1,000.00 奖励 ¥30.00，计 ¥30.00',
      '团队奖励 ¥30.00',
    ]);
    expect(explanation('tb:oB:202611').find((line) => line.kind === 'cap')).toBeUndefined();
  });

  it('the bonuses stay frozen for the frozen days, then the release timer makes them available', async () => {
    expect((await runTimer<ReleaseCommissionsOutput>('releaseCommissions')).releasedRewards).toBe(0);
    // The grant's time is the run's (a moment after RUN_AT); a minute covers it.
    await f.emu.advanceClock(3 * DAY_MS + 60_000);
    expect((await runTimer<ReleaseCommissionsOutput>('releaseCommissions')).releasedRewards).toBe(3);
    expect(account('oA')).toMatchObject({ frozenFen: 0, availableFen: 20_000 });
    expect(account('oC')).toMatchObject({ frozenFen: 0, availableFen: 3_000 });
    const snapshot = snapshotOf(f.emu.emulator.store);
    expect([...checkAccounts(snapshot), ...checkCrossBalances(snapshot), ...checkLedgerChains(snapshot)]).toEqual([]);
  });

  it("distributor › teamBonus: this month's team sales so far, the tier reached and the next, and the bonuses", async () => {
    const call = async (openid: string) => {
      const { result } = await f.emu.call('distributor', { $url: 'teamBonus' }, { openid });
      const answer = result as Result<TeamBonusOutput>;
      if (!answer.ok) throw new Error(answer.error.code);
      return answer.data;
    };
    // December so far: o6, whose window ended on December 1st, counts for C, B and A: ¥5,000.00.
    const c = await call('oC');
    expect(c).toMatchObject({
      enabled: true,
      month: {
        period: '202612',
        label: '2026年12月',
        teamSalesFen: 500_000,
        orderCount: 1,
        reached: { text: '团队业绩满 ¥3,000.00 奖励业绩的 5%', bonusFen: 20_000 },
        next: null,
      },
      tiers: ['团队业绩满 ¥1,000.00 奖励 ¥30.00', '团队业绩满 ¥3,000.00 奖励业绩的 5%'],
      monthlyCapFen: 20_000,
      frozenDays: 3,
      hasMore: false,
    });
    expect(c.bonuses.map((bonus) => [bonus.id, bonus.amountFen, bonus.statusLabel, bonus.periodLabel])).toEqual([
      ['tb:oC:202611', 3_000, '已发放', '2026年11月'],
    ]);
    expect(c.bonuses[0]?.explanation.at(-1)).toEqual({ kind: 'amount', text: '团队奖励 ¥30.00', amountFen: 3_000 });
    const e = await call('oE');
    expect(e.month).toMatchObject({
      teamSalesFen: 0,
      reached: null,
      next: { text: '团队业绩满 ¥1,000.00 奖励 ¥30.00', missingFen: 100_000 },
    });
    // The distributor center's 团队奖励 card carries the same progress, from the same aggregation.
    const center = async (openid: string) =>
      (await f.emu.call('distributor', { $url: 'center' }, { openid })).result as Result<CenterOutput>;
    expect(await center('oC')).toMatchObject({
      ok: true,
      data: { teamBonus: { teamSalesFen: 500_000, reached: { bonusFen: 20_000 }, next: null } },
    });
    expect(await center('oE')).toMatchObject({
      ok: true,
      data: { teamBonus: { teamSalesFen: 0, reached: null, next: { missingFen: 100_000 } } },
    });
    expect(e.bonuses).toEqual([]);
  });

  it('after the first days of the month the timer waits for the next month', async () => {
    await f.emu.advanceClock(10 * DAY_MS);
    expect(await compute()).toMatchObject({ period: '202611', skipped: 'notYet', granted: 0 });
  });
});
