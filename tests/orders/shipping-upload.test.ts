/**
 * Shipping reported to WeChat (发货信息管理): shipOrder uploads the order's shipping with
 * `wxa.sec.order.uploadShippingInfo` and the emulator's open API accepts it; a failed upload
 * leaves the order shipped and the uploadShipping timer retries it after its backoff until it is
 * accepted; an upload whose answer was lost is found on the platform instead of uploaded twice;
 * an order the platform does not know is refused (10060001) and raises an alert the merchant
 * can re-drive.
 */
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

const BUYER = 'oBUYER00000000000000000016';
const ADMIN = 'oADMIN0000000000000000000016';
const START = Date.parse('2026-06-01T02:00:30Z');
const MINUTE_MS = 60_000;

type Json = Record<string, any>;

describe('shipping reported to WeChat', () => {
  let now = START;
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    runScheduler: false,
    clock: { now: () => now },
  });

  beforeEach(() => {
    now = START;
    f.emu.reset();
    // Settlement is not what these tests are about; failing it keeps it out of the way.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', times: 0 });
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: BUYER }]);
    seedAddress(f.emu, BUYER);
    seedProduct(f.emu, { _id: 'p-ship' }, [{ _id: 'sku-ship', priceFen: 12_800, stock: 50 }]);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(START), note: '' }]);
  });

  const control = async (method: 'GET' | 'POST', path: string, body: Json = {}): Promise<Json> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as Json;
  };
  const orderDoc = (id: string): OrderDocument =>
    f.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument;
  const call = async (name: string, data: object, openid: string): Promise<Result<any>> => {
    const { result, error } = await f.emu.call(name, data, { openid });
    expect(error).toBeUndefined();
    return result as Result<any>;
  };
  const uploads = async (): Promise<Json[]> => (await control('GET', '/shipping')).uploads as Json[];

  async function paidOrder(key: string): Promise<{ orderId: string; transactionId: string }> {
    const placed = await call(
      'placeOrder',
      { items: [{ skuId: 'sku-ship', quantity: 2 }], addressId: `addr-${BUYER}`, idempotencyKey: key },
      BUYER,
    );
    if (!placed.ok) throw new Error(placed.error.message);
    const orderId = placed.data.orderId as string;
    const paid = await control('POST', `/payments/${orderId}/pay`);
    return { orderId, transactionId: paid.transactionId as string };
  }

  it('ships an order and the open API accepts its shipping: company code, tracking number, payer', async () => {
    const { orderId, transactionId } = await paidOrder('ship-upload-1');
    const shipped = await call(
      'admin',
      { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' },
      ADMIN,
    );
    expect(shipped).toMatchObject({
      ok: true,
      data: { status: 'shipped', order: { shippingUpload: { state: 'accepted', attempts: 1, lastError: null } } },
    });
    expect(orderDoc(orderId).shipping?.upload).toMatchObject({ state: 'accepted', acceptedAt: expect.any(Date) });
    const [upload, ...others] = await uploads();
    expect(others).toEqual([]);
    expect(upload).toMatchObject({
      transactionId,
      outTradeNo: orderId,
      payer: BUYER,
      logisticsType: 1,
      deliveryMode: 1,
      uploads: 1,
      state: 'shipped',
      function: 'admin',
      shippingList: [
        {
          tracking_no: 'SF1234567890',
          express_company: 'SF',
          item_desc: expect.stringMatching(/\*2$/),
          contact: { receiver_contact: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) },
        },
      ],
    });
    // RFC 3339 in China time, as the platform asks.
    expect(upload!.uploadTime).toMatch(/^2026-06-01T10:0\d:\d{2}\.\d{3}\+08:00$/);
    // A replay of the same shipping answers unchanged and uploads nothing more.
    expect(
      await call('admin', { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' }, ADMIN),
    ).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect((await uploads())[0]).toMatchObject({ uploads: 1 });
    // The shopper sees the company and the tracking number.
    expect(await call('order', { $url: 'detail', orderId }, BUYER)).toMatchObject({
      ok: true,
      data: { shipping: { carrier: '顺丰速运', trackingNo: 'SF1234567890' } },
    });
  });

  it('ships without logistics (virtual goods): logistics_type 3, no tracking number', async () => {
    const { orderId } = await paidOrder('ship-upload-virtual');
    const shipped = await call('admin', { $url: 'shipOrder', orderId, noLogistics: 'virtual' }, ADMIN);
    expect(shipped).toMatchObject({
      ok: true,
      data: {
        status: 'shipped',
        order: { shipping: { carrier: '无需物流（虚拟商品）', trackingNo: '' }, shippingUpload: { state: 'accepted' } },
      },
    });
    const [upload] = await uploads();
    expect(upload).toMatchObject({ logisticsType: 3, shippingList: [{ item_desc: expect.any(String) }] });
    expect(upload!.shippingList[0]).not.toHaveProperty('tracking_no');
    expect(await call('admin', { $url: 'shipOrder', orderId, noLogistics: 'virtual' }, ADMIN)).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect(await call('admin', { $url: 'shipOrder', orderId, noLogistics: 'pickup' }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
  });

  it('a failed upload leaves the order shipped; the timer retries it after its backoff until accepted', async () => {
    const { orderId } = await paidOrder('ship-upload-fault');
    // The open API fails for the admin function's upload and for the timer's first retry (which asks
    // the platform whether the upload got through, then uploads: two calls).
    f.emu.injectFault({ action: 'wx.openApi', function: 'admin', kind: 'fail', times: 1 });
    const timerFault = f.emu.injectFault({ action: 'wx.openApi', function: 'uploadShipping', kind: 'fail', times: 2 });
    const shipped = await call(
      'admin',
      { $url: 'shipOrder', orderId, carrier: '中通快递', trackingNo: '7300000001' },
      ADMIN,
    );
    expect(shipped).toMatchObject({
      ok: true,
      data: { status: 'shipped', order: { status: 'shipped', shippingUpload: { state: 'failed', attempts: 1 } } },
    });
    expect(orderDoc(orderId).shipping?.upload?.lastError).toMatch(/SYS_ERR|fault injected/);
    expect(await uploads()).toEqual([]);

    // Before the backoff (5 minutes) the timer leaves it.
    now = START + 4 * MINUTE_MS;
    expect((await f.emu.runTimer('uploadShipping', {})).result).toMatchObject({
      ok: true,
      data: { done: true, scanned: 0 },
    });
    // After it, the first retry fails too (the fault), and is put off for 10 minutes.
    now = START + 6 * MINUTE_MS;
    expect((await f.emu.runTimer('uploadShipping', {})).result).toMatchObject({
      ok: true,
      data: { scanned: 1, accepted: 0, refused: 1 },
    });
    expect(f.emu.emulator.faults.list().find((rule) => rule.id === timerFault.id)?.fired).toBe(2);
    const upload = orderDoc(orderId).shipping?.upload;
    expect(upload).toMatchObject({ state: 'failed', attempts: 2 });
    expect(upload!.nextAttemptAt!.getTime() - upload!.lastAttemptAt!.getTime()).toBe(10 * MINUTE_MS);
    now = START + 17 * MINUTE_MS;
    expect((await f.emu.runTimer('uploadShipping', {})).result).toMatchObject({
      ok: true,
      data: { done: true, scanned: 1, accepted: 1, refused: 0 },
    });
    expect(orderDoc(orderId).shipping?.upload).toMatchObject({ state: 'accepted', attempts: 3, nextAttemptAt: null });
    expect(await uploads()).toMatchObject([
      { outTradeNo: orderId, uploads: 1, shippingList: [{ express_company: 'ZTO' }] },
    ]);
    // Nothing is left to retry.
    expect((await f.emu.runTimer('uploadShipping', {})).result).toMatchObject({ ok: true, data: { scanned: 0 } });
  });

  it('an upload whose answer was lost is found on the platform, not uploaded a second time', async () => {
    const { orderId } = await paidOrder('ship-upload-lost');
    f.emu.injectFault({ action: 'wx.openApi', function: 'admin', kind: 'loseResponse', times: 1 });
    const shipped = await call('admin', { $url: 'shipOrder', orderId, carrier: 'EMS', trackingNo: 'E0001' }, ADMIN);
    expect(shipped).toMatchObject({ ok: true, data: { order: { shippingUpload: { state: 'failed' } } } });
    expect(await uploads()).toMatchObject([{ uploads: 1 }]);
    const retried = await call('admin', { $url: 'retryShippingUpload', orderId }, ADMIN);
    expect(retried).toMatchObject({
      ok: true,
      data: { status: 'accepted', order: { shippingUpload: { attempts: 2 } } },
    });
    expect(await uploads()).toMatchObject([{ uploads: 1, shippingList: [{ express_company: 'EMS' }] }]);
  });

  it('an order WeChat Pay does not know is refused (10060001) and raises an alert the merchant can re-drive', async () => {
    const { orderId } = await paidOrder('ship-upload-unknown');
    // The order names a transaction the payment sandbox never made.
    f.emu.emulator.put('orders', orderId, {
      ...(f.emu.emulator.store.scan('orders').find((doc) => doc._id === orderId) as Json),
      payment: { ...orderDoc(orderId).payment, transactionId: '4200000000000000000000000001' },
    });
    const shipped = await call(
      'admin',
      { $url: 'shipOrder', orderId, carrier: '圆通速递', trackingNo: 'YT0001' },
      ADMIN,
    );
    expect(shipped).toMatchObject({
      ok: true,
      data: { status: 'shipped', order: { shippingUpload: { state: 'failed' } } },
    });
    expect(orderDoc(orderId).shipping?.upload?.lastError).toMatch(/^10060001: .*支付单不存在/);
    // Retried three times over a day without success, the watch raises the alert.
    for (const minutes of [6, 17, 38]) {
      now = START + minutes * MINUTE_MS;
      await f.emu.runTimer('uploadShipping', {});
    }
    expect(orderDoc(orderId).shipping?.upload?.attempts).toBe(4);
    const watched = await f.emu.runTimer('watchOperations', {});
    expect(watched.result).toMatchObject({ ok: true });
    const alerts = await call('admin', { $url: 'listAlerts' }, ADMIN);
    // (The settlement these tests keep failing raises its own alert.)
    const shippingAlerts = alerts.ok && alerts.data.items.filter((alert: Json) => alert.kind === 'shipping');
    expect({ ok: alerts.ok, data: { items: shippingAlerts } }).toMatchObject({
      ok: true,
      data: {
        items: [
          {
            id: `shipping:${orderId}`,
            kind: 'shipping',
            condition: 'refused',
            title: '发货信息未能上报微信',
            action: { button: '重新上报', route: { name: 'retryShippingUpload', input: { orderId } } },
          },
        ],
      },
    });
  });
});
