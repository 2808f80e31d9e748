/**
 * A 拼团 group that does not fill in time (docs/marketing.md section "拼团"), against the emulator:
 * closeGroups fails it, refunds every paid member in full through the refund sandbox exactly once
 * even when two runs go at once and the refund callback is delivered again and again, closes the
 * unpaid member's order, gives the stock back and leaves no commission frozen.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { GroupDocument } from '@shared/groupBuy';
import { frozenFenOf, type AccountDocument, type CommissionDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { SkuDocument } from '@shared/catalog';
import { useEmulator } from '../helpers/emulator';
import { seedActivity } from '../helpers/marketing';
import { seedAddress } from '../helpers/orders';
import { seedUsers } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';
import { BUYER, seedTeaShop, TEA_SKU, until } from '../helpers/teaShop';

type Json = Record<string, any>;
type Answer = { ok: boolean; data?: { orderId: string; payableFen: number }; error?: { code: string } };

const ACTIVITY = 'group-tea-3';
const GROUP_PRICE_FEN = 9_900;
const MINUTE_MS = 60_000;

describe('拼团 that does not fill', () => {
  // No timer runs on its own: the test runs closeGroups itself, twice at once.
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' }, timers: [] });
  const scan = <T>(name: string) => f.emu.emulator.store.scan(name) as unknown as T[];
  const orderOf = (id: string) => scan<OrderDocument>('orders').find((order) => order._id === id) as OrderDocument;
  const teaStock = () => (scan<SkuDocument>('skus').find((sku) => sku._id === TEA_SKU) as SkuDocument).stock;
  const payment = async (id: string): Promise<Json> =>
    (await (await fetch(`${f.emu.url}/_emulator/payments/${id}`)).json()) as Json;
  const place = async (openid: string, key: string, groupId: string | null): Promise<string> => {
    const answer = (
      await f.emu.call(
        'placeOrder',
        {
          items: [{ skuId: TEA_SKU, quantity: 1, group: { activityId: ACTIVITY, groupId } }],
          addressId: `addr-${openid}`,
          idempotencyKey: key,
        },
        { openid },
      )
    ).result as Answer;
    if (!answer.ok) throw new Error(`placing ${key}: ${JSON.stringify(answer)}`);
    return answer.data!.orderId;
  };

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu);
    // oAnn is referred by oRef too, so both paid members earn oRef and oTop a commission.
    seedUsers(f.emu, [
      { id: 'oAnn', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
      { id: 'oBob', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
    ]);
    for (const user of ['oAnn', 'oBob']) seedAddress(f.emu, user);
    seedActivity(f.emu, ACTIVITY, '龙井三人团', {
      kind: 'groupBuy',
      productId: 'p-tea',
      skus: [{ skuId: TEA_SKU, priceFen: GROUP_PRICE_FEN }],
      groupSize: 3,
      timeLimitMinutes: 60,
      leaderBonusFen: 0,
    });
  });

  it('is refunded for every paid member exactly once, even with two closers at once and repeated callbacks; no commission stays frozen; stock restored', async () => {
    const leader = await place(BUYER, 'fail-open-1', null);
    const groupId = scan<GroupDocument>('groups')[0]!._id;
    const ann = await place('oAnn', 'fail-join-a', groupId);
    const bob = await place('oBob', 'fail-join-b', groupId);
    for (const paid of [leader, ann]) {
      await fetch(`${f.emu.url}/_emulator/payments/${paid}/pay`, { method: 'POST' });
      await until(() => settlementDone(f.emu.emulator.store, paid), `settlement of ${paid}`);
    }
    expect(teaStock()).toBe(7);
    const commissions = () =>
      scan<CommissionDocument>('commissions').filter((c) => c.orderId === leader || c.orderId === ann);
    // Two paid orders, two levels each: 990 and 495 fen per order, frozen.
    expect(commissions().map(frozenFenOf).sort()).toEqual([495, 495, 990, 990]);

    // Bob has not paid; the group's hour passes (his order's own payment deadline is later).
    await f.emu.advanceClock(61 * MINUTE_MS);
    const runs = await Promise.all([f.emu.runTimer('closeGroups'), f.emu.runTimer('closeGroups')]);
    for (const run of runs) expect(run.result).toMatchObject({ ok: true, data: { failed: 0 } });
    const reports = runs.map((run) => (run.result as { data: Json }).data);
    expect(reports.reduce((sum, report) => sum + report.expired, 0)).toBe(1);
    expect(scan<GroupDocument>('groups')[0]).toMatchObject({ status: 'failed', settled: true });
    expect(orderOf(bob)).toMatchObject({ status: 'closed', closeReason: 'GROUP_FAILED', reservation: 'released' });

    // The sandbox completes refunds 5 s later and notifies onRefundCallback.
    await f.emu.advanceClock(10_000);
    for (const paid of [leader, ann]) {
      const { refunds } = await payment(paid);
      expect(refunds).toEqual([expect.objectContaining({ refundFee: GROUP_PRICE_FEN, status: 'SUCCESS' })]);
      // The platform delivers the notification again, several times at once.
      const event = refunds[0].callback.event as object;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => f.emu.call('onRefundCallback', event, { source: 'wx_paycallback' })),
      );
      expect(answers.map((answer) => (answer.result as Json).errcode)).toEqual([0, 0, 0, 0, 0]);
      expect(orderOf(paid).refunds).toHaveLength(1);
      expect(orderOf(paid).lines[0]).toMatchObject({ refundedFen: GROUP_PRICE_FEN, refundedQuantity: 1 });
    }
    expect(scan<AfterSaleDocument>('afterSales').map((doc) => doc.status)).toEqual(['refunded', 'refunded']);

    // A third run changes nothing: no second refund.
    expect((await f.emu.runTimer('closeGroups')).result).toMatchObject({ ok: true, data: { refunds: 0, expired: 0 } });
    await f.emu.advanceClock(10_000);
    for (const paid of [leader, ann]) expect((await payment(paid)).refunds).toHaveLength(1);

    expect(teaStock()).toBe(10);
    expect(commissions().map(frozenFenOf)).toEqual([0, 0, 0, 0]);
    for (const account of scan<AccountDocument>('accounts')) expect(account.frozenFen).toBe(0);
  });
});
