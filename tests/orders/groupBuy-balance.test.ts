/**
 * A 拼团 member who paid from the balance (docs/wallet.md section 2), in a group that does not
 * fill: closeGroups refunds the whole order back to the balance (no WeChat refund), finishes the
 * refund at once with the same steps (the request refunded, no commission frozen) and does it
 * once however often it runs.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { GroupDocument } from '@shared/groupBuy';
import { frozenFenOf, type CommissionDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import { balanceEntries, balanceOf, balanceProblems, seedBalance } from '../helpers/balance';
import { useEmulator } from '../helpers/emulator';
import { seedActivity } from '../helpers/marketing';
import { BUYER, seedTeaShop, TEA_SKU } from '../helpers/teaShop';

const ACTIVITY = 'group-tea-3';
const GROUP_PRICE_FEN = 9_900;

describe('拼团 paid from the balance that does not fill', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, timers: [], runScheduler: false });
  const scan = <T>(name: string) => f.emu.emulator.store.scan(name) as unknown as T[];

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu);
    seedActivity(f.emu, ACTIVITY, '龙井三人团', {
      kind: 'groupBuy',
      productId: 'p-tea',
      skus: [{ skuId: TEA_SKU, priceFen: GROUP_PRICE_FEN }],
      groupSize: 3,
      timeLimitMinutes: 60,
      leaderBonusFen: 0,
    });
  });

  it('refunds the paid member to the balance once, with the refund finished at once', async () => {
    seedBalance(f.emu, BUYER, 10_000, 'adj-1');
    const placed = await f.emu.call(
      'placeOrder',
      {
        items: [{ skuId: TEA_SKU, quantity: 1, group: { activityId: ACTIVITY, groupId: null } }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'group-balance-1',
        payMethod: 'balance',
      },
      { openid: BUYER },
    );
    expect(placed.result).toMatchObject({ ok: true, data: { paid: true } });
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    expect(scan<GroupDocument>('groups')[0]!.members).toMatchObject([{ orderId, paid: true }]);
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(100);

    await f.emu.advanceClock(2 * 60_000);
    await f.emu.runTimer('sweepSettlements', {});
    await f.emu.advanceClock(61 * 60_000);
    expect((await f.emu.runTimer('closeGroups')).result).toMatchObject({ ok: true });
    expect((await f.emu.runTimer('closeGroups')).result).toMatchObject({ ok: true });

    const [request] = scan<AfterSaleDocument>('afterSales');
    expect(request).toMatchObject({ orderId, status: 'refunded', amountFen: GROUP_PRICE_FEN });
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(10_000);
    expect(balanceEntries(f.emu, BUYER).filter((entry) => entry.kind === 'orderRefund')).toEqual([
      expect.objectContaining({ amountFen: GROUP_PRICE_FEN, ref: { orderId, outRefundNo: `a${request!._id}` } }),
    ]);
    expect(scan<OrderDocument>('orders')[0]).toMatchObject({ balanceRefundedFen: GROUP_PRICE_FEN });
    const frozen = scan<CommissionDocument>('commissions').reduce((sum, c) => sum + frozenFenOf(c), 0);
    expect(frozen).toBe(0);
    expect((await fetch(`${f.emu.url}/_emulator/payments/${orderId}`)).status).toBe(404);
    expect(balanceProblems(f.emu)).toEqual([]);
  });
});
