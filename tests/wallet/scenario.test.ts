/**
 * The wallet's scenario computed by hand (docs/wallet.md, "A worked example"): two top-ups with
 * their bonuses, an order paid from the balance with points taking part of it through a two-level
 * chain, a partial refund back to the balance, the release after the return window (commissions
 * and points), a withdrawal of commission to the balance, and the refund of a top-up taking its
 * bonus back. Every figure below is worked out in the comments first; the test checks the real
 * functions on the emulator reach exactly those figures, fen by fen and point by point.
 */
import type { AccountDocument, CommissionDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { PointsAccountDocument } from '@shared/points';
import type { Result } from '@shared/result';
import { DEFAULT_RULES, type PointsRules } from '@shared/rules';
import { balanceEntries, balanceOf, balanceProblems } from '../helpers/balance';
import { useEmulator } from '../helpers/emulator';
import { settlementDone } from '../helpers/settlement';
import { BUYER, requestTeaRefund, seedTeaShop, TEA_SKU, until } from '../helpers/teaShop';
import { TOP_UP_RULES, walletApi } from '../helpers/wallet';

const ADMIN = 'oADMIN';
const DAY = 86_400_000;
/** 1 point per yuan paid; 100 points = ¥1; points take at most 10% of the goods; a year to spend them. */
const POINTS: PointsRules = {
  enabled: true,
  earnPerYuan: 1,
  pointsPerYuan: 100,
  maxDeductBp: 1_000,
  validityMonths: 12,
};

describe('the wallet scenario computed by hand', () => {
  const f = useEmulator({
    runScheduler: false,
    timers: [],
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
  });
  const api = walletApi(f);
  const byId = <T>(collection: string, id: string): T =>
    f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as unknown as T;
  const points = () => byId<PointsAccountDocument>('pointsAccounts', BUYER);
  const commission = (orderId: string, level: number) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:0:${level}`);
  const account = (userId: string) => byId<AccountDocument>('accounts', userId);
  const call = async (name: string, data: object, openid: string): Promise<Result<any>> => {
    const response = await f.emu.call(name, data, { openid });
    expect(response.error).toBeUndefined();
    return response.result as Result<any>;
  };

  async function paidTopUp(key: string, amountFen: number): Promise<string> {
    const opened = await api.wallet('topUp', { idempotencyKey: key, amountFen }, BUYER);
    expect(opened).toMatchObject({ ok: true });
    const topUpId = (opened as { data: { topUpId: string } }).data.topUpId;
    await api.pay(topUpId);
    await until(() => api.topUpDoc(topUpId)?.status === 'paid', 'the top-up');
    return topUpId;
  }

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu, {
      returnWindowDays: 7,
      points: POINTS,
      balance: TOP_UP_RULES,
      withdraw: {
        ...DEFAULT_RULES.withdraw,
        channels: ['wechatTransfer', 'balance'],
        balanceFeeBp: 100,
      },
    });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  afterEach(() => {
    expect(balanceProblems(f.emu)).toEqual([]);
  });

  it('reaches every hand-computed figure', async () => {
    // 1. The merchant gives the buyer 1 500 points; the buyer tops up ¥500 (送 ¥80) and ¥100 (送 ¥10).
    const gift = {
      userId: BUYER,
      points: 1_500,
      reason: '新客礼',
      requestId: 'gift-00001',
    };
    expect(await call('admin', { $url: 'adjustPoints', ...gift }, ADMIN)).toMatchObject({ ok: true });
    const big = await paidTopUp('topup-big-01', 50_000);
    const small = await paidTopUp('topup-small-1', 10_000);
    // 50 000 + 8 000 + 10 000 + 1 000 = 69 000 fen.
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(69_000);

    // 2. Two teas, 25 600 fen of goods. Points may take 10% = 2 560 fen; the buyer holds 1 500
    //    points = ¥15, so they take 1 500 fen. Payable 24 100 fen, paid from the balance.
    const placed = await call(
      'placeOrder',
      {
        items: [{ skuId: TEA_SKU, quantity: 2 }],
        addressId: `addr-${BUYER}`,
        idempotencyKey: 'scenario-order-1',
        usePoints: true,
        payMethod: 'balance',
      },
      BUYER,
    );
    expect(placed).toMatchObject({
      ok: true,
      data: { payableFen: 24_100, paid: true, payMethod: 'balance' },
    });
    const orderId = (placed as { data: { orderId: string } }).data.orderId;
    // 69 000 − 24 100 = 44 900.
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(44_900);
    expect(points()).toMatchObject({ available: 0, spent: 1_500 });

    // 3. Settlement: the line's base is what was paid, 24 100. oRef (level 1, 10%) earns 2 410,
    //    oTop (level 2, 5%) 1 205; the buyer earns floor(241 yuan) × 1 = 241 points, frozen.
    await f.emu.advanceClock(2 * 60_000);
    await f.emu.runTimer('sweepSettlements', {});
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    expect(commission(orderId, 1)).toMatchObject({
      beneficiaryId: 'oRef',
      baseFen: 24_100,
      amountFen: 2_410,
    });
    expect(commission(orderId, 2)).toMatchObject({
      beneficiaryId: 'oTop',
      baseFen: 24_100,
      amountFen: 1_205,
    });
    expect(points()).toMatchObject({ frozen: 241, available: 0 });

    // 4. Shipped and received; then a price-only refund of 7 001 fen goes back to the balance.
    expect(
      await call('admin', { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' }, ADMIN),
    ).toMatchObject({ ok: true });
    // Paid from the balance: there is no WeChat Pay transaction to report the shipping of.
    expect(byId<OrderDocument>('orders', orderId).shipping).toMatchObject({ trackingNo: 'SF1234567890' });
    expect(byId<OrderDocument>('orders', orderId).shipping?.upload).toBeUndefined();
    expect(await call('order', { $url: 'confirmReceipt', orderId }, BUYER)).toMatchObject({ ok: true });
    const asked = await requestTeaRefund(f.emu, orderId, 'scenario-refund', 7_001);
    expect(asked).toMatchObject({ ok: true });
    const afterSaleId = asked.data.afterSale.id as string;
    expect(await call('admin', { $url: 'approveAfterSale', afterSaleId }, ADMIN)).toMatchObject({ ok: true });
    await until(() => byId<{ status: string }>('afterSales', afterSaleId).status === 'refunded', 'the refund');
    // Balance: 44 900 + 7 001 = 51 901.
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(51_901);
    // Commissions, cumulatively: oRef floor(2 410 × 7 001 / 24 100) = 700 reversed, 1 710 left;
    // oTop floor(1 205 × 7 001 / 24 100) = floor(350.05) = 350 reversed, 855 left.
    expect(commission(orderId, 1)).toMatchObject({ reversedFen: 700 });
    expect(commission(orderId, 2)).toMatchObject({ reversedFen: 350 });
    // Points earned: floor((24 100 − 7 001) / 100) = 170 kept, 71 taken back from frozen.
    // Points spent: floor(1 500 × 7 001 / 24 100) = floor(435.7…) = 435 given back.
    expect(points()).toMatchObject({
      frozen: 170,
      available: 435,
      spent: 1_500 - 435,
    });

    // 5. Eight days later the return window has ended: commissions and points are released.
    await f.emu.advanceClock(8 * DAY);
    expect((await f.emu.runTimer('releaseCommissions', {})).error).toBeUndefined();
    expect((await f.emu.runTimer('expirePoints', {})).error).toBeUndefined();
    expect(account('oRef')).toMatchObject({
      frozenFen: 0,
      availableFen: 1_710,
    });
    expect(account('oTop')).toMatchObject({ frozenFen: 0, availableFen: 855 });
    expect(points()).toMatchObject({ frozen: 0, available: 435 + 170 });
    expect(byId<OrderDocument>('orders', orderId).points).toMatchObject({
      earnState: 'released',
    });

    // 6. oRef withdraws ¥10 of commission to the balance: fee floor(1 000 × 1%) = 10, 990 arrive.
    const withdrawn = await call(
      'withdraw',
      {
        $url: 'request',
        requestId: 'to-balance-001',
        amountFen: 1_000,
        channel: 'balance',
      },
      'oRef',
    );
    expect(withdrawn).toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'withdrawn', feeFen: 10 } },
    });
    expect(account('oRef')).toMatchObject({
      availableFen: 710,
      withdrawnFen: 1_000,
    });
    expect(balanceOf(f.emu, 'oRef')?.balanceFen).toBe(990);

    // 7. The merchant refunds the ¥100 top-up: 10 000 and its 1 000 bonus leave the balance,
    //    and WeChat Pay refunds the 10 000 that was paid. 51 901 − 11 000 = 40 901.
    expect(await call('admin', { $url: 'refundTopUp', topUpId: small }, ADMIN)).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    await until(() => api.topUpDoc(small)?.status === 'refunded', 'the top-up refund');
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(40_901);
    expect((await api.payment(small)).refunds).toEqual([
      expect.objectContaining({
        outRefundNo: `${small}-refund`,
        refundFee: 10_000,
      }),
    ]);
    expect(api.topUpDoc(big)?.status).toBe('paid');

    // Every fen of the buyer's balance, in order, with the balance after each entry.
    expect(balanceEntries(f.emu, BUYER).map((entry) => [entry.kind, entry.amountFen, entry.balanceAfterFen])).toEqual([
      ['topUp', 50_000, 50_000],
      ['topUpBonus', 8_000, 58_000],
      ['topUp', 10_000, 68_000],
      ['topUpBonus', 1_000, 69_000],
      ['orderPay', -24_100, 44_900],
      ['orderRefund', 7_001, 51_901],
      ['topUpRefund', -10_000, 41_901],
      ['topUpBonusBack', -1_000, 40_901],
    ]);
  });
});
