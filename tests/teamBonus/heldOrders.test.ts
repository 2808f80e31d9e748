/**
 * No refund reaches a team bonus: an order of the month with an after-sale request still open
 * makes computeTeamBonus wait (its refund may still change the team sales), and on the last
 * computing day (the 7th, China time) the month is computed without that order.
 *
 * A is a distributor; tier 1 from ¥1,000.00 pays ¥30.00, tier 2 from ¥3,000.00 pays 5%.
 *   o1  window ended 2026-11-05  150,000 fen  counted
 *   o2  window ended 2026-11-20  200,000 fen  an after-sale request still open: left out
 * With o2 A's November would be 350,000 → 5% = 17,500; without it 150,000 → ¥30.00.
 */
import type { RewardDocument } from '@shared/rewards';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';
import { china, computeMonth, seedTeamOrder, twoTiers } from './month';

describe('team bonus and open after-sales', () => {
  let now = china('2026-12-02T02:30:00').getTime();
  const f = useEmulator({ clock: { now: () => now }, runScheduler: false, timers: [] });
  const rewards = () => f.emu.emulator.store.scan('rewards') as unknown as RewardDocument[];
  const compute = () => computeMonth(f.emu);

  beforeAll(() => {
    seedRules(f.emu, { teamBonus: twoTiers(0) });
    seedUsers(f.emu, [{ id: 'oA', status: 'approved' }]);
    seedTeamOrder(f.emu, 'o1', china('2026-11-05T10:00:00'), 150_000);
    seedTeamOrder(f.emu, 'o2', china('2026-11-20T10:00:00'), 200_000);
    f.emu.insert('afterSales', [
      {
        _id: 'as-o2',
        orderId: 'o2',
        buyerId: 'buyer-o2',
        status: 'requested',
        createdAt: china('2026-11-19T09:00:00'),
      },
    ]);
  });

  it('waits while the request is open, before the last computing day', async () => {
    expect(await compute()).toMatchObject({ period: '202611', skipped: 'waiting', granted: 0 });
    now = china('2026-12-06T02:30:00').getTime();
    expect(await compute()).toMatchObject({ skipped: 'waiting', granted: 0 });
    expect(rewards()).toEqual([]);
  });

  it('computes the month without that order on the 7th, and explains only what it counted', async () => {
    now = china('2026-12-07T02:30:00').getTime();
    expect(await compute()).toMatchObject({ skipped: null, heldOrders: 1, granted: 1, done: true });
    const [bonus] = rewards();
    expect(bonus).toMatchObject({ _id: 'tb:oA:202611', amountFen: 3_000 });
    const counted = bonus?.explanation.filter((line) => line.kind === 'order').map((line) => line.orderId);
    expect(counted).toEqual(['o1']);
    expect(await compute()).toMatchObject({ skipped: 'notYet', granted: 0 });
  });
});
