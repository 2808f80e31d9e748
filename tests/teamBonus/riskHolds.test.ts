/**
 * No fraud reaches a team bonus: an order whose risk case is still open makes computeTeamBonus
 * wait like an open after-sale (the merchant may still void it), and on the last computing day
 * (the 7th, China time) the month is computed without it; an order whose case the merchant voided
 * is never counted and makes nothing wait; an approved one counts. The case's status is the one
 * the settlement and the decision write on the order (`settlement.risk`, tests/risk/rewardHolds).
 *
 * A is a distributor; tier 1 from ¥1,000.00 pays ¥30.00, tier 2 from ¥3,000.00 pays 5%, cap ¥200.
 *   o1  150,000 fen  no case         counted
 *   o2  100,000 fen  case approved   counted
 *   o3  200,000 fen  case voided     never counted
 *   o4  200,000 fen  case open       waited for, then left out on the 7th
 * Counted: 250,000 → tier 1, ¥30.00 (with o3 or o4 it would have been 5% of 450,000 → ¥200 cap).
 */
import type { RewardDocument } from '@shared/rewards';
import type { RiskCaseStatus } from '@shared/risk';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';
import { china, computeMonth, DAY_MS, seedTeamOrder, twoTiers } from './month';

describe('team bonus and risk cases', () => {
  let now = china('2026-12-02T02:30:00').getTime();
  const f = useEmulator({ clock: { now: () => now }, runScheduler: false, timers: [] });
  const rewards = () => f.emu.emulator.store.scan('rewards') as unknown as RewardDocument[];
  const compute = () => computeMonth(f.emu);

  /** A settled order of A's team whose window ended on November `day`, with its risk case's status. */
  function order(id: string, day: number, paidFen: number, risk?: RiskCaseStatus): void {
    const windowEnd = china(`2026-11-${String(day).padStart(2, '0')}T10:00:00`);
    const settledAt = new Date(windowEnd.getTime() - 14 * DAY_MS);
    seedTeamOrder(f.emu, id, windowEnd, paidFen, {
      settlement: { state: 'settled', settledAt, ...(risk ? { risk } : {}) },
    });
  }

  beforeAll(() => {
    seedRules(f.emu, { teamBonus: twoTiers(0) });
    seedUsers(f.emu, [{ id: 'oA', status: 'approved' }]);
    order('o1', 5, 150_000);
    order('o2', 10, 100_000, 'approved');
    order('o3', 15, 200_000, 'voided');
    order('o4', 20, 200_000, 'open');
  });

  it('waits while a case is open, before the last computing day', async () => {
    expect(await compute()).toMatchObject({ period: '202611', skipped: 'waiting', granted: 0 });
    now = china('2026-12-06T02:30:00').getTime();
    expect(await compute()).toMatchObject({ skipped: 'waiting', granted: 0 });
    expect(rewards()).toEqual([]);
  });

  it('computes the month without the open and the voided order on the 7th', async () => {
    now = china('2026-12-07T02:30:00').getTime();
    expect(await compute()).toMatchObject({ skipped: null, heldOrders: 1, granted: 1, done: true });
    const [bonus] = rewards();
    expect(bonus).toMatchObject({ _id: 'tb:oA:202611', amountFen: 3_000 });
    const counted = bonus?.explanation.filter((line) => line.kind === 'order').map((line) => line.orderId);
    expect(counted).toEqual(['o1', 'o2']);
    expect(bonus?.explanation.find((line) => line.kind === 'total')?.amountFen).toBe(250_000);
  });
});
