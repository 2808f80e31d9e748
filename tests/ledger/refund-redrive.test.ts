/**
 * Refunds whose notification never got through (docs/rules.md section 6, "Refunds nobody
 * finished"): WeChat Pay refunded the shopper, but every delivery of the refund notification
 * failed until the platform gave up. Before the refund sweep existed nothing else finished such a
 * refund: a released commission was never clawed back. Now sweepRefunds (every 30 minutes) and
 * the merchant's redriveAfterSaleRefund run the callback's steps.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { AccountDocument, CommissionDocument } from '@shared/ledger';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { BUYER, requestTeaRefund, seedTeaShop, teaOrderPastWindow } from '../helpers/teaShop';

const ADMIN = 'oADMIN';
const DAY = 86_400_000;

describe('refunds the platform stopped notifying', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const byId = <T>(collection: string, id: string): T =>
    f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as T;
  const account = (id: string) => byId<AccountDocument>('accounts', id);
  const commission = (orderId: string, level: number) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:0:${level}`);
  const afterSale = (id: string) => byId<AfterSaleDocument>('afterSales', id);
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  /** A paid, settled, completed order whose commissions were released (oRef 2560, oTop 1280). */
  async function releasedOrder(key: string): Promise<string> {
    const orderId = await teaOrderPastWindow(f.emu, ADMIN, key);
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({
      ok: true,
      data: { releasedCommissions: 2 },
    });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    return orderId;
  }

  /**
   * Requests a refund of 12 800 fen on line 0 and approves it while every notification fails;
   * then lets the platform's whole re-delivery schedule pass. Answers the after-sale id.
   */
  async function refundNobodyFinished(orderId: string, key: string): Promise<string> {
    const made = await requestTeaRefund(f.emu, orderId, key, 12_800);
    const id = made.ok ? (made.data.afterSale.id as string) : '';
    expect(id).not.toBe('');
    f.emu.injectFault({ function: 'onRefundCallback', kind: 'fail', times: 0 });
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { status: 'approved' },
    });
    // The platform re-delivers for about a day; two days later it has given up.
    await f.emu.advanceClock(2 * DAY);
    const payment = (await (await fetch(`${f.emu.url}/_emulator/payments/${orderId}`)).json()) as any;
    expect(payment.refunds.find((r: any) => r.outRefundNo === `a${id}`)).toMatchObject({ status: 'SUCCESS' });
    expect(afterSale(id).status).toBe('refunding');
    f.emu.emulator.faults.clear();
    return id;
  }

  it('sweepRefunds claws back the released commission of a refund whose notifications all failed', async () => {
    const orderId = await releasedOrder('redrive-01');
    const id = await refundNobodyFinished(orderId, 'refund-0001');
    // Nothing was taken back: the money is still withdrawable.
    expect(commission(orderId, 1).clawedBackFen).toBe(0);
    expect(account('oRef').availableFen).toBe(2_560);

    const run = await f.emu.runTimer('sweepRefunds', {});
    expect(run.result).toEqual({ ok: true, data: { done: true, failed: 0, scanned: 1, refunded: 1, waiting: 0 } });
    expect(afterSale(id).status).toBe('refunded');
    // floor(2560 × 12800 / 25600) = 1280 and floor(1280 × 12800 / 25600) = 640.
    expect([commission(orderId, 1).clawedBackFen, commission(orderId, 2).clawedBackFen]).toEqual([1_280, 640]);
    expect([account('oRef').availableFen, account('oTop').availableFen]).toEqual([1_280, 640]);

    // Nothing is left for the next run, and running again changes nothing.
    const again = await f.emu.runTimer('sweepRefunds', {});
    expect(again.result).toEqual({ ok: true, data: { done: true, failed: 0, scanned: 0, refunded: 0, waiting: 0 } });
    expect(account('oRef').availableFen).toBe(1_280);
  });

  it('the merchant re-drives one refund from the dashboard, once', async () => {
    const orderId = await releasedOrder('redrive-02');
    const id = await refundNobodyFinished(orderId, 'refund-0002');
    const first = await admin('redriveAfterSaleRefund', { afterSaleId: id });
    expect(first).toMatchObject({ ok: true, data: { outcome: 'refunded', afterSale: { status: 'refunded' } } });
    expect(account('oRef').availableFen).toBe(1_280);
    const second = await admin('redriveAfterSaleRefund', { afterSaleId: id });
    expect(second).toMatchObject({ ok: true, data: { outcome: 'refunded' } });
    expect(account('oRef').availableFen).toBe(1_280);
    // A late notification is a replay too.
    const late = await f.emu.call('onRefundCallback', { outRefundNo: `a${id}` }, { source: 'wx_paycallback' });
    expect(late.result).toMatchObject({ errcode: 0 });
    expect(account('oRef').availableFen).toBe(1_280);
  });

  it('leaves a refund WeChat Pay never made for the merchant, and refuses callers other than its timer', async () => {
    const orderId = await releasedOrder('redrive-03');
    const made = await requestTeaRefund(f.emu, orderId, 'refund-0003', 100);
    const id = made.data.afterSale.id as string;
    // The submission fails: the request stays approved with its error, and WeChat Pay holds no refund.
    f.emu.injectFault({ action: 'wx.wxPayApi', function: 'admin', kind: 'fail', times: 0 });
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({ ok: false });
    f.emu.emulator.faults.clear();
    await f.emu.advanceClock(DAY);
    const run = await f.emu.runTimer('sweepRefunds', {});
    expect(run.result).toEqual({ ok: true, data: { done: true, failed: 0, scanned: 1, refunded: 0, waiting: 1 } });
    expect(afterSale(id).status).toBe('approved');
    expect(await admin('redriveAfterSaleRefund', { afterSaleId: id })).toMatchObject({
      ok: true,
      data: { outcome: 'notConfirmed' },
    });
    expect((await f.emu.call('sweepRefunds', {}, { openid: BUYER })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
