/** The monthly ranking by sales: paid orders attributed at level 1, net of refunds, per UTC+8 month. */
import { RankingOutput } from '@shared/contracts/distributor';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

describe('distributor ranking by sales', () => {
  const f = useEmulator({ timers: [] });
  const ranking = (openid: string) =>
    f.emu.call('distributor', { $url: 'ranking', by: 'sales', month: '2026-03' }, { openid });
  const paidAt = (iso: string) => ({ params: null, transactionId: 't', paidFen: 0, paidAt: new Date(iso) });

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, { recruitment: 'apply' });
    seedUsers(f.emu, [
      { id: 'oA', status: 'approved', nickname: '甲' },
      { id: 'oB', status: 'approved', nickname: '乙' },
      { id: 'oC', status: 'disabled', nickname: '丙' },
      { id: 'oMe', status: 'approved', nickname: '我' },
    ]);
    // oA: two March orders (10000 + 5000, 2000 of the second refunded); one February order; one unpaid.
    seedOrder(
      f.emu,
      {
        _id: 'o1',
        buyerId: 'oX',
        chain: ['oA', 'oB'],
        status: 'completed',
        payment: paidAt('2026-03-01T00:00:00+08:00'),
      },
      [{ skuId: 's1', unitPriceFen: 10_000 }],
    );
    seedOrder(
      f.emu,
      { _id: 'o2', buyerId: 'oY', chain: ['oA'], status: 'shipped', payment: paidAt('2026-03-31T23:59:59+08:00') },
      [{ skuId: 's1', unitPriceFen: 5_000, refundedFen: 2_000 }],
    );
    seedOrder(
      f.emu,
      { _id: 'o3', buyerId: 'oY', chain: ['oA'], status: 'paid', payment: paidAt('2026-02-28T23:59:59+08:00') },
      [{ skuId: 's1', unitPriceFen: 99_000 }],
    );
    seedOrder(f.emu, { _id: 'o4', buyerId: 'oY', chain: ['oA'], status: 'pending_payment' }, [
      { skuId: 's1', unitPriceFen: 99_000 },
    ]);
    // oB: one March order of 13000 (level 1), plus level 2 of o1 which does not count.
    seedOrder(
      f.emu,
      { _id: 'o5', buyerId: 'oZ', chain: ['oB'], status: 'paid', payment: paidAt('2026-03-15T12:00:00+08:00') },
      [{ skuId: 's1', unitPriceFen: 13_000 }],
    );
    // oC is disabled: left out however much they sold.
    seedOrder(
      f.emu,
      { _id: 'o6', buyerId: 'oZ', chain: ['oC'], status: 'paid', payment: paidAt('2026-03-15T12:00:00+08:00') },
      [{ skuId: 's1', unitPriceFen: 50_000 }],
    );
    // oMe: one small March order.
    seedOrder(
      f.emu,
      { _id: 'o7', buyerId: 'oZ', chain: ['oMe'], status: 'paid', payment: paidAt('2026-03-20T12:00:00+08:00') },
      [{ skuId: 's1', unitPriceFen: 100 }],
    );
  });

  it('ranks by net paid sales at level 1 in the month, with the caller’s own standing', async () => {
    const { result } = await ranking('oMe');
    expect(result).toEqual({
      ok: true,
      data: {
        by: 'sales',
        month: '2026-03',
        // oA: 10000 + (5000 - 2000 refunded) = 13000 over 2 orders; oB: 13000 in 1 order. Equal
        // sales share rank 1 (ties listed by id); the February, unpaid and disabled ones are out.
        entries: [
          { rank: 1, nickname: '甲', avatarUrl: '', count: 2, salesFen: 13_000, isMe: false },
          { rank: 1, nickname: '乙', avatarUrl: '', count: 1, salesFen: 13_000, isMe: false },
          { rank: 3, nickname: '我', avatarUrl: '', count: 1, salesFen: 100, isMe: true },
        ],
        me: { rank: 3, count: 1, salesFen: 100 },
      },
    });
    expect(RankingOutput.safeParse((result as { data: unknown }).data).success).toBe(true);
  });

  it('answers a distributor with no sales this month without a rank', async () => {
    seedUsers(f.emu, [{ id: 'oNone', status: 'approved' }]);
    expect((await ranking('oNone')).result).toMatchObject({
      ok: true,
      data: { me: { rank: null, count: 0, salesFen: 0 } },
    });
  });
});
