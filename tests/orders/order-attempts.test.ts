/** Checkouts that ran out of stock are not orders the shopper saw: lists and counts leave them out. */
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

describe('order list and counts', () => {
  const f = useEmulator({ timers: [] });

  it('leave out orders closed OUT_OF_STOCK at checkout, but keep cancelled and timed-out ones', async () => {
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: 'oBuyer' }]);
    const at = (minutes: number) => new Date(f.emu.emulator.options.clock.now() - minutes * 60_000);
    seedOrder(f.emu, {
      _id: 'oSoldOut',
      buyerId: 'oBuyer',
      status: 'closed',
      reservation: 'released',
      closeReason: 'OUT_OF_STOCK',
      createdAt: at(1),
    });
    seedOrder(f.emu, {
      _id: 'oCancelled',
      buyerId: 'oBuyer',
      status: 'closed',
      reservation: 'released',
      closeReason: 'CANCELLED',
      createdAt: at(2),
    });
    seedOrder(f.emu, {
      _id: 'oTimedOut',
      buyerId: 'oBuyer',
      status: 'closed',
      reservation: 'released',
      closeReason: 'UNPAID_TIMEOUT',
      createdAt: at(3),
    });
    seedOrder(f.emu, { _id: 'oPaid', buyerId: 'oBuyer', status: 'paid', createdAt: at(4) });

    const list = await f.emu.call('order', { $url: 'list' }, { openid: 'oBuyer' });
    const ids = (list.result as { data: { items: Array<{ id: string }> } }).data.items.map((item) => item.id);
    expect(ids).toEqual(['oCancelled', 'oTimedOut', 'oPaid']);
    const closed = await f.emu.call('order', { $url: 'list', status: 'closed' }, { openid: 'oBuyer' });
    expect((closed.result as { data: { items: unknown[] } }).data.items).toHaveLength(2);
    const counts = await f.emu.call('order', { $url: 'counts' }, { openid: 'oBuyer' });
    expect(counts.result).toMatchObject({ ok: true, data: { counts: { closed: 2, paid: 1, pending_payment: 0 } } });
  });
});
